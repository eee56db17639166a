import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import type { Page } from '@playwright/test';
import { expect, repoRoot, test } from './fixtures.js';
import type { LatticeApp } from './fixtures.js';
import { lowContrastControls } from './contrast.js';
import { importNotes } from './reading.js';
import { chooseTheme } from './screens.js';

/**
 * Two interview notes of our own: `###` questions with formulas and a table,
 * `1.xxx` / `11、xxx` numbered ones, and one numbered question the note
 * leaves unanswered (`12、如何降低首 token 延迟`).
 */
const NOTES = join(repoRoot, 'e2e', 'fixtures', 'interview');
const DAY = 86_400_000;
const scheduler = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: true }));

/** A local date n days from today, as the date input holds it. */
function localDay(days: number): string {
  const day = new Date();
  day.setDate(day.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
const noonOf = (date: string) => new Date(`${date}T12:00:00`);

interface StoredCard {
  id: string;
  question: string;
  /** From the note or typed by the person: a question still to answer is in no session. */
  hasAnswer: boolean;
  card: Card;
}

/**
 * Gives cards the history a person would have made on earlier days: each
 * grade is ts-fsrs's, at the time given, written to the store the way the app
 * writes a grade's result (the app has no way to grade in the past).
 */
function reviewedEarlier(lattice: LatticeApp, grades: { question: RegExp; at: number[]; ratings: Grade[] }[]): void {
  // Our folder's cards only: the starter library asks about RoPE and GQA too.
  const rows = storedCards(lattice);
  const db = new Database(join(lattice.dataDir, 'lattice.db'));
  try {
    for (const { question, at, ratings } of grades) {
      const row = rows.find((r) => question.test(r.question));
      if (!row) throw new Error(`no card asks ${question}`);
      let card = createEmptyCard(new Date(at[0]!));
      ratings.forEach((rating, i) => (card = scheduler.next(card, new Date(at[i]!), rating).card));
      db.prepare(
        `UPDATE cards SET due = ?, stability = ?, difficulty = ?, elapsed_days = ?, scheduled_days = ?, learning_steps = ?,
           reps = ?, lapses = ?, state = ?, last_review = ? WHERE id = ?`,
      ).run(
        card.due.toISOString(),
        card.stability,
        card.difficulty,
        card.elapsed_days,
        card.scheduled_days,
        card.learning_steps,
        card.reps,
        card.lapses,
        card.state,
        card.last_review!.toISOString(),
        row.id,
      );
    }
  } finally {
    db.close();
  }
}

/** The cards of our folder as stored, in the order they were made (the notes' order). */
function storedCards(lattice: LatticeApp): StoredCard[] {
  const db = new Database(join(lattice.dataDir, 'lattice.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT cards.* FROM cards JOIN notes ON notes.id = cards.note_id JOIN libraries ON libraries.id = notes.library_id
         WHERE libraries.name = 'interview' ORDER BY cards.created_at, cards.id`,
      )
      .all() as Record<string, string | number | null>[];
    return rows.map((row) => ({
      id: String(row.id),
      question: String(row.question_exact),
      hasAnswer: row.answer_start !== null || row.answer_override !== null,
      card: {
        due: new Date(String(row.due)),
        stability: Number(row.stability),
        difficulty: Number(row.difficulty),
        elapsed_days: Number(row.elapsed_days),
        scheduled_days: Number(row.scheduled_days),
        learning_steps: Number(row.learning_steps),
        reps: Number(row.reps),
        lapses: Number(row.lapses),
        state: Number(row.state),
        ...(row.last_review ? { last_review: new Date(String(row.last_review)) } : {}),
      },
    }));
  } finally {
    db.close();
  }
}

const recallOn = (card: Card, date: string) => (card.state === 0 ? 0 : scheduler.get_retrievability(card, noonOf(date), false));

async function openDrill(page: Page, view: 'interview' | 'mock'): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/drills/${view}`);
}

async function coverOurFolder(page: Page): Promise<void> {
  await page
    .locator('.deck-chooser label', { hasText: /(Folder|文件夹): interview/ })
    .getByRole('checkbox')
    .check();
}

test.describe('interview mode', () => {
  test('an interview date and decks show the predicted recall; "before the interview" shows the cards lowest on the day first', async ({
    lattice,
  }) => {
    test.setTimeout(90_000);
    const { page } = lattice;
    await importNotes(lattice, NOTES, /新增 2|2 added/);
    const now = Date.now();
    reviewedEarlier(lattice, [
      // Learnt three weeks ago and never since: low on the day.
      { question: /RoPE/, at: [now - 21 * DAY, now - 21 * DAY + 600_000], ratings: [3, 3] },
      // Known well a fortnight ago: lower than 85% by the day, but less low.
      { question: /GQA/, at: [now - 15 * DAY], ratings: [4] },
      // Reviewed twice lately: already ready, never asked.
      { question: /估算 KV cache/, at: [now - 12 * DAY, now - 2 * DAY], ratings: [4, 4] },
    ]);
    const date = localDay(5);
    const stored = storedCards(lattice);
    expect(stored).toHaveLength(7);
    // The question still to answer has no recall to predict and is never shown: the plan counts it apart.
    const cards = stored.filter((c) => c.hasAnswer);
    expect(stored.filter((c) => !c.hasAnswer).map((c) => c.question)).toEqual(['如何降低首 token 延迟']);
    const expectedMean = cards.reduce((sum, c) => sum + recallOn(c.card, date), 0) / cards.length;

    await openDrill(page, 'interview');
    await expect(page.getByRole('heading', { name: /^(Interview plan|面试计划)$/ })).toBeVisible();
    await page.getByLabel(/^(Interview date|面试日期)$/).fill(date);
    await coverOurFolder(page);
    const overall = page.getByTestId('interview-overall');
    await expect(page.getByRole('heading', { name: /5 days to go|还有 5 天/ })).toBeVisible();
    await expect(overall).toContainText(`${Math.floor(expectedMean * 100)}%`);
    await expect(overall).toContainText(/5 cards below 85%|5 张卡片低于 85%/);
    const row = page.locator('.per-deck tbody tr', { hasText: 'interview' });
    await expect(row).toHaveCount(1);
    await expect(row.locator('td').first()).toHaveText('6');
    await expect(page.getByTestId('interview-to-answer')).toContainText(/^\s*(1 question your notes leave unanswered|笔记里还有 1 个问题)/);

    // A date in the past is refused with a reason, and the plan stays.
    await page.getByLabel(/^(Interview date|面试日期)$/).fill(localDay(-3));
    await expect(page.getByRole('alert')).toContainText(/in the past|已经过去/);
    await expect(page.getByLabel(/^(Interview date|面试日期)$/)).toHaveValue(date);
    await expect(page.getByRole('heading', { name: /5 days to go|还有 5 天/ })).toBeVisible();

    // The session: never-reviewed cards (0 on the day) in the notes' order, then RoPE, then GQA; the ready card never.
    const byRecall = cards
      .map((c) => ({ ...c, recall: recallOn(c.card, date) }))
      .filter((c) => c.recall < 0.85)
      .sort((a, b) => a.recall - b.recall);
    expect(byRecall.slice(-2).map((c) => c.question)).toEqual([expect.stringContaining('RoPE'), expect.stringContaining('GQA')]);
    await page.getByRole('button', { name: /^(Before the interview|面试前复习)$/ }).click();
    const shown: string[] = [];
    for (let i = 0; i < byRecall.length; i += 1) {
      const card = page.getByTestId('session-card');
      await expect(card).toHaveAttribute('data-card-id', byRecall[i]!.id);
      // The answer never shows before the person asks for it.
      await expect(page.getByTestId('session-answer')).toHaveCount(0);
      shown.push((await page.getByTestId('session-question').innerText()).trim());
      await page.keyboard.press('Space');
      await expect(page.getByTestId('session-answer')).toBeVisible();
      if (i === 0) await expect(page.getByTestId('session-answer').locator('.katex').first()).toBeVisible();
      await page.keyboard.press('4');
      if (i === 0) {
        // Z takes the grade back: the same card, its answer hidden again.
        await expect(page.getByTestId('session-card')).toHaveAttribute('data-card-id', byRecall[1]!.id);
        await expect(page.getByTestId('session-reviewed')).toContainText('1');
        await page.keyboard.press('z');
        await expect(page.getByTestId('session-reviewed')).toContainText('0');
        await expect(page.getByTestId('session-card')).toHaveAttribute('data-card-id', byRecall[0]!.id);
        await expect(page.getByTestId('session-answer')).toHaveCount(0);
        await page.keyboard.press('Space');
        await page.keyboard.press('4');
      }
    }
    expect(shown.at(-2)).toContain('RoPE');
    expect(shown.at(-1)).toContain('GQA');
    await expect(page.getByRole('status')).toContainText(/Done for now|暂时完成/);
    await expect(page.getByTestId('session-reviewed')).toContainText('5');

    await page
      .getByRole('button', { name: /^(Back to the plan|返回面试计划)$/ })
      .first()
      .click();
    await expect(overall).toContainText(/0 cards below 85%|0 张卡片低于 85%/);
    // Coming back, the covered folder is listed right after "Everything", whatever the list's length.
    await expect(page.locator('.deck-chooser li').nth(1)).toContainText(/(Folder|文件夹): interview/);
    await expect(page.locator('.deck-chooser li').nth(1).getByRole('checkbox')).toBeChecked();
    await openDrill(page, 'mock');
    await expect(page.getByRole('heading', { name: /^(Mock interview|模拟面试)$/ })).toBeVisible();
    await openDrill(page, 'interview');
    await expect(overall).toBeVisible();
    await expect(page.locator('.deck-chooser li').nth(1)).toContainText(/(Folder|文件夹): interview/);
    await expect(overall.locator('.recall-bar')).toContainText(/ready|已达标/);

    // The question still to answer: written from the plan's link, it joins the plan as a new card (0 on the day).
    await page.getByRole('link', { name: /^(Write the answers|去写答案)$/ }).click();
    const item = page.locator('.unanswered-item', { hasText: '如何降低首 token 延迟' });
    await expect(page.locator('.unanswered-item')).toHaveCount(1);
    await item.getByRole('textbox').fill('预填充与解码分离，$\\text{TTFT}$ 靠分块预填充压低。');
    await item.getByRole('button', { name: /^(Save answer|保存答案)$/ }).click();
    await expect(page.locator('.unanswered-item')).toHaveCount(0);
    await openDrill(page, 'interview');
    await expect(row.locator('td').first()).toHaveText('7');
    await expect(overall).toContainText(/1 card below 85%|1 张卡片低于 85%/);
    await expect(page.getByTestId('interview-to-answer')).toHaveCount(0);
  });

  test('a mock interview: a visible countdown that runs into overtime, reveal, self-grade and a summary', async ({ lattice }) => {
    test.setTimeout(90_000);
    const { page } = lattice;
    await importNotes(lattice, NOTES, /2/);
    await page.clock.install();
    await lattice.reload();
    await openDrill(page, 'mock');
    await expect(page.getByRole('heading', { name: /^(Mock interview|模拟面试)$/ })).toBeVisible();
    await coverOurFolder(page);
    await page.getByLabel(/^(Questions|题数)/).fill('2');
    // Time stands still from here on unless the test moves it.
    await page.clock.pauseAt(new Date((await page.evaluate(() => Date.now())) + 1000));
    await page.getByRole('button', { name: /^(Start the mock interview|开始模拟面试)$/ }).click();

    const timer = page.getByTestId('mock-timer');
    await expect(page.getByTestId('mock-progress')).toContainText(/Question 1 of 2|第 1 \/ 2 题/);
    await expect(timer.getByRole('timer')).toHaveText('02:00');
    await expect(page.getByTestId('mock-answer')).toHaveCount(0);
    await page.clock.runFor(30_000);
    await expect(timer.getByRole('timer')).toHaveText('01:30');
    await expect(timer.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30');
    await page.clock.runFor(100_000);
    // Past zero it keeps counting, in the overtime colour and with the word for it.
    await expect(timer.getByRole('timer')).toHaveText('+00:10');
    await expect(timer).toHaveClass(/is-over/);
    await expect(timer).toContainText(/Over time|已超时/);
    await expect(page.getByTestId('mock-answer')).toHaveCount(0);

    await page.keyboard.press('Space');
    await expect(page.getByTestId('mock-answer')).toBeVisible();
    await page.clock.runFor(20_000);
    // Revealing stops the clock: the answer time is what it was.
    await expect(timer.getByRole('timer')).toHaveText('+00:10');
    await page.keyboard.press('1');

    await expect(page.getByTestId('mock-progress')).toContainText(/Question 2 of 2|第 2 \/ 2 题/);
    await expect(timer.getByRole('timer')).toHaveText('02:00');
    await page.clock.runFor(50_000);
    await expect(timer.getByRole('timer')).toHaveText('01:10');
    await page.getByRole('button', { name: /^(Reveal|显示答案)/ }).click();
    await page.getByRole('button', { name: /Good|记得/ }).click();

    const summary = page.getByTestId('mock-summary');
    await expect(summary).toContainText(/2 questions|2 道题/);
    await expect(summary).toContainText(/1 forgotten \(Again\)|忘了 1 道/);
    // (130 s + 50 s) / 2.
    await expect(summary).toContainText(/01:30 a question on average|平均每题 01:30/);
    const times = page.locator('.mock-summary tbody tr td:nth-child(3)');
    await expect(times).toHaveText(['02:10', '00:50']);
  });

  test('a folder ticked while the interview date is still being saved keeps the date', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, NOTES, /新增 2|2 added/);
    await openDrill(page, 'interview');
    // The store answers the first save slowly, as on a busy machine.
    let isFirst = true;
    await page.route('**/api/drills.setInterview', async (route) => {
      if (isFirst) {
        isFirst = false;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      }
      await route.continue();
    });
    await page.getByLabel(/^(Interview date|面试日期)$/).fill(localDay(9));
    await coverOurFolder(page);
    await expect(page.getByTestId('interview-overall')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(/^(Interview date|面试日期)$/)).toHaveValue(localDay(9));
    await expect(page.locator('.deck-chooser label', { hasText: /(Folder|文件夹): interview/ }).getByRole('checkbox')).toBeChecked();
  });

  test('every control of the plan, the session and the mock reads at 4.5:1 or better in both themes', async ({ lattice }) => {
    test.setTimeout(90_000);
    const { page } = lattice;
    await importNotes(lattice, NOTES, /新增 2|2 added/);
    const offenders: string[] = [];
    const check = async (where: string) => {
      for (const o of await lowContrastControls(page)) offenders.push(`${where}: ${o.control} “${o.text}” ${o.ratio}:1`);
    };
    for (const theme of ['light', 'dark'] as const) {
      await chooseTheme(page, theme);
      await openDrill(page, 'interview');
      const date = page.getByLabel(/^(Interview date|面试日期)$/);
      if ((await date.inputValue()) === '') {
        await date.fill(localDay(9));
        await coverOurFolder(page);
      }
      await expect(page.getByTestId('interview-overall')).toBeVisible();
      await check(`plan ${theme}`);
      await page.getByRole('button', { name: /^(Before the interview|面试前复习)$/ }).click();
      await expect(page.getByTestId('session-question')).toBeVisible();
      await page.keyboard.press('Space');
      await expect(page.getByTestId('session-answer')).toBeVisible();
      await check(`session ${theme}`);
      await openDrill(page, 'mock');
      await page.getByRole('button', { name: /^(Start the mock interview|开始模拟面试)$/ }).click();
      await expect(page.getByTestId('mock-question')).toBeVisible();
      await check(`mock question ${theme}`);
      await page.keyboard.press('Space');
      await expect(page.getByTestId('mock-answer')).toBeVisible();
      await check(`mock answer ${theme}`);
      await page.getByRole('button', { name: /^(End the mock|结束模拟)$/ }).click();
      await expect(page.getByTestId('mock-summary')).toBeVisible();
      await check(`mock summary ${theme}`);
    }
    expect(offenders).toEqual([]);
  });
});
