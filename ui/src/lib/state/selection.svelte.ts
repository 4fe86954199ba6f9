// What is selected, across folders and drives, within the restrictions; the edits made to selected images.
import { backend, errorMessage } from '../backend';
import type { RecentItem } from '../bindings/RecentItem';
import type { DriveItem } from '../bindings/DriveItem';
import { emptySelection, extendTo, keyOf, remove, selectAll, toggle, togglePicked, type Picked, type SelectionState } from '../selection';
import type { KeyActions } from '../keys';
import type { Transform } from '../bindings/Transform';
import type { Edit } from '../editor';
import type { Restrictions } from '../bindings/Restrictions';
import { NO_RESTRICTIONS, needsMeasuring, refuses, refusesCount, refusesImage } from '../restrictions';
import { focusUpload } from '../focus';
import { drives } from './drives.svelte';
import { folder } from './folder.svelte';
import { search } from './search.svelte';
import { shell } from './shell.svelte';
import { upload } from './upload.svelte';
import { quickLook } from './quicklook.svelte';

class SelectionStore {
  state = $state<SelectionState>(emptySelection());

  /** What can be picked (Settings), and the last limit the user ran into. */
  rules = $state.raw<Restrictions>(NO_RESTRICTIONS);

  /** Images measured against the size limits: why each is refused, or null. */
  measured = $state.raw(new Map<string, string | null>());

  /** Edits made in the image editor, by selection key: applied on upload. */
  edits = $state.raw(new Map<string, { edit: Edit; transform: Transform }>());

  /** The selection, across folders and drives, in the order it was made. */
  get items(): Picked[] {
    return [...this.state.selected.values()];
  }

  isSelected(item: DriveItem): boolean {
    return this.state.selected.has(keyOf(drives.sourceId, item.id));
  }

  /** A click or Enter on an item: a folder opens, a file is selected or
   * unselected; with Shift, the range from the last one is selected. */
  activate(items: DriveItem[], index: number, shift: boolean): void {
    const item = items[index];
    folder.cursor = index;
    if (!item) return;
    if (item.kind === 'folder' && !shift) void folder.open(item.id);
    else if (!shift && this.refusal(item)) shell.notice = `${item.name}: ${this.refusal(item)}`;
    else if (!shift && this.rules.max_files === 1 && !this.isSelected(item)) {
      // One file at most: a click chooses this one instead, as a file dialog does.
      this.select(toggle(emptySelection(), drives.sourceId, items, index));
    } else this.select(shift ? extendTo(this.state, drives.sourceId, items, index) : toggle(this.state, drives.sourceId, items, index));
  }

  /** What the keys do on `items`; `move` puts the cursor on a row and shows it. */
  /** A double-click or Enter on a file, the pickers' "choose": alone, the
   * file is picked at once (`picked`); beside a selection, it joins it and
   * Upload takes the focus (`added`). Folders just open. */
  choose(items: DriveItem[], index: number): 'picked' | 'added' | null {
    const item = items[index];
    folder.cursor = index;
    if (!item) return null;
    if (item.kind === 'folder') {
      void folder.open(item.id);
      return null;
    }
    const reason = this.refusal(item);
    if (reason) {
      shell.notice = `${item.name}: ${reason}`;
      return null;
    }
    if (!this.isSelected(item)) {
      // One file at most: this one instead, as a file dialog does.
      const from = this.rules.max_files === 1 ? emptySelection() : this.state;
      this.select(togglePicked(from, { source: drives.sourceId, item }));
    }
    if (!this.isSelected(item)) return null;
    if (this.state.selected.size === 1) {
      void upload.begin();
      return 'picked';
    }
    focusUpload();
    return 'added';
  }

  keyActions(items: DriveItem[], move: (index: number) => void): KeyActions {
    return {
      move: (index, shift) => {
        folder.cursor = index;
        if (shift) this.select(extendTo(this.state, drives.sourceId, items, index));
        move(index);
      },
      open: (index) => void this.choose(items, index),
      toggle: (index) => {
        const item = items[index];
        if (item && this.refusal(item)) shell.notice = `${item.name}: ${this.refusal(item)}`;
        else this.select(toggle(this.state, drives.sourceId, items, index));
      },
      selectAll: () => {
        this.select(selectAll(this.state, drives.sourceId, items));
      },
      end: (shift) => {
        void folder.loadAll().then(() => {
          const rows = folder.rows;
          const last = rows.length - 1;
          if (last < 0) return;
          folder.cursor = last;
          if (shift) this.select(extendTo(this.state, drives.sourceId, rows, last));
          move(last);
        });
      },
      preview: (index) => quickLook.show(drives.sourceId, items, index),
      escape: () => {
        if (search.active) search.clear();
        else (document.activeElement as HTMLElement | null)?.blur();
      },
    };
  }

  /** Takes a new selection, without the files the restrictions refuse; one
   * that would pass the most files allowed is not taken, and says so. */
  private select(next: SelectionState): void {
    const selected = new Map(
      [...next.selected].filter(([key, p]) => refuses(this.rules, p.item) === null && !this.measured.get(key)),
    );
    const max = this.rules.max_files;
    if (max !== null && selected.size > max && selected.size > this.state.selected.size) {
      shell.notice = `You can pick at most ${max} ${max === 1 ? 'file' : 'files'}: unselect one to choose another`;
      return;
    }
    shell.notice = null;
    this.state = { selected, anchor: next.anchor };
    for (const [key, p] of selected) {
      if (needsMeasuring(this.rules, p.item) && !this.measured.has(key)) void this.measure(key, p);
    }
  }

  /** Why `item` in view cannot be picked: the rules, or its measured size. */
  refusal(item: DriveItem): string | null {
    return this.refusalOf(drives.sourceId, item);
  }

  /** Why a file of `source` cannot be picked, if it cannot. */
  refusalOf(source: string, item: DriveItem): string | null {
    return refuses(this.rules, item) ?? this.measured.get(keyOf(source, item.id)) ?? null;
  }

  /** Selects or unselects a file listed in Recent, on its own drive. */
  toggleRecent({ source, item }: RecentItem): void {
    const reason = this.refusalOf(source, item);
    if (reason && !this.state.selected.has(keyOf(source, item.id))) shell.notice = `${item.name}: ${reason}`;
    else this.select(togglePicked(this.state, { source, item }));
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
    if (reason && this.state.selected.has(key)) {
      this.state = remove(this.state, source, item.id);
      shell.notice = `${item.name}: ${reason}`;
    }
  }

  /** Why the selection cannot be uploaded yet (too few files), or null. */
  get uploadBlocked(): string | null {
    return refusesCount(this.rules, this.state.selected.size);
  }

  /** Clears the selection at the user's word (Clear), with Undo for a few seconds. */
  clearWithUndo(): void {
    const before = { state: this.state, edits: this.edits };
    const count = before.state.selected.size;
    if (count === 0) return;
    this.clear();
    shell.offer(`Cleared ${count} selected ${count === 1 ? 'file' : 'files'}`, () => {
      this.state = before.state;
      this.edits = before.edits;
    });
  }

  clear(): void {
    this.state = emptySelection();
    this.edits = new Map();
  }

  /** Takes a file (or every file of a source) out of the selection. */
  unselect(source: string, id?: string): void {
    this.state = remove(this.state, source, id);
  }
}

export const selection = new SelectionStore();
