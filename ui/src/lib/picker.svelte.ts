// The service chooser's state: which source is open, what is listed and
// selected, and how the upload is going.
import { backend, errorMessage } from './backend';
import type { FileProgress } from './bindings/FileProgress';
import type { ItemId } from './bindings/ItemId';
import type { FolderPage } from './bindings/FolderPage';
import type { PickResult } from './bindings/PickResult';
import type { Activity } from './bindings/Activity';
import type { RecentItem } from './bindings/RecentItem';
import type { StoreTo } from './bindings/StoreTo';
import type { ScriptPick } from './bindings/ScriptPick';
import type { Source } from './bindings/Source';
import type { SourcesUpdate } from './bindings/SourcesUpdate';
import type { DriveItem } from './bindings/DriveItem';
import { emptySelection, extendTo, keyOf, remove, selectAll, toggle, togglePicked, type Picked, type SelectionState } from './selection';
import type { KeyActions } from './keys';
import type { Transform } from './bindings/Transform';
import type { Edit } from './editor';
import type { Restrictions } from './bindings/Restrictions';
import { NO_RESTRICTIONS, needsMeasuring, refuses, refusesCount, refusesImage } from './restrictions';
import { BY_NAME, nextSort, sortBy, type Sort, type SortKey } from './sorting';

/** `connect`: signing in to another account of the open drive. */
/** Uploads of this size and more to Dropbox, OneDrive and Box are journaled
 * and can be paused (the engine's `RESUMABLE_FROM`). */
export const RESUMABLE_FROM = 8 * 1024 * 1024;

export type View = 'browse' | 'connect' | 'upload' | 'result' | 'settings' | 'recent' | 'activity';

class Picker {
  sources = $state<Source[]>([]);
  sourceId = $state('local');
  view = $state<View>('browse');
  /** The open folder: its items so far, and whether more pages follow. Raw:
   * a 10,000-item folder is replaced on each page, never proxied item by item. */
  listing = $state.raw<FolderPage | null>(null);
  loading = $state(false);
  loadingMore = $state(false);
  sort = $state<Sort>(BY_NAME);
  /** The drive's search: the words, and what it found (null when not searching). */
  query = $state('');
  results = $state.raw<DriveItem[] | null>(null);
  searching = $state(false);
  /** The rows on screen: search results or the folder, in the chosen order. */
  rows = $derived(sortBy(this.results ?? this.listing?.items ?? [], this.sort));
  /** Where the list is: a new page of the same folder keeps the scroll, a new folder or search does not. */
  place = $derived(`${this.sourceId}|${this.listing?.folder.id}|${this.results ? this.query : ''}`);
  /** The row the keyboard is on; the details pane shows it. */
  cursor = $state(0);
  showDetails = $state(false);
  layout = $state<'list' | 'grid'>('list');
  error = $state<string | null>(null);
  selection = $state<SelectionState>(emptySelection());
  /** What can be picked (Settings), and the last limit the user ran into. */
  rules = $state.raw<Restrictions>(NO_RESTRICTIONS);
  notice = $state<string | null>(null);
  /** Images measured against the size limits: why each is refused, or null. */
  measured = $state.raw(new Map<string, string | null>());
  progress = $state<FileProgress[]>([]);
  /** The files of the running (or last) upload, in the order of `progress`. */
  picked = $state.raw<Picked[]>([]);
  /** Edits made in the image editor, by selection key: applied on upload. */
  edits = $state.raw(new Map<string, { edit: Edit; transform: Transform }>());
  /** The image open in the editor: a selected one, or a stored copy. */
  editing = $state.raw<Picked | null>(null);
  /** The save dialog is open, for these files (the selection, or a stored copy). */
  saving = $state(false);
  saveFiles = $state.raw<Picked[]>([]);
  /** The stored copy the editor is on, when it was opened from Activity. */
  editingStored = $state.raw<{ activity: number; position: number } | null>(null);
  /** When it started, for the speed. */
  started = $state(0);
  result = $state<PickResult | null>(null);
  uploading = $state(false);
  /** A sign-in waiting in the browser, and its link for Copy link. */
  connecting = $state(false);
  connectUrl = $state<string | null>(null);
  connectError = $state<string | null>(null);
  /** A password sign-in (Alfresco) waiting for its server. */
  signingIn = $state(false);
  /** Where the next upload goes (null: the storage folder), and how. */
  storeTo = $state<StoreTo | null>(null);
  linkOnly = $state(false);
  /** The drive the save dialog starts on (a script's `--to dropbox`). */
  saveDrive = $state<string | null>(null);
  /** The pick a script waits for (`cloudpick pick`), with its drives and storage. */
  script = $state.raw<ScriptPick | null>(null);
  reuseDuplicates = $state(false);
  /** The history, as Recent and Activity last loaded it. */
  recent = $state.raw<RecentItem[] | null>(null);
  activity = $state.raw<Activity[] | null>(null);

