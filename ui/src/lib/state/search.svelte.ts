// The search box: what is typed filters the open folder at once, and the
// drive's own search runs after a short quiet (or at once on Enter), its
// results listed after the folder's.
import { backend, errorMessage } from '../backend';
import type { DriveItem } from '../bindings/DriveItem';
import type { Heading } from '../sections';
import { drives } from './drives.svelte';

/** How long typing must pause before the drive is asked, in milliseconds. */
export const QUIET = 300;

class SearchStore {
  /** What is typed in the search box. */
  query = $state('');

  /** The drive's answer for `query`: null until it answers. */
  results = $state.raw<DriveItem[] | null>(null);

  searching = $state(false);

  /** Why the drive's search failed, shown where its results would be. */
  error = $state<string | null>(null);

  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Something is typed: the folder is filtered, and the drive searched. */
  get active(): boolean {
    return this.query.trim() !== '';
  }

  /** The open drive searches by itself (This computer only filters the folder). */
  get drive(): boolean {
    return drives.source?.capabilities.search ?? false;
  }

  /** Every answer is in: the folder's, and the drive's when it searches. */
  get settled(): boolean {
    return !this.drive || this.results !== null || this.error !== null;
  }

  /** The box changed: the folder filters at once, and the drive is asked once typing pauses. */
  type(query: string): void {
    this.query = query;
    this.results = null;
    this.error = null;
    clearTimeout(this.#timer);
    if (this.active && this.drive) this.#timer = setTimeout(() => void this.search(query), QUIET);
  }

  /** Searches the open drive for `query` now (Enter, or after the quiet). */
  async search(query: string): Promise<void> {
    clearTimeout(this.#timer);
    this.query = query;
    if (!this.active || !this.drive) return;
    this.searching = true;
    this.error = null;
    try {
      const found = await backend().searchDrive(drives.sourceId, query);
      if (this.query === query) this.results = found;
    } catch (e) {
      if (this.query === query) this.error = errorMessage(e);
    } finally {
      this.searching = false;
    }
  }

  /** The list's headings while searching: the folder's `here` matches of
   * `total` rows first, then the drive's (or where its answer stands). */
  headings(here: number, total: number): Heading[] {
    if (!this.active) return [];
    const headings = [{ before: 0, key: 'here', label: here > 0 ? 'In this folder' : 'Nothing in this folder matches' }];
    if (!this.drive) return headings;
    const name = drives.source?.name ?? 'the drive';
    const label = this.error
      ? `${name} could not search: ${this.error}`
      : this.results === null
        ? `Searching ${name}…`
        : total > here
          ? `Elsewhere in ${name}`
          : `Nothing else in ${name} matches`;
    return [...headings, { before: here, key: 'drive', label }];
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.query = '';
    this.results = null;
    this.error = null;
  }
}

export const search = new SearchStore();
