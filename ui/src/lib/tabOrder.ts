// The main view's keyboard order. Tab goes through the regions in this
// order, and through each region's own stops in page order: the "skip to
// files" link, the files, the selection bar, the sidebar, then the tools
// (breadcrumbs, search, view buttons, column headings). Shift+Tab goes back.
// A region is any element marked `data-tab-region`; an open dialog keeps
// its own order, and views without files keep the page's.

export const REGIONS = ['skip', 'files', 'selection', 'sources', 'tools'] as const;
export type Region = (typeof REGIONS)[number];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Drawn: not inside something hidden (`display: none`, `visibility: hidden`). */
function shown(el: HTMLElement): boolean {
  if (typeof el.checkVisibility === 'function') return el.checkVisibility({ visibilityProperty: true });
  for (let at: HTMLElement | null = el; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
  }
  return true;
}

/** A region's stops, in page order: focusable, on screen, and not inside another region. */
function stops(region: Region): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[data-tab-region="${region}"]`)].flatMap((root) =>
    [root, ...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.matches(FOCUSABLE) && el.closest('[data-tab-region]') === root && shown(el),
    ),
  );
}

/** Every stop of the main view, in its keyboard order. */
export function tabStops(): HTMLElement[] {
  return REGIONS.flatMap(stops);
}

/** Tab, or Shift+Tab, which WebKitGTK reports as GTK's ISO_Left_Tab: key "Unidentified", code "Tab". */
function isTab(event: KeyboardEvent): boolean {
  return event.key === 'Tab' || event.code === 'Tab' || event.keyCode === 9;
}

/** Marks the page as driven by the keyboard (until the pointer is used):
 * focus then shows on every stop, also one this order moved focus to, which
 * the browser does not count as `:focus-visible`. */
export function keyboardUse(event: Event): void {
  const root = document.documentElement;
  if (event.type === 'pointerdown') delete root.dataset.keyboard;
  else if (isTab(event as KeyboardEvent)) root.dataset.keyboard = '';
}

/** Moves the focus on Tab and Shift+Tab, through the regions in order. */
export function tabKey(event: KeyboardEvent): void {
  keyboardUse(event);
  if (!isTab(event) || event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
  if (document.querySelector('[aria-modal="true"]') || !document.querySelector('[data-tab-region="files"]')) return;
  const all = tabStops();
  const here = all.indexOf(document.activeElement as HTMLElement);
  if (here === -1) return;
  event.preventDefault();
  all[(here + (event.shiftKey ? all.length - 1 : 1)) % all.length].focus();
}
