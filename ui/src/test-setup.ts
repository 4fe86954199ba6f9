// jsdom has no layout: element sizes read 0 and nothing resizes. Svelte's
// size bindings need a ResizeObserver to exist; this one never fires.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

globalThis.ResizeObserver ??= NoResizeObserver;
