import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAnkiPackage } from 'anki-reader';
import { legacyFixture } from '../main/anki/test-support.js';
import { expect, test } from './fixtures.js';
import { importNotes } from './reading.js';
import { chooseTheme, shoot } from './screens.js';

/**
 * Anki in and out from the Drills home: a note's deck exported as an .apkg
 * (read back by anki-reader, not by Lattice: formulas in MathJax's
 * delimiters, the diagram drawn as an SVG image), then an Anki package
 * picked and imported, its deck listed and studied with its formula typeset.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures', 'anki');

test('exports a deck to Anki and imports an Anki deck from the Drills home', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, FIXTURES, /新增 1|1 added/);
  await page
    .locator('.topbar .nav')
    .getByRole('link', { name: /^(刷题|Drills)/ })
    .click();
  const panel = page.getByTestId('anki-panel');
  await expect(panel).toBeVisible();

  const option = panel.getByTestId('anki-deck').locator('option', { hasText: 'Attention 面试题' });
  await panel.getByTestId('anki-deck').selectOption((await option.getAttribute('value'))!);
  const download = page.waitForEvent('download');
  await panel.getByTestId('anki-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Lattice__Attention 面试题.apkg');
  await expect(page.getByTestId('anki-result')).toContainText(/3 (cards|张卡片)/);

  const { collection, media } = await readAnkiPackage(new Blob([readFileSync((await file.path())!)]));
  const deck = Object.values(collection.getDecks()).find((candidate) => candidate.getName() === 'Lattice::Attention 面试题')!;
  const fields = Object.values(deck.getCards()).map((card) => card.getFields());
  expect(fields).toHaveLength(3);
  expect(fields.find((f) => f.Front?.includes('为什么要除以'))?.Front).toContain('\\(\\sqrt{d_k}\\)');
  // The renderer drew the diagram: it goes to Anki as a packaged SVG, not as its source.
  const svgName = Object.keys(media).find((name) => name.endsWith('.svg'))!;
  expect(svgName).toBeTruthy();
  expect(fields.find((f) => f.Front?.includes('RLHF'))?.Back).toContain(`<img src="${svgName}"`);

  await panel
    .getByTestId('anki-import')
    .setInputFiles({ name: 'LLM 面试.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(legacyFixture()) });
  const result = page.getByTestId('anki-result');
  await expect(result).toContainText('LLM 面试');
  await expect(result).toContainText(/3 (cards made|张卡片)/);
  await expect(result).toContainText(/1 (linked|张与笔记)/);
  await result.scrollIntoViewIfNeeded();
  await shoot(page, 'anki-imported-result');

  const row = page.locator('.deck-row', { hasText: 'LLM 面试' });
  await expect(row).toContainText(/3 (cards|张卡片)/);
  for (const theme of ['light', 'dark'] as const) {
    await chooseTheme(page, theme);
    await page
      .locator('.topbar .nav')
      .getByRole('link', { name: /^(刷题|Drills)/ })
      .click();
    await expect(panel).toBeVisible();
    for (const [width, height] of [
      [900, 700],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await panel.scrollIntoViewIfNeeded();
      await shoot(page, `anki-drills-home-${width}x${height}-${theme}`);
    }
  }

  await row.getByRole('link', { name: /^(Study|学习)/ }).click();
  const question = page.getByTestId('card-question');
  await expect(question).toBeVisible();
  // The softmax card is overdue in Anki's schedule, so it comes first, its formula typeset.
  await expect(question).toContainText('softmax');
  await expect(question.locator('.katex').first()).toBeVisible();
  await shoot(page, 'anki-imported-card');
});
