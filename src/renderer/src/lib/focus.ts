// Keyboard focus must never fall to <body> (issue 21): when the focused control is disabled or
// removed, the browser drops focus to the document and a keyboard or screen-reader user loses
// their place. These helpers move it on purpose.

/** True when nothing meaningful has focus: the document itself, or a control that was disabled. */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || (active as HTMLButtonElement).disabled === true;
}

/** Focuses `el`, making a non-interactive element (a heading, a dialog box) focusable by script only. */
export function focusElement(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = -1;
  el.focus();
  return document.activeElement === el;
}

/** After the DOM settles, moves focus from `from` to `to` if it is on `from` or was lost. */
export function handOver(from: HTMLElement | undefined, to: HTMLElement | undefined): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active === from || focusLost()) focusElement(to);
  });
}

/** Svelte attachment-style action: focuses the node once it is in the document. */
export function focusOnMount(node: HTMLElement): void {
  requestAnimationFrame(() => focusElement(node));
}

/**
 * Watches the whole document: when the element that had focus is removed and focus lands on
 * <body>, focus goes to `fallback()` (the main area's heading). Clicks on empty space are left
 * alone (the element is still there). A control that is only disabled is its owner's to hand over
 * (Train → Stop): the answer that enables the other control comes later than a frame.
 */
export function installFocusRescue(fallback: () => HTMLElement | null): () => void {
  const onFocusOut = (e: FocusEvent): void => {
    const lost = e.target;
    if (!(lost instanceof HTMLElement) || e.relatedTarget) return;
    requestAnimationFrame(() => {
      if (!lost.isConnected && focusLost()) rescue(fallback, 0);
    });
  };
  document.addEventListener('focusout', onFocusOut);
  return () => document.removeEventListener('focusout', onFocusOut);
}

/**
 * Focuses the fallback. A view that loads its code on demand (the experiment panel) has no heading
 * yet in the first frame: focus then rests on the main area and moves to the heading once it
 * appears, unless the user has moved on (tried for about 3 s).
 */
function rescue(fallback: () => HTMLElement | null, attempt: number): void {
  const target = fallback();
  focusElement(target);
  if (target === null || target.tagName !== 'MAIN' || attempt >= 60) return;
  setTimeout(() => {
    if (document.activeElement === target) rescue(fallback, attempt + 1);
  }, 50);
}

/** The heading of what the main area shows, else the main area itself. */
export function mainHeading(): HTMLElement | null {
  const main = document.getElementById('main-content');
  return main?.querySelector<HTMLElement>('h1') ?? main;
}
