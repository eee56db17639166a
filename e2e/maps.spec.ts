import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { chooseTheme, SCREENS, shoot } from './screens.js';

/**
 * Concept maps at the three window sizes: each map lies inside its frame —
 * it fits, or the frame scrolls sideways to its right edge — and the frame
 * inside the window; every edge label has an opaque background drawn over
 * its edge, so no line strikes through the words.
 */

const SIZES = [
  { width: 900, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

interface MapGeometry {
  frame: { left: number; right: number };
  figureRight: number;
  viewport: number;
  /** The map's left edge with the frame scrolled to its start, its right edge with the frame scrolled to its end. */
  mapLeft: number;
  mapRight: number;
  labels: number;
  /** Edge labels whose background would let the edge show through, or does not cover the words, or is drawn under the edge. */
  struckLabels: string[];
}

function mapGeometry(page: Page): Promise<MapGeometry> {
  return page.evaluate(() => {
    const frame = document.querySelector('.concept-map-frame[data-drawn]') as HTMLElement;
    const svg = frame.querySelector('svg') as SVGSVGElement;
    frame.scrollLeft = 0;
    const mapLeft = svg.getBoundingClientRect().left;
    frame.scrollLeft = frame.scrollWidth;
    const mapRight = svg.getBoundingClientRect().right;
    const box = frame.getBoundingClientRect();
    const struckLabels: string[] = [];
    const labels = Array.from(svg.querySelectorAll<SVGGElement>('g.edgeLabel')).filter((label) => (label.textContent ?? '').trim());
    const edges = svg.querySelector('g.edgePaths');
    for (const label of labels) {
      const words = label.textContent?.trim() ?? '';
      const rect = label.querySelector('rect');
      const text = label.querySelector('text');
      if (!rect || !text) {
        struckLabels.push(`${words}: no background`);
        continue;
      }
      const style = getComputedStyle(rect);
      const fill = style.fill.match(/[\d.]+/g)?.map(Number) ?? [];
      const isOpaque = Number(style.opacity) === 1 && style.fill !== 'none' && (fill.length < 4 || fill[3] === 1);
      const under = rect.getBoundingClientRect();
      const over = text.getBoundingClientRect();
      const covers =
        under.left <= over.left + 0.5 &&
        under.right >= over.right - 0.5 &&
        under.top <= over.top + 0.5 &&
        under.bottom >= over.bottom - 0.5;
      // Later in the document is painted on top.
      const isAbove = !edges || Boolean(edges.compareDocumentPosition(label) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (!isOpaque || !covers || !isAbove)
        struckLabels.push(`${words}: opacity ${style.opacity}, fill ${style.fill}, covers ${covers}, above ${isAbove}`);
    }
    frame.scrollLeft = 0;
    return {
      frame: { left: box.left, right: box.right },
      figureRight: (frame.closest('figure') as HTMLElement).getBoundingClientRect().right,
      viewport: document.documentElement.clientWidth,
      mapLeft,
      mapRight,
      labels: labels.length,
      struckLabels,
    };
  });
}

const MAPS = ['concept-page', 'concepts-path', 'concepts-overview'] as const;

for (const theme of ['light', 'dark'] as const) {
  test(`maps are never cut off at the right and their edge labels are never struck through (${theme})`, async ({ lattice }) => {
    test.setTimeout(240_000);
    const { page } = lattice;
    await chooseTheme(page, theme);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const name of MAPS) {
        await SCREENS.find((screen) => screen.name === name)?.open(page);
        if (name === 'concept-page') {
          // Two steps out from PPO: the widest map of the starter library's neighbourhoods.
          await page.getByRole('button', { name: /^(两步以内|Two steps)$/ }).click();
          await expect(page.locator('.concept-map-frame[data-drawn] svg g.node')).not.toHaveCount(0);
          await expect(async () => expect((await mapGeometry(page)).labels).toBeGreaterThan(5)).toPass();
        }
        const map = await mapGeometry(page);
        const where = `${name} at ${size.width}×${size.height}`;
        expect(map.frame.right, `${where}: the map's frame ends inside the window`).toBeLessThanOrEqual(map.viewport);
        expect(map.frame.right, `${where}: the frame ends inside its figure`).toBeLessThanOrEqual(map.figureRight);
        expect(map.mapLeft, `${where}: the map starts inside its frame`).toBeGreaterThanOrEqual(map.frame.left - 1);
        expect(map.mapRight, `${where}: the map's right edge can be seen in its frame`).toBeLessThanOrEqual(map.frame.right + 1);
        expect(map.labels, `${where}: edge labels drawn`).toBeGreaterThan(0);
        expect(map.struckLabels, `${where}: edge labels struck through by their edge`).toEqual([]);
        await shoot(page, `map-${name}-${theme}-${size.width}x${size.height}`);
      }
    }
  });
}
