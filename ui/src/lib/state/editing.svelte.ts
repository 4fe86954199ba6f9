// The image editor: the image open in it, a selected one or a stored copy.
import { backend, errorMessage } from '../backend';
import type { Activity } from '../bindings/Activity';
import { keyOf, type Picked } from '../selection';
import type { Transform } from '../bindings/Transform';
import type { Edit } from '../editor';
import { history } from './history.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';

class EditingStore {
  /** The image open in the editor: a selected one, or a stored copy. */
  item = $state.raw<Picked | null>(null);

  /** The stored copy the editor is on, when it was opened from Activity. */
  stored = $state.raw<{ activity: number; position: number } | null>(null);

  /** Opens a selected image in the editor. */
  open(picked: Picked): void {
    this.stored = null;
    this.item = picked;
  }

  /** Opens a stored copy (from Activity) in the editor. */
  async openStored(activity: number, position: number): Promise<void> {
    try {
      const { source, item } = await backend().storedItem(activity, position);
      this.stored = { activity, position };
      this.item = { source, item };
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }

  close(): void {
    this.item = null;
    this.stored = null;
  }

  /** Keeps (or, with null, forgets) the editor's edit of a selected image;
   * for a stored copy, stores the edit beside it and shows Activity anew. */
  async save(picked: Picked, edit: { edit: Edit; transform: Transform } | null): Promise<void> {
    const stored = this.stored;
    if (stored) {
      this.close();
      if (!edit) return;
      try {
        const result = await backend().editStored(stored.activity, stored.position, edit.transform);
        const failed = result.filesFailed[0];
        shell.notice = failed ? failed.error : `Saved the edit as ${result.filesUploaded[0]?.filename}`;
      } catch (e) {
        shell.error = errorMessage(e);
      }
      history.activity = await backend().getActivity();
      return;
    }
    const edits = new Map(selection.edits);
    const key = keyOf(picked.source, picked.item.id);
    if (edit) edits.set(key, edit);
    else edits.delete(key);
    selection.edits = edits;
    this.close();
  }
}

export const editing = new EditingStore();
