// What the window shows: the view, and the error or notice above it.


/** What the window shows in its main pane. */
export type View = 'browse' | 'connect' | 'upload' | 'result' | 'settings' | 'recent' | 'activity';

class ShellStore {
  view = $state<View>('browse');

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
