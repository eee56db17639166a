/**
 * Keeps an item in sight inside its own list: the active table-of-contents
 * entry as the reader moves through a long note, the active annotation card.
 * Only the list's own scroll box moves: Element.scrollIntoView would also
 * scroll every scrollable ancestor, the page included (sideways too).
 */

/** The nearest ancestor of `element` that scrolls vertically, or null. */
export function scrollBoxOf(element: HTMLElement): HTMLElement | null {
  for (let el = element.parentElement; el; el = el.parentElement) {
    const overflow = getComputedStyle(el).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight) return el;
  }
  return null;
}

/**
 * Scrolls `box` so `item` is well inside it: when the item is outside the
 * middle part of the box (a margin kept at each end, so the entries before and
 * after it show too), it is brought to the centre.
 */
export function keepInView(box: HTMLElement, item: HTMLElement): void {
  const bounds = box.getBoundingClientRect();
  const rect = item.getBoundingClientRect();
  const margin = Math.min(bounds.height / 4, 3 * rect.height);
  if (rect.top >= bounds.top + margin && rect.bottom <= bounds.bottom - margin) return;
  const centred = box.scrollTop + (rect.top - bounds.top) - (bounds.height - rect.height) / 2;
  box.scrollTop = Math.max(0, Math.min(centred, box.scrollHeight - box.clientHeight));
}
