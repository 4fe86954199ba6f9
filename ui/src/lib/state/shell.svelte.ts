// What the window shows: the view, and the error or notice above it.


/** What the window shows in its main pane. */
export type View = 'browse' | 'connect' | 'upload' | 'result' | 'settings' | 'recent' | 'activity';

class ShellStore {
  #view = $state<View>('browse');

  /** Why leaving the view now would lose something (unsaved changes), if it would. */
  hold: (() => string | null) | null = null;

  /** A change of view that waits for the user's word, and why. */
  leaving = $state.raw<{ to: View; reason: string } | null>(null);

  get view(): View {
    return this.#view;
  }

  /** Changes the view, unless that would lose something: then it asks first. */
  set view(next: View) {
    const reason = next === this.#view ? null : this.hold?.();
    if (reason) this.leaving = { to: next, reason };
    else this.#view = next;
  }

  /** Leaves after all, dropping what held the view. */
  leave(): void {
    const leaving = this.leaving;
    this.leaving = null;
    this.hold = null;
    if (leaving) this.#view = leaving.to;
  }

  /** Stays where the view was held. */
  stay(): void {
    this.leaving = null;
  }

  error = $state<string | null>(null);

  notice = $state<string | null>(null);

  /** Something just done that can be taken back, with its Undo, for a few seconds. */
  undoable = $state.raw<{ message: string; undo: () => void } | null>(null);

  /** Offers Undo for `message` until the next offer or `UNDO_FOR` ms pass. */
  offer(message: string, undo: () => void): void {
    const offered = { message, undo };
    this.undoable = offered;
    setTimeout(() => {
      if (this.undoable === offered) this.undoable = null;
    }, UNDO_FOR);
  }

  /** Takes back what was offered, once. */
  undo(): void {
    const offered = this.undoable;
    this.undoable = null;
    offered?.undo();
  }
}

/** How long an Undo stays on screen. */
export const UNDO_FOR = 8000;

export const shell = new ShellStore();
