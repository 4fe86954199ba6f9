// The keys of the file list and the grid: arrows move (Shift extends the
// selection), Page Up/Down and Home/End jump, Space selects, Enter chooses (opens a folder, picks a file),
// Ctrl/Cmd+A selects every file, Escape leaves the search or the list (never
// the selection).

export interface Layout {
  count: number;
  cursor: number;
  /** Items per row: 1 in the list. */
  columns: number;
  /** Rows per screen. */
  page: number;
}

export interface KeyActions {
  move(index: number, shift: boolean): void;
  open(index: number): void;
  toggle(index: number): void;
  selectAll(): void;
  /** Escape: back from a search, else out of the list; the selection stays. */
  escape(): void;
  /** End: to the real last row, loading the pages still to come. */
  end(shift: boolean): void;
  /** P: Quick Look on the file under the cursor. */
  preview(index: number): void;
}

/** Handles `event`; true when it was one of ours (and default is prevented). */
export function navigate(event: KeyboardEvent, at: Layout, act: KeyActions): boolean {
  const mod = event.ctrlKey || event.metaKey;
  const { cursor, columns } = at;
  const clamp = (i: number) => Math.max(0, Math.min(at.count - 1, i));
  const move = (i: number) => act.move(clamp(i), event.shiftKey);
  if (event.key === 'ArrowUp' && event.altKey) return false;
  if (event.key === 'ArrowDown') move(cursor + columns);
  else if (event.key === 'ArrowUp') move(cursor - columns);
  else if (event.key === 'ArrowRight' && columns > 1) move(cursor + 1);
  else if (event.key === 'ArrowLeft' && columns > 1) move(cursor - 1);
  else if (event.key === 'PageDown') move(cursor + columns * Math.max(1, at.page - 1));
  else if (event.key === 'PageUp') move(cursor - columns * Math.max(1, at.page - 1));
  else if (event.key === 'Home') move(0);
  else if (event.key === 'End') act.end(event.shiftKey);
  else if (event.key === ' ') act.toggle(cursor);
  else if (event.key === 'Enter') act.open(cursor);
  else if (mod && event.key.toLowerCase() === 'a') act.selectAll();
  else if (!mod && !event.altKey && event.key.toLowerCase() === 'p') act.preview(cursor);
  else if (event.key === 'Escape') act.escape();
  else return false;
  event.preventDefault();
  return true;
}

/** Scrolls `view` just enough to show the band from `top`, `size` pixels high; returns the new scroll. */
export function reveal(view: HTMLElement, top: number, size: number): number {
  if (top < view.scrollTop) view.scrollTop = top;
  else if (top + size > view.scrollTop + view.clientHeight) view.scrollTop = top + size - view.clientHeight;
  return view.scrollTop;
}
