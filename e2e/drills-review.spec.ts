import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures.js';
import { importNotes } from './reading.js';

/**
 * The review screen as a person uses it: three notes of interview questions
 * in the styles real collections use (### questions with display formulas,
 * numbered questions, a table answer, a question with no answer yet — which
 * stays out of sessions until the person writes one), a session done on the
 * keyboard alone, undo, open in note and back, editing a card, and the drill
 * settings.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures', 'drills-review');
const INTERVAL = /^(\d+(\.\d)?(m|h|d|mo|y)|\d+(\.\d)?(分钟|小时|天|个月|年))$/;

const badge = (page: Page) => page.getByTestId('drills-due');
const question = (page: Page) => page.getByTestId('card-question');
const answer = (page: Page) => page.getByTestId('card-answer');
const summary = (page: Page) => page.getByTestId('session-summary');

/** The top bar's count once it has caught up with the last change. */
async function badgeCount(page: Page): Promise<number> {
  await expect(page.getByTestId('drills-nav')).not.toHaveAttribute('data-refreshing');
  return (await badge(page).count()) === 0 ? 0 : Number(await badge(page).textContent());
}

/** What the review's progress line says is left today. */
async function leftToday(page: Page): Promise<number> {
  await expect(page.getByTestId('review-progress')).not.toHaveAttribute('data-counting');
  const text = (await page.getByTestId('review-progress').textContent()) ?? '';
  return Number(/(\d+)\D*$/.exec(text)?.[1]);
}

/** The answer's visible text: KaTeX keeps the TeX in hidden MathML for screen readers, which is not what a person sees. */
function visibleAnswerText(page: Page): Promise<string> {
  return answer(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.katex-mathml').forEach((hidden) => hidden.remove());
    return copy.textContent ?? '';
  });
}

/** Imports the fixtures and starts a session on their folder from the Drills home. */
async function studyFixtures(lattice: Parameters<typeof importNotes>[0]): Promise<Page> {
  const { page } = lattice;
  await importNotes(lattice, FIXTURES, /新增 3|3 added/);
  await page
    .locator('.topbar .nav')
    .getByRole('link', { name: /^(刷题|Drills)/ })
    .click();
  const row = page.locator('.deck-row', { hasText: 'drills-review' });
  // Eight answered questions; the ninth has no answer yet and waits under "Questions to answer".
  await expect(row).toContainText(/8 (张卡片|cards)/);
  await row.getByRole('link', { name: /^(Study|学习)/ }).click();
  await expect(question(page)).toBeVisible();
  return page;
}

/** Presses a key that moves the session on (a grade, undo, bury) and waits until the next showing is on screen. */
async function pressAndWait(page: Page, key: string): Promise<void> {
  const session = page.locator('section.review');
  const before = await session.getAttribute('data-showing');
  await page.keyboard.press(key);
  await expect(session).not.toHaveAttribute('data-showing', before ?? '');
  await expect(question(page).or(summary(page))).toBeVisible();
}

/** Shows the answer of the card on screen, asserting it was not in the page before. */
async function reveal(page: Page): Promise<void> {
  await expect(question(page)).toBeVisible();
  await expect(answer(page)).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(answer(page)).toBeVisible();
}

