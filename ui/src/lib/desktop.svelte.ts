// What the desktop tells the window: files dragged over it and dropped on
// it (saved to the cloud folder on screen, folders and all), the tray's
// Pause/Resume, and a view to show when a notification or the tray is clicked.
import { backend, errorMessage } from './backend';
import type { FileProgress } from './bindings/FileProgress';
import type { PickResult } from './bindings/PickResult';
import type { StoreTo } from './bindings/StoreTo';
import type { WindowEvent } from './bindings/WindowEvent';
import { picker } from './picker.svelte';

/** Where a drop goes: a folder on a cloud drive, named as the user reads it. */
export interface DropTarget {
  to: StoreTo;
  place: string;
}

/** A drop being saved, or saved. */
export interface DropTask {
  place: string;
  progress: FileProgress[];
  result: PickResult | null;
  error: string | null;
}

/** The `source` of a file given by its path on this computer (the engine's `PATH_SOURCE`). */
export const PATH_SOURCE = 'path';

class Desktop {
  dragging = $state(false);
  drop = $state<DropTask | null>(null);
  transfersPaused = $state(false);

  /** The cloud folder on screen, or why a drop cannot go there. */
  get target(): DropTarget | string {
    const source = picker.source;
    const listing = picker.listing;
    if (picker.view !== 'browse' || !source || !listing || picker.results !== null) {
      return 'Open a folder on a cloud drive to save dropped files there';
    }
    if (source.provider === 'local') return 'Open a folder on a cloud drive to save dropped files there';
    if (source.provider === 'clouddrive') return 'Amazon Cloud Drive has closed: files cannot be saved there';
    if (!source.connected) return `Connect ${source.name} to save dropped files there`;
    const path = '/' + listing.breadcrumbs.slice(1).map((f) => f.name).join('/');
    return { to: { location: source.id, path }, place: `${picker.labelOf(source.id)}${path}` };
  }

  async start(): Promise<void> {
    await backend().watchWindow((event) => void this.handle(event));
  }

  async handle(event: WindowEvent): Promise<void> {
    switch (event.kind) {
      case 'show':
        if (event.view === 'activity') await picker.showActivity();
        else if (picker.view !== 'upload') picker.view = 'browse';
        break;
      case 'dragEnter':
        this.dragging = true;
        break;
      case 'dragLeave':
        this.dragging = false;
        break;
      case 'drop':
        this.dragging = false;
        await this.save(event.paths);
        break;
      case 'transfers':
        this.transfersPaused = event.paused;
        break;
    }
  }

  /** Saves dropped files and folders to the folder on screen; a taken name keeps both. */
  async save(paths: string[]): Promise<void> {
    const target = this.target;
    if (typeof target === 'string') {
      picker.notice = target;
      return;
    }
    const task: DropTask = { place: target.place, progress: [], result: null, error: null };
    this.drop = task;
    const items = paths.map((id) => ({ source: PATH_SOURCE, id }));
    try {
      const result = await backend().exportFiles({ items, to: target.to, onConflict: 'rename' }, (p) => {
        const progress = [...(this.drop?.progress ?? [])];
        progress[p.index] = p;
        if (this.drop) this.drop = { ...this.drop, progress };
      });
      this.drop = { ...(this.drop ?? task), result };
      await picker.reload();
    } catch (e) {
      this.drop = { ...(this.drop ?? task), error: errorMessage(e) };
    }
  }
}

export const desktop = new Desktop();