  /** The sources the sidebar lists: all, or those a script's `--from` names. */
  get shownSources(): Source[] {
    const from = this.script?.from ?? [];
    return from.length === 0 ? this.sources : this.sources.filter((s) => from.includes(s.provider));
  }

  get source(): Source | undefined {
    return this.sources.find((s) => s.id === this.sourceId);
  }

  /** How a source is named on screen: its drive, and the account when it has one. */
  labelOf(source: string): string {
    const found = this.sources.find((s) => s.id === source);
    if (!found) return source;
    const who = found.account?.email ?? found.account?.displayName;
    return who ? `${found.name} · ${who}` : found.name;
  }

  /** Opens the save dialog for `files`. */
  saveTo(files: Picked[]): void {
    this.saveFiles = files;
    this.saving = files.length > 0;
  }

  /** The selection, across folders and drives, in the order it was made. */
  get selectedItems(): Picked[] {
    return [...this.selection.selected.values()];
  }

  isSelected(item: DriveItem): boolean {
    return this.selection.selected.has(keyOf(this.sourceId, item.id));
  }

  /** Back to a fresh window's state. */
  reset(): void {
    this.sourceId = 'local';
    this.view = 'browse';
    this.listing = null;
    this.results = null;
    this.query = '';
    this.sort = BY_NAME;
    this.cursor = 0;
    this.rules = NO_RESTRICTIONS;
    this.storeTo = null;
    this.linkOnly = false;
    this.script = null;
    this.saveDrive = null;
    this.reuseDuplicates = false;
    this.notice = null;
    this.measured = new Map();
    this.layout = 'list';
    this.showDetails = false;
    this.picked = [];
    this.error = null;
    this.selection = emptySelection();
    this.edits = new Map();
    this.editing = null;
    this.editingStored = null;
    this.saving = false;
    this.saveFiles = [];
    this.progress = [];
    this.result = null;
    this.uploading = false;
  }

  async start(): Promise<void> {
    try {
      const settings = await backend().getSettings();
      this.script = await backend().scriptPick();
      this.rules = settings.restrictions;
      this.storeTo = this.script?.storeTo ?? settings.storeTo;
      this.linkOnly = this.script?.linkOnly ?? false;
      this.sources = await backend().listSources();
      // Accounts kept from earlier runs open in the background.
      void backend().watchSources((sources) => this.adopt(sources));
    } catch (e) {
      this.error = errorMessage(e);
    }
    const first = this.shownSources.find((s) => s.provider === 'local') ?? this.shownSources[0];
    await this.choose(first?.id ?? 'local');
    const save = this.script?.save;
    if (save) {
      this.saveDrive = save.drive;
      this.saveTo(save.files.map((path) => ({ source: PATH_SOURCE, item: localFile(path, save.name) })));
    }
  }

  /** The save dialog closed: a script that opened it gets what it saved, or a cancel. */
  closeSave(result: PickResult | null): void {
    this.saving = false;
    if (this.script?.save) {
      this.script = null;
      void backend().scriptDone(result);
    }
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
    if (sourceId !== this.sourceId) this.selection = { selected: this.selection.selected, anchor: null };
    this.sourceId = sourceId;
    this.view = 'browse';
    this.listing = null;
    this.clearSearch();
    if (this.source?.connected) await this.open(null);
  }