test('a whole session on the keyboard: answers hidden until Space, formulas and tables as in the reader, intervals, undo, the count in the top bar, the summary', async ({
  lattice,
}) => {
  const page = await studyFixtures(lattice);
  await expect.poll(() => badgeCount(page)).toBeGreaterThan(0);

  let grades = 0;
  let agains = 0;
  let hasUndone = false;
  const seen = new Set<string>();
  for (let showing = 0; showing < 40 && !(await summary(page).isVisible()); showing++) {
    const asked = (await question(page).innerText()).trim();
    await reveal(page);
    const intervals = await page.getByTestId('grade-interval').allInnerTexts();
    expect(intervals).toHaveLength(4);
    for (const interval of intervals) expect(interval.trim()).toMatch(INTERVAL);

    if (asked.includes('除以')) {
      // The question's own formula and the answer's display formula are typeset, no TeX left as text.
      await expect(question(page).locator('.katex')).toBeVisible();
      await expect(answer(page).locator('.katex-display')).toBeVisible();
      expect(await visibleAnswerText(page)).not.toContain('\\frac');
      await expect(answer(page)).toContainText('训练更稳定');
      await expect(page.getByTestId('card-context')).toHaveText('缩放点积');
      await expect(page.locator('.review-note')).toContainText('注意力机制面试题');
    }
    if (asked.includes('LoRA 和全量微调')) {
      const table = answer(page).locator('table');
      await expect(table).toBeVisible();
      await expect(table.locator('th')).toHaveText(['方面', 'LoRA', '全量微调']);
      await expect(table.locator('.katex').first()).toBeVisible();
    }

    const isFirstShowing = !seen.has(asked);
    seen.add(asked);
    const key = grades === 0 ? '3' : grades === 1 ? '1' : '4';
    const before = await badgeCount(page);
    const leftBefore = await leftToday(page);
    await pressAndWait(page, key);
    grades++;
    if (key === '1') agains++;
    // Easy on a new card puts it days away: one card fewer today, in the top bar too.
    if (key === '4' && isFirstShowing) await expect.poll(() => badgeCount(page)).toBe(before - 1);

    if (key === '4' && isFirstShowing && !hasUndone) {
      hasUndone = true;
      await pressAndWait(page, 'z');
      // The undone card is back, question side, and counted as due again.
      await expect(question(page)).toHaveText(asked);
      await expect(answer(page)).toHaveCount(0);
      await expect.poll(() => badgeCount(page)).toBe(before);
      await expect.poll(() => leftToday(page)).toBe(leftBefore);
      grades--;
      await reveal(page);
      await pressAndWait(page, '4');
      grades++;
      await expect.poll(() => badgeCount(page)).toBe(before - 1);
    }
  }

  expect(hasUndone).toBe(true);
  expect(seen.size).toBe(8);
  // The question the note leaves unanswered never came up: there is nothing to recall yet.
  expect([...seen].filter((asked) => asked.includes('KV cache'))).toEqual([]);
  await expect(summary(page)).toBeVisible();
  // Eight cards, some graded more than once (Good and Again bring a new card back the same day).
  await expect(page.getByTestId('summary-reviewed')).toHaveText(/^(8 cards reviewed|复习了 8 张卡片)$/);
  await expect(page.getByTestId('review-progress')).toContainText(new RegExp(`^(${grades} done|已完成 ${grades})`));
  await expect(page.getByTestId('summary-again')).toHaveText(new RegExp(`^(${agains} times? Again|${agains} 次“重来”)$`));
  await expect(page.getByTestId('summary-time')).toContainText(/\d+ (s|秒)/);
  await page.getByRole('link', { name: /Back to the decks|返回卡组/ }).click();
  await expect(page.locator('.deck-row', { hasText: 'drills-review' })).toContainText(/0 left today|今天还剩 0 张/);
});

test('open in note shows the question flashed in its section, and the way back resumes the session on that card', async ({ lattice }) => {
  const page = await studyFixtures(lattice);
  const first = await question(page).innerText();
  await reveal(page);
  await pressAndWait(page, '4');
  await expect(question(page)).not.toHaveText(first);
  await expect(page.getByTestId('review-progress')).toContainText(/1 done|已完成 1/);
  const asked = (await question(page).innerText()).trim();

  await page.keyboard.press('o');
  await expect(page.locator('.note-body[data-painted]')).toBeVisible();
  // The question is flashed where it stands in the note (the reader's search-hit highlight).
  const flashed = (): Promise<string> =>
    page.evaluate(() => {
      const highlight = (CSS.highlights as unknown as Map<string, Set<Range>>).get('search-match');
      return highlight ? [...highlight].map((range) => range.toString()).join('') : '';
    });
  await expect.poll(async () => (await flashed()).replace(/\s+/g, '')).toBe(asked.replace(/\s+/g, ''));

  await page.getByTestId('return-to-session').click();
  await expect(question(page)).toHaveText(asked);
  await expect(answer(page)).toHaveCount(0);
  // The session went on: the grade given before leaving still counts.
  await expect(page.getByTestId('review-progress')).toContainText(/1 done|已完成 1/);
  await expect(page.getByTestId('return-to-session')).toHaveCount(0);
});

