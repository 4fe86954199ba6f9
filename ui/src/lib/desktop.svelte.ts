// What the desktop tells the window: files dragged over it and dropped on
// it (saved to the cloud folder on screen, folders and all), the tray's
// Pause/Resume, and a view to show when a notification or the tray is clicked.
import type { GivenPath } from './bindings/GivenPath';
import { backend, errorMessage } from './backend';
import type { FileProgress } from './bindings/FileProgress';
import type { PickResult } from './bindings/PickResult';
import type { StoreTo } from './bindings/StoreTo';
import type { WindowEvent } from './bindings/WindowEvent';
import type { DriveItem } from './bindings/DriveItem';
import { PATH_SOURCE, app } from './state/app.svelte';
import { drives } from './state/drives.svelte';
import { folder } from './state/folder.svelte';
import { history } from './state/history.svelte';
import { search } from './state/search.svelte';
import { selection } from './state/selection.svelte';
import { shell } from './state/shell.svelte';

export { PATH_SOURCE };

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

/** How long a drop that all landed stays on screen. */
const DONE_SHOWN_MS = 8000;


class Desktop {
  dragging = $state(false);
  drop = $state<DropTask | null>(null);
  transfersPaused = $state(false);
  /** Counts drops, so that a toast's timer closes only its own. */
  private drops = 0;

  /** The cloud folder on screen, or why a drop cannot go there. */
  get target(): DropTarget | string {
    const source = drives.source;
    const listing = folder.listing;
    if (shell.view !== 'browse' || !source || !listing || search.active) {
      return 'Open a folder on a cloud drive to save dropped files there';
    }
    if (source.provider === 'local') return 'Open a folder on a cloud drive to save dropped files there';
    if (source.closed !== null) return `${source.name} has closed: files cannot be saved there`;
    if (!source.connected) return `Connect ${source.name} to save dropped files there`;
    const path = '/' + listing.breadcrumbs.slice(1).map((f) => f.name).join('/');
    return { to: { location: source.id, path }, place: `${drives.labelOf(source.id)}${path}` };
  }

  /** Files made ready to be dragged out: their local paths, by drive, id and version. */
  private staged = new Map<string, Promise<string | null>>();
  private ready = new Map<string, string>();

  /** Starts getting `item` ready to be dragged out: on a press, before any drag begins. */
  prepareDrag(source: string, item: DriveItem): Promise<string | null> {
    const key = dragKey(source, item);
    let staged = this.staged.get(key);
    if (!staged) {
      staged = backend()
        .stageDrag(source, item.id)
        .then((path) => {
          this.ready.set(key, path);
          return path;
        })
        .catch((e) => {
          this.staged.delete(key);
          shell.notice = errorMessage(e);
          return null;
        });
      this.staged.set(key, staged);
    }
    return staged;
  }

  /** A drag out of the window: the file (or the selected files of this drive) as
   * local files, for the desktop or a file manager to copy. Not ready yet: no drag. */
  dragStart(event: DragEvent, source: string, item: DriveItem): void {
    const items = selection.isSelected(item)
      ? selection.items.filter((p) => p.source === source && p.item.kind === 'file').map((p) => p.item)
      : [item];
    const paths = items.map((i) => {
      void this.prepareDrag(source, i);
      return this.ready.get(dragKey(source, i));
    });
    if (!event.dataTransfer || paths.some((p) => !p)) {
      event.preventDefault();
      shell.notice = `Getting ${items.length === 1 ? item.name : `${items.length} files`} ready to drag out… drag again in a moment`;
      return;
    }
    event.dataTransfer.effectAllowed = 'copy';
    event.dataTransfer.setData('text/uri-list', paths.map((p) => fileUrl(p!)).join('\r\n'));
    event.dataTransfer.setData('text/plain', paths.join('\n'));
  }

  async start(): Promise<void> {
    await backend().watchWindow((event) => void this.handle(event));
  }

  async handle(event: WindowEvent): Promise<void> {
    switch (event.kind) {
      case 'show':
        if (event.view === 'activity') await history.showActivity();
        else if (shell.view !== 'upload') shell.view = 'browse';
        break;
      case 'dragEnter':
        this.dragging = true;
        break;
      case 'dragLeave':
        this.dragging = false;
        break;
      case 'drop':
        this.dragging = false;
        await this.save(event.files);
        break;
      case 'transfers':
        this.transfersPaused = event.paused;
        break;
      case 'scriptPick':
        // A fresh pick with the script's drives, restrictions and storage.
        app.reset();
        await app.start();
        break;
    }
  }

  /** Saves dropped files and folders to the folder on screen; a taken name keeps both. */
  async save(files: GivenPath[]): Promise<void> {
    const target = this.target;
    if (typeof target === 'string') {
      shell.notice = target;
      return;
    }
    const task: DropTask = { place: target.place, progress: [], result: null, error: null };
    const serial = ++this.drops;
    this.drop = task;
    // Named by the tokens the shell gave: the engine takes no other path.
    const items = files.map((file) => ({ source: PATH_SOURCE, id: file.token }));
    try {
      const result = await backend().exportFiles({ items, to: target.to, onConflict: 'rename' }, (p) => {
        const progress = [...(this.drop?.progress ?? [])];
        progress[p.index] = p;
        if (this.drop) this.drop = { ...this.drop, progress };
      });
      this.drop = { ...(this.drop ?? task), result };
      // A drop that all landed goes by itself, as a toast; failures stay until read.
      if (result.filesFailed.length === 0) {
        setTimeout(() => {
          if (this.drops === serial) this.drop = null;
        }, DONE_SHOWN_MS);
      }
      await folder.reload();
    } catch (e) {
      this.drop = { ...(this.drop ?? task), error: errorMessage(e) };
    }
  }
}

function dragKey(source: string, item: DriveItem): string {
  return `${source}|${item.id}|${item.modified ?? ''}|${item.size ?? ''}`;
}

/** The file:// URL of a local path, each part escaped. */
export function fileUrl(path: string): string {
  return 'file://' + path.split('/').map(encodeURIComponent).join('/');
}

export const desktop = new Desktop();
