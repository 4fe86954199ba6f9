// Another application's Open dialog (the desktop's file dialog, through
// xdg-desktop-portal): who asks, for what, its filters, and the answer.
import { backend, errorMessage } from '../backend';
import type { PortalRequest } from '../bindings/PortalRequest';
import { folder } from './folder.svelte';
import { drives } from './drives.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';

class PortalStore {
  /** The request on screen, or null. */
  request = $state.raw<PortalRequest | null>(null);

  /** Set by the app: back to a fresh window once the application is answered. */
  onDone: () => void = () => {};

  /** "org.gnome.Zenity wants to open a file". */
  get asking(): string {
    const r = this.request;
    if (!r) return '';
    const who = r.appId || 'An application';
    switch (r.dialog.kind) {
      case 'open':
        if (r.dialog.directory) return `${who} wants a folder`;
        return `${who} wants to open ${r.dialog.multiple ? 'files' : 'a file'}`;
      case 'save':
        return `${who} wants to save a file`;
      case 'saveFiles':
        return `${who} wants to save files`;
    }
  }

  /** Whether the application saves (the save dialog) rather than opens. */
  get saves(): boolean {
    return this.request !== null && this.request.dialog.kind !== 'open';
  }

  /** The names of what the application saves. */
  get savedNames(): string[] {
    const d = this.request?.dialog;
    if (d?.kind === 'save') return [d.name || 'Untitled'];
    if (d?.kind === 'saveFiles') return d.names;
    return [];
  }

  /** Whether the application asks for a folder rather than files. */
  get wantsFolder(): boolean {
    return this.request?.dialog.kind === 'open' && this.request.dialog.directory;
  }

  /** The accept button: the application's label, else what it does. */
  get acceptLabel(): string {
    return this.request?.acceptLabel || (this.wantsFolder ? 'Select folder' : 'Open');
  }

  /** Why the accept button cannot answer now, or null. */
  get blocked(): string | null {
    if (this.wantsFolder) {
      return drives.source?.provider === 'local' && folder.listing ? null : 'Choose a folder on This computer';
    }
    if (selection.state.selected.size === 0) return 'Select a file';
    return selection.uploadBlocked;
  }

  /** Chooses filter `index`: what the picker greys out follows it. */
  async chooseFilter(index: number): Promise<void> {
    const r = this.request;
    const filter = r?.filters[index];
    if (!r || !filter) return;
    this.request = { ...r, currentFilter: index };
    selection.rules = { ...selection.rules, accept: filter.accept.some((a) => a === '*' || a === '*/*') ? [] : filter.accept };
    await backend().chooseFilter(index);
  }

  /** Answers with the folder on screen (This computer's). */
  async chooseFolder(): Promise<void> {
    const here = folder.listing?.breadcrumbs.at(-1);
    if (this.blocked || !here) return;
    try {
      await backend().chooseFolderForApp(here.id);
      this.finish();
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }

  /** Cancel, Esc or the window's close: the application hears "cancelled". */
  async cancel(): Promise<void> {
    if (!this.request) return;
    await backend().scriptDone(null);
    this.finish();
  }

  /** The application has its answer. */
  finish(): void {
    this.request = null;
    this.onDone();
  }
}

export const portal = new PortalStore();

