// How the file list is ordered: folders first, then by the column chosen.
import type { DriveItem } from './bindings/DriveItem';

export type SortKey = 'name' | 'size' | 'modified';

export interface Sort {
  key: SortKey;
  descending: boolean;
}

export const BY_NAME: Sort = { key: 'name', descending: false };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Folders first; then the key, names in natural order: "2" before "10".
 * Ties of size or date go by name, A to Z, whichever way the column runs. */
export function sortBy(items: DriveItem[], sort: Sort): DriveItem[] {
  const sign = sort.descending ? -1 : 1;
  const time = (item: DriveItem) => (item.modified ? Date.parse(item.modified) : 0);
  return [...items].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    const byName = collator.compare(a.name, b.name);
    if (sort.key === 'name') return sign * byName;
    const order = sort.key === 'size' ? (a.size ?? 0) - (b.size ?? 0) : time(a) - time(b);
    return order === 0 ? byName : sign * order;
  });
}

/** The next sort when a column heading is clicked: the same column flips. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  // Sizes and dates read best largest and newest first.
  return { key, descending: key !== 'name' };
}