test('edit a card: change an answer, write the answer a question lacks; both show on the card', async ({ lattice }) => {
  const page = await studyFixtures(lattice);
  const answerField = page.getByRole('textbox', { name: /^(Answer|答案)$/ });

  // An answered card: the editor starts from the note's Markdown, formulas as written; the change shows on the card.
  await expect(question(page)).not.toContainText('KV cache');
  await reveal(page);
  await page.keyboard.press('e');
  await expect(answerField).toBeVisible();
  const written = await answerField.inputValue();
  expect(written.trim().length).toBeGreaterThan(0);
  expect(written).not.toContain('<');
  await answerField.fill(`${written}\n\n补充：面试时先说结论，再推 $\\frac{1}{\\sqrt{d_k}}$。`);
  await page.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await expect(answer(page)).toContainText('面试时先说结论');
  await expect(answer(page).locator('.katex').last()).toBeVisible();
  expect(await visibleAnswerText(page)).not.toContain('\\frac');

  // The question with no answer is written under "Questions to answer"; it then enters the session.
  await page.goto(new URL('#/drills/unanswered', page.url()).href);
  const unanswered = page.locator('.unanswered-item', { hasText: 'KV cache' });
  await unanswered.getByRole('textbox').fill('缓存每一步的 $K$、$V$，解码时不再重复计算：显存约 $2 \\cdot n_{layer} \\cdot d \\cdot L$。');
  await unanswered.getByRole('button', { name: /^(Save answer|保存答案)$/ }).click();
  await expect(page.locator('.unanswered-item', { hasText: 'KV cache' })).toHaveCount(0);
  await page.goto(new URL('#/drills', page.url()).href);
  const row = page.locator('.deck-row', { hasText: 'drills-review' });
  await expect(row).toContainText(/9 (张卡片|cards)/);
  await row.getByRole('link', { name: /^(Study|学习)/ }).click();
  // Set the other cards aside (bury, B) until the newly answered one comes up.
  for (let i = 0; i < 9 && !(await question(page).innerText()).includes('KV cache'); i++) {
    await pressAndWait(page, 'b');
  }
  await expect(question(page)).toContainText('KV cache');
  await reveal(page);
  await expect(answer(page)).toContainText('解码时不再重复计算');
  await expect(answer(page).locator('.katex').first()).toBeVisible();

  // The answer is kept with the card: graded, undone, shown again, it is still there.
  await pressAndWait(page, '4');
  await pressAndWait(page, 'z');
  await expect(question(page)).toContainText('KV cache');
  await reveal(page);
  await expect(answer(page)).toContainText('解码时不再重复计算');
});

