/** The reader's text selection: whether it lies in the note, and where its toolbar goes. */

export interface ToolbarPlace {
  /** Viewport coordinates: the toolbar's centre, and its top edge (below the selection) or bottom edge (above it). */
  x: number;
  y: number;
  isAbove: boolean;
}

/** Room the toolbar needs: one row of buttons, two where the reader is narrow (it wraps). */
const TOOLBAR_HEIGHT = 48;
const TOOLBAR_HALF_WIDTH = 336;
const GAP = 8;

/** The current selection if it shows some of `root`'s text, else null. */
export function selectionIn(root: HTMLElement): Range | null {
  const selection = getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  return range.intersectsNode(root) ? range : null;
}

/**
 * Below the selection, so the line above it (what the person just read) stays
 * in sight; above it only when there is no room below. Null when the
 * selection is scrolled out of view.
 */
export function toolbarPlace(range: Range, viewport: HTMLElement): ToolbarPlace | null {
  const rects = [...range.getClientRects()].filter((r) => r.width > 0 || r.height > 0);
  const first = rects[0];
  const last = rects[rects.length - 1];
  if (!first || !last) return null;
  const bounds = viewport.getBoundingClientRect();
  if (last.bottom < bounds.top || first.top > bounds.bottom) return null;
  const rowHeight = bounds.width < 2 * TOOLBAR_HALF_WIDTH + 40 ? 2 * TOOLBAR_HEIGHT : TOOLBAR_HEIGHT;
  const isAbove = last.bottom + GAP + rowHeight > bounds.bottom && first.top - GAP - rowHeight >= bounds.top;
  const anchor = isAbove ? first : last;
  const half = Math.min(TOOLBAR_HALF_WIDTH, bounds.width / 2);
  const x = Math.min(Math.max(anchor.left + anchor.width / 2, bounds.left + half), bounds.right - half);
  if (isAbove) return { x, y: first.top - GAP, isAbove };
  return { x, y: Math.min(last.bottom + GAP, bounds.bottom - rowHeight), isAbove };
}

/**
 * Reports where the selection toolbar belongs (null: hide it) as the selection
 * in `root` changes: once the mouse is released, or shortly after a keyboard
 * (or scripted) selection stops changing, and again as the reader scrolls.
 * Returns the function that stops watching.
 */
export function watchSelection(root: HTMLElement, viewport: HTMLElement, onPlace: (place: ToolbarPlace | null) => void): () => void {
  let isPointerDown = false;
  let isShown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = (): void => {
    const range = selectionIn(root);
    const place = range ? toolbarPlace(range, viewport) : null;
    isShown = place !== null;
    onPlace(place);
  };
  const onPointerDown = (event: PointerEvent): void => {
    if (!(event.target as Element).closest('.selection-toolbar')) isPointerDown = true;
  };
  const onPointerUp = (): void => {
    if (!isPointerDown) return;
    isPointerDown = false;
    // The selection settles after the pointerup handlers have run.
    setTimeout(update, 0);
  };
  const onSelectionChange = (): void => {
    clearTimeout(timer);
    if (!isPointerDown) timer = setTimeout(update, 120);
    else if (isShown) {
      isShown = false;
      onPlace(null);
    }
  };
  const onScroll = (): void => {
    if (isShown) update();
  };
  document.addEventListener('pointerdown', onPointerDown);
  document.addEventListener('pointerup', onPointerUp);
  document.addEventListener('selectionchange', onSelectionChange);
  viewport.addEventListener('scroll', onScroll, { passive: true });
  return () => {
    clearTimeout(timer);
    document.removeEventListener('pointerdown', onPointerDown);
    document.removeEventListener('pointerup', onPointerUp);
    document.removeEventListener('selectionchange', onSelectionChange);
    viewport.removeEventListener('scroll', onScroll);
  };
}
