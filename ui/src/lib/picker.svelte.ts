// The service chooser's state: which source is open, what is listed and
// selected, and how the upload is going.
import { backend, errorMessage } from './backend';
import type { FileProgress } from './bindings/FileProgress';
import type { ItemId } from './bindings/ItemId';
import type { Listing } from './bindings/Listing';
import type { PickResult } from './bindings/PickResult';
import type { Source } from './bindings/Source';
import type { SourcesUpdate } from './bindings/SourcesUpdate';
import type { DriveItem } from './bindings/DriveItem';
import { emptySelection, type SelectionState } from './selection';

/** `connect`: signing in to another account of the open drive. */
export type View = 'browse' | 'connect' | 'upload' | 'result' | 'settings';

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
  /** A password sign-in (Alfresco) waiting for its server. */
  signingIn = $state(false);

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
      // Accounts kept from earlier runs open in the background.
      void backend().watchSources((sources) => this.adopt(sources));
    } catch (e) {
      this.error = errorMessage(e);
    }
    await this.choose('local');
  }

  /** Takes a new list of sources; an open account that was replaced (it
   * reconnected, or went) gives way to its drive's first entry. */
  private adopt(sources: Source[]): void {
    const before = this.source;
    this.sources = sources;
    const now = this.source;
    if (!before || this.view === 'settings') return;
    if (!now) {
      const next = sources.find((s) => s.provider === before.provider);
      if (next) void this.choose(next.id);
    } else if (now.connected && !before.connected && !this.listing) {
      void this.open(null);
    }
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

  /** Signs in to the open source's drive through the browser (another
   * account when one is open), then opens the account. */
  async connect(): Promise<void> {
    const provider = this.source?.provider ?? this.sourceId;
    this.connectUrl = null;
    await this.signIn(() =>
      backend().connectAccount(provider, (url) => {
        this.connectUrl = url;
      }),
    );
    this.connectUrl = null;
  }

  /** Signs in to Alfresco with a user name and password; true when signed in. */
  async connectAlfresco(server: string, user: string, password: string): Promise<boolean> {
    this.signingIn = true;
    try {
      return await this.signIn(() => backend().connectAlfresco(server, user, password), false);
    } finally {
      this.signingIn = false;
    }
  }

  /** Runs a sign-in, then shows the account it opened. */
  private async signIn(run: () => Promise<SourcesUpdate>, inBrowser = true): Promise<boolean> {
    const sourceId = this.sourceId;
    this.connecting = inBrowser;
    this.connectError = null;
    if (this.source?.connected) this.view = 'connect';
    try {
      const update = await run();
      this.sources = update.sources;
      if (this.sourceId === sourceId) {
        this.sourceId = update.current;
        this.selection = emptySelection();
        this.view = 'browse';
        await this.open(null);
      }
      return true;
    } catch (e) {
      this.connectError = errorMessage(e);
      return false;
    } finally {
      this.connecting = false;
    }
  }

  async cancelConnect(): Promise<void> {
    await backend().cancelConnect();
    if (this.view === 'connect') this.view = 'browse';
  }

  /** Disconnects the open account: revoked where possible, and forgotten.
   * The drive's next account, or its Connect page, takes its place. */
  async disconnect(): Promise<void> {
    try {
      const update = await backend().disconnectAccount(this.sourceId);
      this.sources = update.sources;
      this.listing = null;
      this.selection = emptySelection();
      this.sourceId = update.current;
      if (this.source?.connected) await this.open(null);
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
