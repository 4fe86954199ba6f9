// Quick Look: a larger preview of the file under the cursor, opened with P
// or the details pane's Preview, moved through the folder with the arrows.
import type { DriveItem } from '../bindings/DriveItem';
import { folder } from './folder.svelte';

class QuickLookStore {
  /** The folder's items as they were when it opened, and the one shown. */
  items = $state.raw<DriveItem[]>([]);
  index = $state(0);
  source = $state('');
  open = $state(false);

  get item(): DriveItem | undefined {
    return this.open ? this.items[this.index] : undefined;
  }

  /** Previews `items[index]`, a file; a folder has no preview. */
  show(source: string, items: DriveItem[], index: number): void {
    if (items[index]?.kind !== 'file') return;
    this.source = source;
    this.items = items;
    this.index = index;
    this.open = true;
  }

  /** The next (`+1`) or previous (`-1`) file of the folder, folders skipped;
   * the list's cursor follows, as Finder's selection does. */
  move(step: 1 | -1): void {
    for (let i = this.index + step; i >= 0 && i < this.items.length; i += step) {
      if (this.items[i].kind === 'file') {
        this.index = i;
        folder.cursor = i;
        return;
      }
    }
  }

  close(): void {
    this.open = false;
  }
}

export const quickLook = new QuickLookStore();
