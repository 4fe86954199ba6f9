// The open folder: its items page by page, their order, the row the keyboard is on, and how they are shown.
import { backend, errorMessage } from '../backend';
import type { ItemId } from '../bindings/ItemId';
import type { FolderPage } from '../bindings/FolderPage';
import type { Retrying } from '../bindings/Retrying';
import { BY_NAME, nextSort, sortBy, type Sort, type SortKey } from '../sorting';
import { drives } from './drives.svelte';
import { search } from './search.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';

/** How long a folder may take to open before the window says it waits, in milliseconds. */
export const SLOW = 1000;

class FolderStore {
  /** The open folder: its items so far, and whether more pages follow. Raw:
   * a 10,000-item folder is replaced on each page, never proxied item by item. */
  listing = $state.raw<FolderPage | null>(null);

  loading = $state(false);

  loadingMore = $state(false);

  /** Every page still to come is on its way (End, a sort). */
  loadingAll = $state(false);

  /** The order of each drive's lists, by source: a drive keeps its own. */
  sorts = $state.raw(new Map<string, Sort>());

  /** The open drive's order (by name until its column is chosen). */
  get sort(): Sort {
    return this.sorts.get(drives.sourceId) ?? BY_NAME;
  }

  set sort(sort: Sort) {
    this.sorts = new Map(this.sorts).set(drives.sourceId, sort);
  }

  /** While searching, the folder's items whose names hold the words, in the chosen order. */
  here = $derived.by(() => {
    const items = this.listing?.items ?? [];
    if (!search.active) return null;
    const words = search.query.trim().toLowerCase();
    return sortBy(items.filter((item) => item.name.toLowerCase().includes(words)), this.sort);
  });

  /** The rows on screen: the folder in the chosen order; while searching,
   * its matches first, then what the drive found elsewhere. */
  rows = $derived.by(() => {
    if (!this.here) return sortBy(this.listing?.items ?? [], this.sort);
    const shown = new Set(this.here.map((item) => item.id));
    const elsewhere = (search.results ?? []).filter((item) => !shown.has(item.id));
    return [...this.here, ...sortBy(elsewhere, this.sort)];
  });

  /** Where the list is: a new page of the same folder keeps the scroll, a new folder or search does not. */
  place = $derived(`${drives.sourceId}|${this.listing?.folder.id}|${search.query.trim()}`);

  /** The row the keyboard is on; the details pane shows it. */
  cursor = $state(0);

  showDetails = $state(false);

  layout = $state<'list' | 'grid'>('list');

  /** The folder being opened: its request, the drive's last retry, and
   * whether it has taken long enough (`SLOW`) to say so. */
  waiting = $state.raw<{ request: number; retry: Retrying | null; slow: boolean } | null>(null);

  #request = 0;

  async open(folder: ItemId | null): Promise<void> {
    // A newer folder replaces one still opening.
    if (this.waiting) void backend().cancelOpenFolder(this.waiting.request);
    const request = ++this.#request;
    const mine = () => this.waiting?.request === request;
    this.loading = true;
    shell.error = null;
    search.clear();
    this.waiting = { request, retry: null, slow: false };
    const slow = setTimeout(() => mine() && (this.waiting = { ...this.waiting!, slow: true }), SLOW);
    const onRetry = (retry: Retrying) => mine() && (this.waiting = { ...this.waiting!, retry });
    try {
      const page = await backend().openFolder(drives.sourceId, folder, { request, onRetry });
      if (!mine()) return;
      this.listing = page;
      selection.state = { selected: selection.state.selected, anchor: null };
    } catch (e) {
      if (!mine()) return;
      const name = drives.source?.name ?? 'The drive';
      shell.error = (e as { code?: string })?.code === 'cancelled' ? `Stopped waiting for ${name}.` : errorMessage(e);
    } finally {
      clearTimeout(slow);
      if (mine()) {
        this.waiting = null;
        this.loading = false;
      }
    }
  }

  /** Stops waiting for the folder being opened (Cancel). */
  cancelOpen(): void {
    if (this.waiting) void backend().cancelOpenFolder(this.waiting.request);
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
        shell.error = errorMessage(e);
      }
    } finally {
      this.loadingMore = false;
    }
  }

  /** Loads every page still to come (End, a sort); the count grows as they arrive. */
  async loadAll(): Promise<void> {
    this.loadingAll = true;
    try {
      while (this.listing?.more && !shell.error) await this.loadMore();
    } finally {
      this.loadingAll = false;
    }
  }

  /** Orders the list by a column; sorting needs every page, so the rest load first. */
  async sortBy(key: SortKey): Promise<void> {
    await this.loadAll();
    this.sort = nextSort(this.sort, key);
  }

  /** Opens the folder above the current one, if there is one. */
  async openParent(): Promise<void> {
    const crumbs = this.listing?.breadcrumbs ?? [];
    if (crumbs.length > 1) await this.open(crumbs[crumbs.length - 2].id);
  }

  async reload(): Promise<void> {
    if (search.results !== null) await search.search(search.query);
    else await this.open(this.listing?.folder.id ?? null);
  }
}

export const folder = new FolderStore();
