import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures.js';
import { importNotes } from './reading.js';

/**
 * Mastery where the person already looks: the library's cards, the reader's
 * table of contents, the concept map, a concept page and the path finder,
 * before any review and after grading through the API (the note's two PPO
 * cards failed, its SFT and RM cards answered well). The starter library is
 * there too, so concepts hold more cards than the fixture's. Marks are read
 * from the shape and words a person sees, not only the colour.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures', 'mastery');

interface Concept {
  id: number;
  name: string;
}

const noteCard = (page: Page, title: string) => page.locator('.note-card', { hasText: title });

async function openLibrary(page: Page): Promise<void> {
  await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
  await expect(page.locator('.note-card').first()).toBeVisible();
}

/** The map's node of a concept, once the map is drawn and its mastery applied. */
async function mapNode(page: Page, conceptId: number) {
  const frame = page.locator('.concept-neighbourhood .concept-map-frame');
  await expect(frame).toHaveAttribute('data-drawn', 'true');
  await expect(frame).toHaveAttribute('data-mastery', 'true');
  return frame.locator(`g.node[data-concept-id="${conceptId}"]`);
}

async function conceptNamed(page: Page, name: string): Promise<Concept> {
  const found = (await callApi<Concept[]>(page, 'concepts.list', { q: name })).find((c) => c.name === name);
  expect(found, `concept ${name}`).toBeDefined();
  return found as Concept;
}

test('marks in the library, the contents, the concept map and the path finder change after grading', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, FIXTURES, /新增 2|2 added/);

  // Before any review: every note with cards reads "not studied", with a legend.
  await openLibrary(page);
  const alignment = noteCard(page, 'RLHF 对齐小测');
  await expect(alignment.locator('.mastery-mark')).toHaveAttribute('data-mastery', 'unstudied');
  await expect(alignment.getByRole('img', { name: /^(Not studied|未学习)/ })).toBeVisible();
  await expect(alignment).toContainText(/Not studied|未学习/);
  await expect(page.locator('.library .mastery-legend')).toContainText(/Weak|薄弱/);

  const [sft, rm, ppo] = [await conceptNamed(page, 'SFT'), await conceptNamed(page, 'RM'), await conceptNamed(page, 'PPO')];
  await page.evaluate((hash) => (location.hash = hash), `#/concept/${ppo.id}`);
  await expect(await mapNode(page, ppo.id)).toHaveAttribute('data-mastery', 'unstudied');
  await expect(page.getByTestId('concept-mastery')).toContainText(/ 0 of \d+ cards|已学 0\/\d+/);

  // "Study this" starts a session of the cards of PPO and of its neighbours.
  await page.getByRole('link', { name: /^(Study this|学习这个概念)$/ }).click();
  await expect(page.locator('#review-title')).toContainText('PPO');
  await expect(page.getByTestId('card-question')).toBeVisible();

  // The note's PPO cards are failed, its SFT and RM cards answered well.
  const notes = await callApi<{ id: number; title: string }[]>(page, 'notes.list', {});
  const noteId = notes.find((n) => n.title === 'RLHF 对齐小测')?.id;
  const cards = await callApi<{ id: string; question: string }[]>(page, 'drills.list', { noteId });
  expect(cards).toHaveLength(4);
  for (const card of cards) await callApi(page, 'drills.grade', { cardId: card.id, rating: card.question.includes('PPO') ? 1 : 3 });

  // The library: the note is now weak (2 of its 4 cards just failed); the other note is still not studied.
  await openLibrary(page);
  await expect(alignment.locator('.mastery-mark')).toHaveAttribute('data-mastery', 'weak');
  await expect(alignment.getByRole('img', { name: /^(Weak|薄弱)/ })).toBeVisible();
  await expect(noteCard(page, '点积缩放小测').locator('.mastery-mark')).toHaveAttribute('data-mastery', 'unstudied');

  // The contents: the section of the failed cards is weak, the other learning.
  await alignment.click();
  await expect(page.locator('.note-body[data-painted]')).toBeVisible();
  const toc = page.locator('.reader-toc');
  await expect(toc.locator('li', { hasText: '强化学习' }).locator('.mastery-mark')).toHaveAttribute('data-mastery', 'weak');
  await expect(toc.locator('li', { hasText: '基础' }).locator('.mastery-mark')).toHaveAttribute('data-mastery', 'learning');
  await expect(toc.locator('li', { hasText: 'PPO 的 clip' }).getByRole('img')).toHaveAttribute('aria-label', /^(Weak|薄弱)/);

  // The map: PPO weak, SFT learning (its colour and its badge's shape), a legend saying so.
  await page.evaluate((hash) => (location.hash = hash), `#/concept/${ppo.id}`);
  const node = await mapNode(page, ppo.id);
  await expect(node).toHaveAttribute('data-mastery', 'weak');
  await expect(node).toHaveAccessibleName('PPO');
  await expect(node).toHaveAccessibleDescription(/^(Weak|薄弱)/);
  await expect(node.locator('title')).toHaveText(/^PPO — (Weak|薄弱)/);
  await expect(node.locator('.mastery-badge')).toHaveCount(1);
  await expect(await mapNode(page, rm.id)).toHaveAttribute('data-mastery', 'learning');
  await expect(page.locator('.concept-neighbourhood .mastery-legend')).toContainText(/Learning|学习中/);
  await expect(page.getByTestId('concept-mastery')).toContainText(/ 2 of \d+ cards|已学 2\/\d+/);

  // The path finder: of SFT → RM → PPO, PPO is the step not known.
  await page.evaluate(({ from, to }) => (location.hash = `#/concepts/path?from=${from}&to=${to}`), { from: sft.name, to: ppo.name });
  await expect(page.getByTestId('weakest-link')).toContainText(/(Weakest link|最薄弱的一环)：?:? ?PPO/);
  await expect(page.locator('.path-steps li.is-weakest')).toContainText('PPO');
});
