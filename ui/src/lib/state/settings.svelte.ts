// Settings, applied as each one changes: one field's change is saved on top of
// what is saved already, so a field that does not check out yet (and shows
// why, beside it) holds up no other.
import { backend, errorMessage } from '../backend';
import type { FolderPurpose } from '../bindings/FolderPurpose';
import type { SettingsView } from '../bindings/SettingsView';
import { folder } from './folder.svelte';
import { selection } from './selection.svelte';
import { upload } from './upload.svelte';

/** A field's change: what is saved with it, or why it cannot be. */
export type Change = (saved: SettingsView) => SettingsView | string;

class SettingsStore {
  /** What the settings file holds now. */
  saved = $state.raw<SettingsView | null>(null);

  /** Why a field's last change was not saved, by field. */
  errors = $state<Record<string, string>>({});

  /** The field to focus as Settings opens (by its id), once. */
  focus: string | null = null;

  /** The field whose change was saved last, for its "Saved". */
  lastSaved = $state<string | null>(null);

  /** Saves run one after another, each on top of the one before. */
  #queue: Promise<void> = Promise.resolve();

  /** Changes typed and not yet applied (a field is applied when it is left). */
  #typed = new Map<string, Change>();

  async load(): Promise<SettingsView> {
    const view = await backend().getSettings();
    this.saved = view;
    this.errors = {};
    this.lastSaved = null;
    return view;
  }

  /** `field` is being typed in: applied when it is left, or Settings is. */
  typed(field: string, change: Change): void {
    this.#typed.set(field, change);
  }

  /** Applies what was typed and not yet applied, as Settings closes. */
  flush(): void {
    for (const [field, change] of this.#typed) void this.apply(field, change);
  }

  /** Saves `field`'s change; resolves when it is saved or refused. */
  apply(field: string, change: Change): Promise<void> {
    this.#typed.delete(field);
    this.#queue = this.#queue.then(() => this.#save(field, change));
    return this.#queue;
  }

  async #save(field: string, change: Change): Promise<void> {
    if (!this.saved) return;
    const next = change(this.saved);
    if (typeof next === 'string') {
      this.errors[field] = next;
      if (this.lastSaved === field) this.lastSaved = null;
      return;
    }
    try {
      this.#saved(field, await backend().saveSettings(next));
    } catch (e) {
      this.errors[field] = errorMessage(e);
      if (this.lastSaved === field) this.lastSaved = null;
    }
  }

  /** Changes a folder through the folder dialog (the window sends no path);
   * resolves with the settings then, or null when the dialog was cancelled. */
  choose(field: string, purpose: FolderPurpose): Promise<SettingsView | null> {
    let chosen: SettingsView | null = null;
    this.#queue = this.#queue.then(async () => {
      try {
        chosen = await backend().chooseFolder(purpose);
        if (chosen) this.#saved(field, chosen);
      } catch (e) {
        this.errors[field] = errorMessage(e);
        if (this.lastSaved === field) this.lastSaved = null;
      }
    });
    return this.#queue.then(() => chosen);
  }

  #saved(field: string, shown: SettingsView): void {
    this.saved = shown;
    delete this.errors[field];
    this.lastSaved = field;
    selection.rules = shown.restrictions;
    upload.storeTo = shown.storeTo;
    upload.storageFolder = shown.storageFolder;
    selection.measured = new Map();
    folder.listing = null;
  }
}

export const settings = new SettingsStore();
