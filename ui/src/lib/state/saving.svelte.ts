// The save dialog: the files it saves and the drive it starts on.
import { backend, errorMessage } from '../backend';
import type { PickResult } from '../bindings/PickResult';
import type { Activity } from '../bindings/Activity';
import { type Picked } from '../selection';
import { app } from './app.svelte';
import { portal } from './portal.svelte';
import { shell } from './shell.svelte';

class SavingStore {
  /** The save dialog is open, for these files (the selection, or a stored copy). */
  open = $state(false);

  files = $state.raw<Picked[]>([]);

  /** The drive the save dialog starts on (a script's `--to dropbox`). */
  drive = $state<string | null>(null);

  /** Opens the save dialog for `files`. */
  to(files: Picked[]): void {
    this.files = files;
    this.open = files.length > 0;
  }

  /** The save dialog closed: a script that opened it gets what it saved, or a cancel. */
  close(result: PickResult | null): void {
    this.open = false;
    // An application's save dialog closed without a place chosen: it hears "cancelled".
    if (portal.saves) void portal.cancel();
    if (app.script?.save) {
      app.script = null;
      void backend().scriptDone(result);
    }
  }

  /** Opens the save dialog on stored copies (from Activity, or the result of the last pick). */
  async storedCopies(copies: { activity: number; position: number }[]): Promise<void> {
    try {
      const files = await Promise.all(copies.map((c) => backend().storedItem(c.activity, c.position)));
      this.to(files);
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }

  /** Opens the save dialog on the copies the last pick stored (the result's Save to…). */
  async lastPick(): Promise<void> {
    try {
      const [last] = await backend().getActivity();
      const stored = last?.files.filter((f) => f.state === 'stored') ?? [];
      await this.storedCopies(stored.map((f) => ({ activity: last.id, position: f.position })));
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }
}

export const saving = new SavingStore();
