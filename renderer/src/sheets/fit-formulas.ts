/**
 * A display formula wider than its column in the sheet preview is shrunk to
 * fit (no further than MIN_SCALE, below which it would be unreadable; past
 * that it scrolls inside its column). Scrolling alone showed a formula cut at
 * the column's edge, with nothing saying there was more.
 */

const MIN_SCALE = 0.55;

/** Fits every display formula under `root` to its column; call again after the sheet or its layout changes. */
export function fitWideFormulas(root: HTMLElement): void {
  const blocks = [...root.querySelectorAll<HTMLElement>('.math-display')];
  const formulas = blocks.map((block) => block.firstElementChild as HTMLElement | null);
  // Reset, then measure all, then write: one layout for the whole sheet, not one per formula.
  for (const formula of formulas) formula?.style.removeProperty('zoom');
  const ratios = blocks.map((block) => (block.scrollWidth > 0 ? block.clientWidth / block.scrollWidth : 1));
  formulas.forEach((formula, i) => {
    const ratio = ratios[i] ?? 1;
    if (formula && ratio < 0.999) formula.style.zoom = String(Math.max(MIN_SCALE, Math.floor(ratio * 1000) / 1000));
  });
}
