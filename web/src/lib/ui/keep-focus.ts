/**
 * `{@attach keepFocus}` on a region whose controls replace one another — Create becomes a progress bar
 * with Cancel, Cancel upload becomes Create again, a chosen file's row goes away with its Remove
 * button. When the focused control is removed, browsers move focus to <body> and a keyboard or
 * screen-reader user is thrown back to the top of the page (issue 13 §4 item 2). This moves focus to
 * the region's enabled control marked `data-focus-next` instead, as soon as there is one. It only acts
 * when the control that had focus inside the region is gone or disabled (a form locked while it
 * works) and nothing else has focus since.
 */
export function keepFocus(region: HTMLElement): () => void {
  let last: Element | undefined;
  const onFocusIn = (event: FocusEvent): void => {
    last = event.target instanceof Element ? event.target : undefined;
  };
  const rescue = (): void => {
    const active = document.activeElement;
    if (!last || (last.isConnected && !last.matches(':disabled'))) return;
    if (active !== null && active !== document.body && active !== last) return;
    const next = region.querySelector<HTMLElement>('[data-focus-next]:not(:disabled)');
    // Until something takes it, keep watching: the control to take it may not be there yet. (Its
    // focusin then records it as the one to follow next.)
    next?.focus();
  };
  const observer = new MutationObserver(rescue);
  // `disabled` too: the control to take focus may arrive disabled and be enabled a moment later.
  observer.observe(region, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  region.addEventListener('focusin', onFocusIn);
  return () => {
    observer.disconnect();
    region.removeEventListener('focusin', onFocusIn);
  };
}
