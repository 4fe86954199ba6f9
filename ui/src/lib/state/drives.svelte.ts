// The drives and accounts the sidebar lists, the one that is open, and signing in and out.
import { backend, errorMessage } from '../backend';
import type { ObjectStore } from '../bindings/ObjectStore';
import type { Source } from '../bindings/Source';
import type { SourcesUpdate } from '../bindings/SourcesUpdate';
import { remove } from '../selection';
import { recall, remember } from '../lastSession';
import { app } from './app.svelte';
import { folder } from './folder.svelte';
import { search } from './search.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';
import { upload } from './upload.svelte';

class DrivesStore {
  #sources = $state<Source[]>([]);

  /** The sidebar's drives and accounts, as the engine last said; kept for the next window. */
  get sources(): Source[] {
    return this.#sources;
  }

  set sources(sources: Source[]) {
    this.#sources = sources;
    remember(sources);
  }

  /** Lists the last session's drives at once, until the engine answers. */
  showLast(): void {
    const last = recall();
    if (last && this.#sources.length === 0) this.#sources = last;
  }

  sourceId = $state('local');

  /** A sign-in waiting in the browser, and its link for Copy link. */
  connecting = $state(false);

  connectUrl = $state<string | null>(null);

  connectError = $state<string | null>(null);

  /** A password sign-in (Alfresco) waiting for its server. */
  signingIn = $state(false);

  /** The sources the sidebar lists: all, or those a script's `--from` names,
   * or else Settings' "Pick from" (Filestack's `fromSources`). */
  get shownSources(): Source[] {
    const script = app.script?.from ?? [];
    const from = script.length > 0 ? script : (selection.rules.from_sources ?? []);
    return from.length === 0 ? this.sources : this.sources.filter((s) => from.includes(s.provider));
  }

  get source(): Source | undefined {
    return this.sources.find((s) => s.id === this.sourceId);
  }

  /** A drive's name by its kind (`dropbox` → "Dropbox"), as the sources list it. */
  nameOf(kind: string): string {
    return this.sources.find((s) => s.provider === kind)?.name ?? kind;
  }

  /** How a source is named on screen: its drive, and the account when it has one. */
  labelOf(source: string): string {
    // A file of this computer given by its path (dropped, saved by an application).
    if (source === 'path') return this.nameOf('local');
    const found = this.sources.find((s) => s.id === source);
    if (!found) return source;
    const who = found.account?.email ?? found.account?.displayName;
    return who && who !== found.name ? `${found.name} · ${who}` : found.name;
  }

  /** Takes a new list of sources; an open account that was replaced (it
   * reconnected, or went) gives way to its drive's first entry. */
  adopt(sources: Source[]): void {
    const before = this.source;
    this.sources = sources;
    const now = this.source;
    if (!before || shell.view === 'settings') return;
    if (!now) {
      const next = sources.find((s) => s.provider === before.provider);
      if (next) void this.choose(next.id);
    } else if (now.connected && !before.connected && !folder.listing) {
      void folder.open(null);
    }
  }

  async choose(sourceId: string): Promise<void> {
    if (upload.uploading) return;
    if (sourceId !== this.sourceId) this.connectError = null;
    if (sourceId !== this.sourceId) selection.state = { selected: selection.state.selected, anchor: null };
    this.sourceId = sourceId;
    shell.view = 'browse';
    folder.listing = null;
    search.clear();
    if (this.source?.connected) await folder.open(null);
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
  async connectAlfresco(server: string, user: string, password: string, plainHttp = false): Promise<boolean> {
    this.signingIn = true;
    try {
      return await this.signIn(() => backend().connectAlfresco(server, user, password, plainHttp), false);
    } finally {
      this.signingIn = false;
    }
  }

  /** Connects S3 or Azure Blob with keys from the form; true when connected.
   * From Settings (`open` false) the new account is listed but not opened. */
  async connectStore(provider: string, store: ObjectStore, secret: string, sas: boolean, open = true): Promise<boolean> {
    this.signingIn = true;
    try {
      return await this.signIn(() => backend().connectStore(provider, store, secret, sas), false, open);
    } finally {
      this.signingIn = false;
    }
  }

  /** Runs a sign-in, then shows the account it opened. */
  private async signIn(run: () => Promise<SourcesUpdate>, inBrowser = true, open = true): Promise<boolean> {
    const sourceId = this.sourceId;
    this.connecting = inBrowser;
    this.connectError = null;
    if (open && this.source?.connected) shell.view = 'connect';
    try {
      const update = await run();
      this.sources = update.sources;
      if (open && this.sourceId === sourceId) {
        this.sourceId = update.current;
        selection.state = { selected: selection.state.selected, anchor: null };
        shell.view = 'browse';
        await folder.open(null);
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
    if (shell.view === 'connect') shell.view = 'browse';
  }

  /** Disconnects the open account: revoked where possible, and forgotten.
   * The drive's next account, or its Connect page, takes its place. */
  async disconnect(): Promise<void> {
    try {
      const gone = this.sourceId;
      const update = await backend().disconnectAccount(gone);
      this.sources = update.sources;
      folder.listing = null;
      selection.state = remove(selection.state, gone);
      this.sourceId = update.current;
      if (this.source?.connected) await folder.open(null);
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }
}

export const drives = new DrivesStore();
