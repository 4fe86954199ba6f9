// What is selected, across folders and drives: click toggles, Shift extends
// a range from the last item clicked, Ctrl/Cmd+A takes every file in view.
import type { DriveItem } from './bindings/DriveItem';

/** A selected file and the source it is on. */
export interface Picked {
  source: string;
  item: DriveItem;
}

export interface SelectionState {
  /** By `keyOf(source, id)`, in the order they were selected. */
  selected: Map<string, Picked>;
  /** Index of the item a Shift range starts from, in the list in view. */
  anchor: number | null;
}

export function emptySelection(): SelectionState {
  return { selected: new Map(), anchor: null };
}

/** Ids are only unique within a source. */
export function keyOf(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

/** Toggles one file. Folders are opened, not selected. */
export function toggle(state: SelectionState, source: string, items: DriveItem[], index: number): SelectionState {
  const item = items[index];
  if (!item || item.kind === 'folder') return state;
  const selected = new Map(state.selected);
  const key = keyOf(source, item.id);
  if (selected.has(key)) selected.delete(key);
  else selected.set(key, { source, item });
  return { selected, anchor: index };
}

/** Toggles a file known with its source: Recent lists files of every drive. */
export function togglePicked(state: SelectionState, picked: Picked): SelectionState {
  const selected = new Map(state.selected);
  const key = keyOf(picked.source, picked.item.id);
  if (selected.has(key)) selected.delete(key);
  else selected.set(key, picked);
  return { selected, anchor: null };
}

/** Selects every file between the anchor and `index`, both included. */
export function extendTo(state: SelectionState, source: string, items: DriveItem[], index: number): SelectionState {
  if (state.anchor === null) return toggle(state, source, items, index);
  const [from, to] = state.anchor <= index ? [state.anchor, index] : [index, state.anchor];
  const selected = new Map(state.selected);
  for (const item of items.slice(from, to + 1)) {
    if (item.kind === 'file') selected.set(keyOf(source, item.id), { source, item });
  }
  return { selected, anchor: state.anchor };
}

export function selectAll(state: SelectionState, source: string, items: DriveItem[]): SelectionState {
  const selected = new Map(state.selected);
  for (const item of items) if (item.kind === 'file') selected.set(keyOf(source, item.id), { source, item });
  return { selected, anchor: state.anchor };
}

/** Removes one file, or every file of a source. */
export function remove(state: SelectionState, source: string, id?: string): SelectionState {
  const selected = new Map(state.selected);
  for (const [key, picked] of selected) {
    if (picked.source === source && (id === undefined || picked.item.id === id)) selected.delete(key);
  }
  return { selected, anchor: state.anchor };
}
