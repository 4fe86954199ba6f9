// What the window shows: the view, and the error or notice above it.


/** What the window shows in its main pane. */
export type View = 'browse' | 'connect' | 'upload' | 'result' | 'settings' | 'recent' | 'activity';

class ShellStore {
  view = $state<View>('browse');

  error = $state<string | null>(null);

  notice = $state<string | null>(null);
}

export const shell = new ShellStore();
