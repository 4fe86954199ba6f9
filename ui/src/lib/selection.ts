// Which items are selected in a listing: click toggles, Shift extends a range
// from the last item clicked, Ctrl/Cmd+A takes every file.
import type { DriveItem } from './bindings/DriveItem';

export interface SelectionState {
  selected: Map<string, DriveItem>;
  /** Index of the item a Shift range starts from. */
  anchor: number | null;
}

export function emptySelection(): SelectionState {
  return { selected: new Map(), anchor: null };
}

/** Toggles one file. Folders are opened, not selected. */
export function toggle(state: SelectionState, items: DriveItem[], index: number): SelectionState {
  const item = items[index];
  if (!item || item.kind === 'folder') return state;
  const selected = new Map(state.selected);
  if (selected.has(item.id)) selected.delete(item.id);
  else selected.set(item.id, item);
  return { selected, anchor: index };
}

/** Selects every file between the anchor and `index`, both included. */
export function extendTo(state: SelectionState, items: DriveItem[], index: number): SelectionState {
  if (state.anchor === null) return toggle(state, items, index);
  const [from, to] = state.anchor <= index ? [state.anchor, index] : [index, state.anchor];
  const selected = new Map(state.selected);
  for (const item of items.slice(from, to + 1)) {
    if (item.kind === 'file') selected.set(item.id, item);
  }
  return { selected, anchor: state.anchor };
}

export function selectAll(state: SelectionState, items: DriveItem[]): SelectionState {
  const selected = new Map(state.selected);
  for (const item of items) if (item.kind === 'file') selected.set(item.id, item);
  return { selected, anchor: state.anchor };
}
