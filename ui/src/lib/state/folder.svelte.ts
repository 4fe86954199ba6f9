// The open folder: its items page by page, their order, the row the keyboard is on, and how they are shown.
import { backend, errorMessage } from '../backend';
import type { ItemId } from '../bindings/ItemId';
import type { FolderPage } from '../bindings/FolderPage';
import { BY_NAME, nextSort, sortBy, type Sort, type SortKey } from '../sorting';
import { drives } from './drives.svelte';
import { search } from './search.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';

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

  async open(folder: ItemId | null): Promise<void> {
    this.loading = true;
    shell.error = null;
    search.clear();
    try {
      this.listing = await backend().openFolder(drives.sourceId, folder);
      selection.state = { selected: selection.state.selected, anchor: null };
    } catch (e) {
      shell.error = errorMessage(e);
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