  async open(folder: ItemId | null): Promise<void> {
    this.loading = true;
    this.error = null;
    this.results = null;
    this.query = '';
    try {
      this.listing = await backend().openFolder(this.sourceId, folder);
      this.selection = { selected: this.selection.selected, anchor: null };
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** Loads the folder's next page, if there is one (the list scrolled near its end). */
  async loadMore(): Promise<void> {
    const listing = this.listing;
    if (!listing?.more || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await backend().moreItems(listing.listing);
      // The folder may have changed while the page was on its way.
      if (this.listing === listing) {
        this.listing = { ...listing, items: listing.items.concat(page.items), more: page.more };
      }
    } catch (e) {
      if (this.listing === listing) {
        this.listing = { ...listing, more: false };
        this.error = errorMessage(e);
      }
    } finally {
      this.loadingMore = false;
    }
  }

  /** Orders the list by a column; sorting needs every page, so the rest load first. */
  async sortBy(key: SortKey): Promise<void> {
    while (this.listing?.more && !this.error) await this.loadMore();
    this.sort = nextSort(this.sort, key);
  }

  /** Searches the open drive with the provider's search. */
  async search(query: string): Promise<void> {
    this.query = query;
    if (!query.trim()) {
      this.results = null;
      return;
    }
    this.searching = true;
    this.error = null;
    try {
      const found = await backend().searchDrive(this.sourceId, query);
      if (this.query === query) this.results = found;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.searching = false;
    }
  }

  clearSearch(): void {
    this.query = '';
    this.results = null;
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
        this.selection = { selected: this.selection.selected, anchor: null };
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
      const gone = this.sourceId;
      const update = await backend().disconnectAccount(gone);
      this.sources = update.sources;
      this.listing = null;
      this.selection = remove(this.selection, gone);
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
    if (this.results !== null) await this.search(this.query);
    else await this.open(this.listing?.folder.id ?? null);
  }

  /** A click or Enter on an item: a folder opens, a file is selected or
   * unselected; with Shift, the range from the last one is selected. */
  activate(items: DriveItem[], index: number, shift: boolean): void {
    const item = items[index];
    this.cursor = index;
    if (!item) return;
    if (item.kind === 'folder' && !shift) void this.open(item.id);
    else if (!shift && this.refusal(item)) this.notice = `${item.name}: ${this.refusal(item)}`;
    else this.select(shift ? extendTo(this.selection, this.sourceId, items, index) : toggle(this.selection, this.sourceId, items, index));
  }

  /** What the keys do on `items`; `move` puts the cursor on a row and shows it. */
  keyActions(items: DriveItem[], move: (index: number) => void): KeyActions {
    return {
      move: (index, shift) => {
        this.cursor = index;
        if (shift) this.select(extendTo(this.selection, this.sourceId, items, index));
        move(index);
      },
      open: (index) => this.activate(items, index, false),
      toggle: (index) => {
        const item = items[index];
        if (item && this.refusal(item)) this.notice = `${item.name}: ${this.refusal(item)}`;
        else this.select(toggle(this.selection, this.sourceId, items, index));
      },
      selectAll: () => {
        this.select(selectAll(this.selection, this.sourceId, items));
      },
      clear: () => this.clearSelection(),
    };
  }

  /** Takes a new selection, without the files the restrictions refuse; one
   * that would pass the most files allowed is not taken, and says so. */
  private select(next: SelectionState): void {
    const selected = new Map(
      [...next.selected].filter(([key, p]) => refuses(this.rules, p.item) === null && !this.measured.get(key)),
    );
    const max = this.rules.max_files;
    if (max !== null && selected.size > max && selected.size > this.selection.selected.size) {
      this.notice = `You can pick at most ${max} ${max === 1 ? 'file' : 'files'}: unselect one to choose another`;
      return;
    }
    this.notice = null;
    this.selection = { selected, anchor: next.anchor };
    for (const [key, p] of selected) {
      if (needsMeasuring(this.rules, p.item) && !this.measured.has(key)) void this.measure(key, p);
    }
  }

  /** Why `item` in view cannot be picked: the rules, or its measured size. */
  refusal(item: DriveItem): string | null {
    return this.refusalOf(this.sourceId, item);
  }

  /** Why a file of `source` cannot be picked, if it cannot. */
  refusalOf(source: string, item: DriveItem): string | null {
    return refuses(this.rules, item) ?? this.measured.get(keyOf(source, item.id)) ?? null;
  }

  /** Shows Recent: the files picked lately, from every drive. */
  async showRecent(): Promise<void> {
    if (this.uploading) return;
    this.view = 'recent';
    this.notice = null;
    this.error = null;
    try {
      this.recent = await backend().getRecent();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Shows Activity: every pick, with its files and result. */
  async showActivity(): Promise<void> {
    if (this.uploading) return;
    this.view = 'activity';
    this.error = null;
    this.notice = null;
    try {
      this.activity = await backend().getActivity();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Selects or unselects a file listed in Recent, on its own drive. */
  toggleRecent({ source, item }: RecentItem): void {
    const reason = this.refusalOf(source, item);
    if (reason && !this.selection.selected.has(keyOf(source, item.id))) this.notice = `${item.name}: ${reason}`;
    else this.select(togglePicked(this.selection, { source, item }));
  }

  /** Deletes a stored copy (the original stays); Activity shows it removed. */
  async removeStored(activity: number, position: number): Promise<void> {
    await backend().removeStored(activity, position);
    this.activity = await backend().getActivity();
  }

  /** Measures a selected image; one outside the size limits leaves the selection, saying why. */
  private async measure(key: string, { source, item }: Picked): Promise<void> {
    let reason: string | null;
    try {
      reason = refusesImage(this.rules, await backend().imageSize(source, item.id));
    } catch (e) {
      reason = errorMessage(e);
    }
    this.measured = new Map(this.measured).set(key, reason);
    if (reason && this.selection.selected.has(key)) {
      this.selection = remove(this.selection, source, item.id);
      this.notice = `${item.name}: ${reason}`;
    }
  }

  /** Why the selection cannot be uploaded yet (too few files), or null. */
  get uploadBlocked(): string | null {
    return refusesCount(this.rules, this.selection.selected.size);
  }

  clearSelection(): void {
    this.selection = emptySelection();
    this.edits = new Map();
  }

  /** Copies the selection to the storage location, with progress per file. */
  async upload(): Promise<void> {
    const picked = this.selectedItems;
    if (picked.length === 0 || this.uploading || this.uploadBlocked) return;
    this.result = null;
    if (await this.run(picked)) this.selection = emptySelection();
  }

  /** Tries the files that failed again; what is stored already stays. */
  async retryFailed(): Promise<void> {
    const failed = this.picked.filter((_, i) => this.progress[i]?.status === 'failed');
    if (failed.length === 0 || this.uploading) return;
    await this.run(failed);
  }

  /** Runs one pick of `picked`; the result adds to the one on screen. */
  private async run(picked: Picked[]): Promise<boolean> {
    this.uploading = true;
    this.view = 'upload';
    this.picked = picked;
    this.started = Date.now();
    this.progress = picked.map(({ item }, index) => ({
      index,
      filename: item.name,
      status: 'queued',
      bytesDone: 0,
      bytesTotal: item.size,
      error: null,
    }));
    try {
      const result = await backend().pickFiles(
        {
          items: picked.map(({ source, item }) => ({
            source,
            id: item.id,
            transform: this.edits.get(keyOf(source, item.id))?.transform,
          })),
          storeTo: this.storeTo ?? undefined,
          linkOnly: this.linkOnly,
          reuseDuplicates: this.reuseDuplicates,
        },
        (p) => {
          this.progress[p.index] = p;
        },
      );
      const earlier = this.result?.filesUploaded ?? [];
      this.result = { filesUploaded: [...earlier, ...result.filesUploaded], filesFailed: result.filesFailed };
      this.view = 'result';
      return true;
    } catch (e) {
      this.error = errorMessage(e);
      this.view = 'browse';
      return false;
    } finally {
      this.uploading = false;
    }
  }

  /** Whether a file of the running upload can be paused: a large file going
   * to a drive with resumable uploads. */
  canPause(index: number): boolean {
    const size = this.picked[index]?.item.size ?? 0;
    const location = this.storeTo?.location ?? '';
    const drive = this.sources.find((s) => s.id === location) ?? this.sources.find((s) => s.provider === location.split(':')[0]);
    return !this.linkOnly && size >= RESUMABLE_FROM && (drive?.capabilities.resumableUpload ?? false);
  }

  async pauseFile(index: number): Promise<void> {
    await backend().pausePickFile(index);
  }

  /** Goes on with a paused upload from Activity (or gives it up), then shows Activity as it is. */
  async resumeTransfer(activity: number, position: number, cancel = false): Promise<void> {
    try {
      if (cancel) await backend().cancelTransfer(activity, position);
      else await backend().resumeTransfer(activity, position);
    } finally {
      this.activity = await backend().getActivity();
    }
  }

  /** Stops one file of the running upload. */
  async cancelFile(index: number): Promise<void> {
    await backend().cancelPickFile(index);
  }

  /** Opens a selected image in the editor. */
  edit(picked: Picked): void {
    this.editingStored = null;
    this.editing = picked;
  }

  /** Opens a stored copy (from Activity) in the editor. */
  async editStoredCopy(activity: number, position: number): Promise<void> {
    try {
      const { source, item } = await backend().storedItem(activity, position);
      this.editingStored = { activity, position };
      this.editing = { source, item };
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Opens the save dialog on stored copies (from Activity, or the result of the last pick). */
  async saveStoredCopies(copies: { activity: number; position: number }[]): Promise<void> {
    try {
      const files = await Promise.all(copies.map((c) => backend().storedItem(c.activity, c.position)));
      this.saveTo(files);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Opens the save dialog on the copies the last pick stored (the result's Save to…). */
  async saveLastPick(): Promise<void> {
    try {
      const [last] = await backend().getActivity();
      const stored = last?.files.filter((f) => f.state === 'stored') ?? [];
      await this.saveStoredCopies(stored.map((f) => ({ activity: last.id, position: f.position })));
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  closeEditor(): void {
    this.editing = null;
    this.editingStored = null;
  }

  /** Keeps (or, with null, forgets) the editor's edit of a selected image;
   * for a stored copy, stores the edit beside it and shows Activity anew. */
  async saveEdit(picked: Picked, edit: { edit: Edit; transform: Transform } | null): Promise<void> {
    const stored = this.editingStored;
    if (stored) {
      this.closeEditor();
      if (!edit) return;
      try {
        const result = await backend().editStored(stored.activity, stored.position, edit.transform);
        const failed = result.filesFailed[0];
        this.notice = failed ? failed.error : `Saved the edit as ${result.filesUploaded[0]?.filename}`;
      } catch (e) {
        this.error = errorMessage(e);
      }
      this.activity = await backend().getActivity();
      return;
    }
    const edits = new Map(this.edits);
    const key = keyOf(picked.source, picked.item.id);
    if (edit) edits.set(key, edit);
    else edits.delete(key);
    this.edits = edits;
    this.closeEditor();
  }

  /** Takes a file (or every file of a source) out of the selection. */
  unselect(source: string, id?: string): void {
    this.selection = remove(this.selection, source, id);
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

/** The `source` of a file given by its path on this computer (the engine's `PATH_SOURCE`). */
export const PATH_SOURCE = 'path';

/** A file of this computer by its absolute path, as the save dialog lists it. */
function localFile(path: string, name: string | null): DriveItem {
  const own = path.split('/').pop() ?? path;
  return { id: path, name: name ?? own, kind: 'file', size: null, modified: null, displayPath: path, mimeType: null, hash: null };
}
