import type { Mastery, MasteryLevel } from '../../../main/api/contract.js';
import { preferences } from '../state/preferences.svelte.js';

/*
 * What a mastery mark looks like and says, in one place for the library, the
 * table of contents, the concept maps and the path finder. Each level has its
 * own shape (colour is never the only signal): ○ not studied, ▲ weak,
 * ◐ learning, ● solid. Paths are in a 12 × 12 box.
 */

export const MASTERY_LEVELS: readonly MasteryLevel[] = ['unstudied', 'weak', 'learning', 'solid'];

const RING = 'M6,1.5 A4.5,4.5 0 1,1 5.99,1.5 Z';

/** The shapes of a level's mark: what is outlined and what is filled. */
export const MASTERY_SHAPES: Record<MasteryLevel, { outline?: string; fill?: string }> = {
  unstudied: { outline: RING },
  weak: { fill: 'M6,0.8 L11.4,10.8 L0.6,10.8 Z' },
  learning: { outline: RING, fill: 'M6,1.5 A4.5,4.5 0 0,0 6,10.5 Z' },
  solid: { fill: RING },
};

/** The level's name in the person's language. */
export function masteryWord(level: MasteryLevel): string {
  return preferences.t(`mastery.${level}`);
}

/** What a mark says when pointed at or read aloud: the level, then the figures behind it. */
export function masteryDetail(mastery: Mastery): string {
  return preferences.t('mastery.detail', {
    level: masteryWord(mastery.level),
    reviewed: mastery.reviewed,
    cards: mastery.cards,
    recall: Math.round(mastery.recall * 100),
  });
}

const SVG = 'http://www.w3.org/2000/svg';

/** The mark as SVG nodes (for a drawn map, where no component can mount), `size` units wide at (x, y). */
export function masteryBadge(level: MasteryLevel, x: number, y: number, size: number): SVGGElement {
  const group = document.createElementNS(SVG, 'g');
  group.setAttribute('class', 'mastery-badge');
  group.setAttribute('aria-hidden', 'true');
  group.setAttribute('transform', `translate(${x} ${y}) scale(${size / 12})`);
  const back = document.createElementNS(SVG, 'circle');
  back.setAttribute('class', 'badge-back');
  back.setAttribute('cx', '6');
  back.setAttribute('cy', '6');
  back.setAttribute('r', '6.5');
  group.append(back);
  const shape = MASTERY_SHAPES[level];
  if (shape.fill) {
    const fill = document.createElementNS(SVG, 'path');
    fill.setAttribute('d', shape.fill);
    fill.setAttribute('class', 'badge-fill');
    fill.setAttribute('fill', 'currentColor');
    group.append(fill);
  }
  if (shape.outline) {
    const outline = document.createElementNS(SVG, 'path');
    outline.setAttribute('d', shape.outline);
    outline.setAttribute('class', 'badge-outline');
    outline.setAttribute('fill', 'none');
    outline.setAttribute('stroke', 'currentColor');
    outline.setAttribute('stroke-width', '1.5');
    group.append(outline);
  }
  return group;
}
