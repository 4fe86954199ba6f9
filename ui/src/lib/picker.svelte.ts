// The service chooser's state: which source is open, what is listed and
// selected, and how the upload is going.
import { backend, errorMessage } from './backend';
import type { FileProgress } from './bindings/FileProgress';
import type { ItemId } from './bindings/ItemId';
import type { Listing } from './bindings/Listing';
import type { PickResult } from './bindings/PickResult';
import type { Source } from './bindings/Source';
import type { DriveItem } from './bindings/DriveItem';
import { emptySelection, type SelectionState } from './selection';

export type View = 'browse' | 'upload' | 'result' | 'settings';

class Picker {
  sources = $state<Source[]>([]);
  sourceId = $state('local');
  view = $state<View>('browse');
  listing = $state<Listing | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  selection = $state<SelectionState>(emptySelection());
  progress = $state<FileProgress[]>([]);
  result = $state<PickResult | null>(null);
  uploading = $state(false);
  /** A sign-in waiting in the browser, and its link for Copy link. */
  connecting = $state(false);
  connectUrl = $state<string | null>(null);
  connectError = $state<string | null>(null);

  get source(): Source | undefined {
    return this.sources.find((s) => s.id === this.sourceId);
  }

  get selectedItems(): DriveItem[] {
    return [...this.selection.selected.values()];
  }

  /** Back to a fresh window's state. */
  reset(): void {
    this.sourceId = 'local';
    this.view = 'browse';
    this.listing = null;
    this.error = null;
    this.selection = emptySelection();
    this.progress = [];
    this.result = null;
    this.uploading = false;
  }

  async start(): Promise<void> {
    try {
      this.sources = await backend().listSources();
    } catch (e) {
      this.error = errorMessage(e);
    }
    await this.choose('local');
  }

  async choose(sourceId: string): Promise<void> {
    if (this.uploading) return;
    if (sourceId !== this.sourceId) this.connectError = null;
    if (sourceId !== this.sourceId) this.selection = emptySelection();
    this.sourceId = sourceId;
    this.view = 'browse';
    this.listing = null;
    if (this.source?.connected) await this.open(null);
  }

  async open(folder: ItemId | null): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.listing = await backend().listFolder(this.sourceId, folder);
      this.selection = { selected: this.selection.selected, anchor: null };
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** Connects the open source through the browser, then opens it. */
  async connect(): Promise<void> {
    const sourceId = this.sourceId;
    this.connecting = true;
    this.connectUrl = null;
    this.connectError = null;
    try {
      this.sources = await backend().connectAccount(sourceId, (url) => {
        this.connectUrl = url;
      });
      if (this.sourceId === sourceId) await this.open(null);
    } catch (e) {
      this.connectError = errorMessage(e);
    } finally {
      this.connecting = false;
      this.connectUrl = null;
    }
  }

  async cancelConnect(): Promise<void> {
    await backend().cancelConnect();
  }

  /** Disconnects the open source: revoked where possible, and forgotten. */
  async disconnect(): Promise<void> {
    try {
      this.sources = await backend().disconnectAccount(this.sourceId);
      this.listing = null;
      this.selection = emptySelection();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Opens the folder above the current one, if there is one. */
  async openParent(): Promise<void> {
    const crumbs = this.listing?.breadcrumbs ?? [];
    if (crumbs.length > 1) await this.open(crumbs[crumbs.length - 2].id);
  }

  async reload(): Promise<void> {
    await this.open(this.listing?.folder.id ?? null);
  }

  clearSelection(): void {
    this.selection = emptySelection();
  }

  async upload(): Promise<void> {
    const items = this.selectedItems;
    if (items.length === 0 || this.uploading) return;
    this.uploading = true;
    this.view = 'upload';
    this.progress = items.map((item, index) => ({
      index,
      filename: item.name,
      status: 'queued',
      bytesDone: 0,
      bytesTotal: item.size,
      error: null,
    }));
    try {
      this.result = await backend().pickFiles(
        { source: this.sourceId, items: items.map((i) => i.id) },
        (p) => {
          this.progress[p.index] = p;
        },
      );
      this.selection = emptySelection();
      this.view = 'result';
    } catch (e) {
      this.error = errorMessage(e);
      this.view = 'browse';
    } finally {
      this.uploading = false;
    }
  }

  async cancelUpload(): Promise<void> {
    await backend().cancelPick();
  }

  pickMore(): void {
    this.result = null;
    this.progress = [];
    this.view = 'browse';
    void this.reload();
  }
}

export const picker = new Picker();
