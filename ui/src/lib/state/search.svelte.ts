// The open drive's search: the words, and what it found.
import { backend, errorMessage } from '../backend';
import type { DriveItem } from '../bindings/DriveItem';
import { drives } from './drives.svelte';
import { shell } from './shell.svelte';

class SearchStore {
  /** The drive's search: the words, and what it found (null when not searching). */
  query = $state('');

  results = $state.raw<DriveItem[] | null>(null);

  searching = $state(false);

  /** Searches the open drive with the provider's search. */
  async search(query: string): Promise<void> {
    this.query = query;
    if (!query.trim()) {
      this.results = null;
      return;
    }
    this.searching = true;
    shell.error = null;
    try {
      const found = await backend().searchDrive(drives.sourceId, query);
      if (this.query === query) this.results = found;
    } catch (e) {
      shell.error = errorMessage(e);
    } finally {
      this.searching = false;
    }
  }

  clear(): void {
    this.query = '';
    this.results = null;
  }
}

export const search = new SearchStore();