test('drill settings: retention out of range is refused with the reason; limits saved move the top-bar count, and so does an import', async ({
  lattice,
}) => {
  const { page } = lattice;
  await page
    .locator('.topbar .nav')
    .getByRole('link', { name: /^(设置|Settings)$/ })
    .click();
  const section = page.getByTestId('drill-settings');
  const retention = section.getByRole('spinbutton', { name: /Desired retention|目标记忆保持率/ });
  await expect(retention).toHaveValue('0.9');
  await expect(section).toContainText(/chance you still recall|仍然记得/);

  await retention.fill('0.5');
  await section.getByRole('button', { name: /Save drill settings|保存刷题设置/ }).click();
  await expect(section.getByRole('alert')).toContainText(/(Not saved|未保存).*0\.7/);
  await page.reload();
  await expect(page.getByTestId('drill-settings').getByRole('spinbutton', { name: /Desired retention|目标记忆保持率/ })).toHaveValue('0.9');

  // Enough new cards a day that every card counts: the starter library's cards, then the imported ones too.
  await page
    .getByTestId('drill-settings')
    .getByRole('spinbutton', { name: /New cards per day|每天新卡片数/ })
    .fill('1000');
  await page
    .getByTestId('drill-settings')
    .getByRole('spinbutton', { name: /Desired retention|目标记忆保持率/ })
    .fill('0.85');
  await page
    .getByTestId('drill-settings')
    .getByRole('button', { name: /Save drill settings|保存刷题设置/ })
    .click();
  await expect(page.getByTestId('drill-settings-result')).toHaveText(/Saved|已保存/);
  await expect.poll(() => badgeCount(page)).toBeGreaterThan(20);
  const starterCards = await badgeCount(page);
  await importNotes(lattice, FIXTURES, /新增 3|3 added/);
  // The eight answered questions; the one with no answer is not due until it has one.
  await expect.poll(() => badgeCount(page)).toBe(starterCards + 8);
});

test('the top-bar count catches up with grades given elsewhere when the window comes back into focus', async ({ lattice }) => {
  const { page } = lattice;
  await expect.poll(() => badgeCount(page)).toBe(20);
  // Another window (or the command line) grades two new cards Easy: two fewer left today.
  for (let i = 0; i < 2; i++) {
    const next = await callApi<{ card: { id: string } }>(page, 'drills.next', {});
    await callApi(page, 'drills.grade', { cardId: next.card.id, rating: 4 });
  }
  expect(await badgeCount(page)).toBe(20);
  await page.evaluate(() => dispatchEvent(new Event('focus')));
  await expect.poll(() => badgeCount(page)).toBe(18);
});

test('a concept page starts a session of the cards that name the concept or a concept linked to it', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, FIXTURES, /新增 3|3 added/);
  const existing = await callApi<{ id: number; name: string }[]>(page, 'concepts.list', { q: 'QLoRA' });
  const concept = existing.find((c) => c.name === 'QLoRA') ?? (await callApi<{ id: number }>(page, 'concepts.create', { name: 'QLoRA' }));

  // The names a card of this deck may use: the concept's and its neighbours', with their aliases.
  type Detail = {
    id: number;
    name: string;
    aliases: { alias: string }[];
    outgoing: Record<string, { to: { id: number } }[]>;
    incoming: Record<string, { from: { id: number } }[]>;
  };
  const detail = await callApi<Detail>(page, 'concepts.get', { id: concept.id });
  const neighbours = [
    ...Object.values(detail.outgoing)
      .flat()
      .map((l) => l.to.id),
    ...Object.values(detail.incoming)
      .flat()
      .map((l) => l.from.id),
  ];
  const names: string[] = [];
  for (const id of [concept.id, ...neighbours]) {
    const each = await callApi<Detail>(page, 'concepts.get', { id });
    names.push(each.name, ...each.aliases.map((a) => a.alias));
  }
  const namesOne = (text: string): boolean => names.some((name) => text.toLowerCase().includes(name.toLowerCase()));

  await page.evaluate((hash) => (location.hash = hash), `#/concept/${concept.id}`);
  await page.getByRole('link', { name: /^(Study this|学习这个概念)$/ }).click();
  await expect(page.locator('#review-title')).toContainText('QLoRA');

  const asked: string[] = [];
  for (let i = 0; i < 40 && !(await summary(page).isVisible()); i++) {
    const text = (await question(page).innerText()).trim();
    await reveal(page);
    const whole = `${text}\n${await visibleAnswerText(page)}`;
    expect(namesOne(whole), `${whole.slice(0, 80)} names none of ${names.join(', ')}`).toBe(true);
    asked.push(text);
    await pressAndWait(page, 'b');
  }
  await expect(summary(page)).toBeVisible();
  expect(asked).toContain('QLoRA 为什么能省显存？');
  // A question about something else entirely is not in the concept's deck.
  expect(asked.some((text) => text.includes('除以'))).toBe(false);
});
