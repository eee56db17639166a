import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { callApi, expect, repoRoot, test } from './fixtures.js';
import type { LatticeApp } from './fixtures.js';
import { importNotes } from './reading.js';
import { chooseTheme, shoot } from './screens.js';

/** Two notes of our own: JSON front matter, a callout, `###` questions with formulas, `1.xxx` and `11、xxx` items, a question bullet. */
const NOTES = join(repoRoot, 'e2e', 'fixtures', 'progress');
const DAY = 86_400_000;
/** The default hour a study day starts (Settings). */
const DAY_START_HOUR = 4;

/** The start of the study day holding `at`, in this machine's time zone (the host runs on it too). */
function studyDayStart(at: Date): Date {
  const start = new Date(at.getTime());
  start.setHours(DAY_START_HOUR, 0, 0, 0);
  if (start.getTime() > at.getTime()) start.setDate(start.getDate() - 1);
  return start;
}

/** The local date a study day `days` from today starts on (negative: before today). */
function studyDate(days: number): string {
  const start = studyDayStart(new Date());
  start.setDate(start.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
}

/** A moment inside the study day `days` from today: six hours after it starts, or just now for today. */
function momentOf(days: number): Date {
  const start = studyDayStart(new Date());
  start.setDate(start.getDate() + days);
  const at = start.getTime() + 6 * 3600_000;
  return new Date(days === 0 ? Math.max(start.getTime(), Math.min(at, Date.now() - 60_000)) : at);
}

/** Grades per study day of the scripted week (day offset → grades, each 30 s). */
const WEEK: Record<number, number> = { [-6]: 4, [-5]: 2, [-4]: 0, [-3]: 3, [-2]: 0, [-1]: 1, [0]: 2 };
/** When our cards fall due after that week: day offset → cards (−1: overdue, so due today). */
const DUE: number[] = [-1, 1, 1, 1, 3, 3, 6];

/**
 * A week of study as the log would hold it: the app grades only at the
 * present moment, so the grades of the past days are written to the store
 * the way a grade writes them (a review-log row each, the card's schedule
 * after), as drills-interview.spec gives cards their earlier history.
 */
function studiedForAWeek(lattice: LatticeApp): { id: string; question: string }[] {
  const db = new Database(join(lattice.dataDir, 'lattice.db'));
  try {
    const cards = db
      .prepare(
        // A question the starter library asks too is one card, its first note there: our notes are then among its sources.
        `WITH ours AS (SELECT notes.id FROM notes JOIN libraries ON libraries.id = notes.library_id WHERE libraries.name = 'progress')
         SELECT id, question_exact AS question FROM cards
         WHERE note_id IN (SELECT id FROM ours)
            OR id IN (SELECT j.value FROM note_card_sources AS n, json_each(n.card_ids) AS j WHERE n.note_id IN (SELECT id FROM ours))
         ORDER BY created_at, id`,
      )
      .all() as { id: string; question: string }[];
    const ids = cards.map((card) => card.id);
    expect(ids.length).toBeGreaterThanOrEqual(DUE.length);
    const insert = db.prepare(`INSERT INTO review_log (review_id, card_id, rating, reviewed_at, scheduled_at, elapsed_days, duration_ms,
        before_due, before_stability, before_difficulty, before_elapsed_days, before_scheduled_days, before_learning_steps,
        before_reps, before_lapses, before_state, before_last_review, after_due, after_state)
      VALUES (?, ?, 3, ?, ?, 1, 30000, ?, 3, 5, 1, 1, 0, 1, 0, 2, NULL, ?, 2)`);
    let n = 0;
    for (const [offset, grades] of Object.entries(WEEK)) {
      for (let g = 0; g < grades; g++) {
        const at = new Date(momentOf(Number(offset)).getTime() + g * 60_000).toISOString();
        insert.run(`week-${n}`, ids[n % DUE.length], at, at, at, at);
        n++;
      }
    }
    const schedule = db.prepare(
      `UPDATE cards SET state = 2, due = ?, stability = ?, difficulty = 5, reps = 3, lapses = ?, last_review = ?, scheduled_days = 3 WHERE id = ?`,
    );
    DUE.forEach((days, i) =>
      schedule.run(momentOf(days).toISOString(), 2 + i, i === 0 ? 2 : 0, new Date(Date.now() - 3 * DAY).toISOString(), ids[i]),
    );
    return cards;
  } finally {
    db.close();
  }
}

async function openProgress(page: Page): Promise<void> {
  await page
    .locator('.topbar .nav')
    .getByRole('link', { name: /^(进度|Progress)$/ })
    .click();
  await expect(page.getByTestId('progress-heatmap')).toBeVisible();
}

/** Hovers the heatmap's cell of a date and returns its tooltip. */
async function hoverDay(page: Page, date: string) {
  await page.locator(`[data-testid="progress-heatmap"] rect[data-date="${date}"]`).hover();
  return page.getByTestId('heatmap-tooltip');
}

test.describe('progress dashboard', () => {
  test('after a week of reviews: the heatmap, the forecast with the interview, the weakest cards; shown first on opening', async ({
    lattice,
  }) => {
    const { page } = lattice;
    await importNotes(lattice, NOTES, /新增 2|2 added/);
    const cards = studiedForAWeek(lattice);
    await callApi(page, 'drills.setInterview', { date: studyDate(5), decks: [] });

    // Opened afresh (on the library, no deep link) with reviews due, the app shows the dashboard first.
    await page
      .locator('.topbar .nav')
      .getByRole('link', { name: /^(笔记库|Library)$/ })
      .click();
    await page.evaluate(() => sessionStorage.removeItem('lattice.progressShownFirst'));
    await lattice.reload();
    await expect(page).toHaveURL(/#\/progress$/);
    await expect(page.getByTestId('progress-heatmap')).toBeVisible();

    // The heatmap's tooltip: the date, the day's grades, the time they took.
    for (const [offset, grades] of Object.entries(WEEK)) {
      const tooltip = await hoverDay(page, studyDate(Number(offset)));
      if (grades === 0) await expect(tooltip).toContainText(/no reviews|没有复习/);
      else await expect(tooltip).toContainText(new RegExp(`${grades} reviews?|复习 ${grades} 次`));
    }
    const busiest = await hoverDay(page, studyDate(-6));
    await expect(busiest).toContainText(/2 min|2 分钟/);

    // The forecast: the overdue card today, three tomorrow, two in three days, one in six; the interview in five.
    const forecastDay = (days: number) => page.locator(`[data-testid="forecast-day"][data-date="${studyDate(days)}"]`);
    for (const [days, due] of [
      [0, 1],
      [1, 3],
      [3, 2],
      [6, 1],
      [2, 0],
    ] as const) {
      await expect(forecastDay(days)).toHaveAttribute('data-total', String(due));
    }
    await forecastDay(1).hover();
    await expect(page.getByTestId('forecast-tooltip')).toContainText(/3 cards due|3 张到期/);
    await expect(page.getByTestId('forecast-interview')).toBeVisible();
    await expect(page.getByTestId('forecast-interview')).toHaveAttribute('data-date', studyDate(5));
    const forecast = page.getByTestId('progress-forecast');
    await forecast.getByRole('button', { name: /Show as table|以表格显示/ }).click();
    await expect(
      forecast
        .getByRole('row')
        .filter({ hasText: /Interview|面试/ })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('0');
    await expect(forecast.getByRole('row').nth(2).getByRole('cell').nth(1)).toHaveText('3');

    // The heatmap as a table: one row per day with grades, newest first.
    const heatmap = page.getByTestId('progress-heatmap');
    await heatmap.getByRole('button', { name: /Show as table|以表格显示/ }).click();
    await expect(heatmap.getByRole('row')).toHaveCount(1 + 5);
    await expect(heatmap.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('2');
    await expect(heatmap.getByRole('row').nth(5).getByRole('cell').nth(1)).toHaveText('4');

    // States, readiness and the weakest card, which opens.
    await expect(page.getByTestId('progress-states').locator('[data-state="review"] strong')).toHaveText(String(DUE.length));
    await expect(page.getByTestId('readiness-overall')).toBeVisible();
    const weakest = page.getByTestId('progress-weakest').getByRole('link');
    await expect(weakest).toHaveCount(DUE.length);
    await weakest.first().click();
    // The weakest: the smallest memory (stability 2) of cards all last seen three days ago.
    await expect(page).toHaveURL(new RegExp(`#/card/${cards[0]!.id}$`));
    await expect(page.getByTestId('card-question')).toContainText(cards[0]!.question.slice(0, 4));
    await page.getByRole('button', { name: /Show answer|显示答案/ }).click();
    await expect(page.getByTestId('card-answer')).toBeVisible();

    // A grade given now shows on today's cell.
    await callApi(page, 'drills.grade', { cardId: cards[0]!.id, rating: 3, durationMs: 5000 });
    await openProgress(page);
    await expect(await hoverDay(page, studyDate(0))).toContainText(/3 reviews|复习 3 次/);
  });

  test('a deep link is never replaced by the dashboard', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, NOTES, /新增 2|2 added/);
    studiedForAWeek(lattice);
    await page.evaluate(() => sessionStorage.removeItem('lattice.progressShownFirst'));
    const deepLink = page.url().replace(/#.*$/, '#/concepts');
    await page.goto('about:blank');
    await page.goto(deepLink);
    await expect(page.locator('.topbar')).toBeVisible();
    // What the opening would have done it does at once (one call): give it ample time, then look. A sleep on
    // purpose: that the dashboard does NOT replace the link is what is tested, and an absence has no event to wait for.
    await page.waitForTimeout(1000);
    await expect(page).toHaveURL(/#\/concepts$/);
  });

  // Screenshots are written when LATTICE_SHOTS=DIR is set (for a person to look at); the checks run always.
  test('fits at 900, 1280 and 1920 wide in both themes and languages, with a week of data and with none', async ({ lattice }) => {
    test.setTimeout(180_000);
    const { page } = lattice;
    const sizes = [
      [900, 700],
      [1280, 800],
      [1920, 1080],
    ] as const;
    const walk = async (data: string): Promise<void> => {
      for (const theme of ['light', 'dark'] as const) {
        await chooseTheme(page, theme);
        for (const locale of ['en', 'zh'] as const) {
          await page.evaluate((l) => localStorage.setItem('lattice.locale', JSON.stringify(l)), locale);
          await lattice.reload();
          await openProgress(page);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(locale === 'zh' ? '学习进度' : 'Progress');
          for (const [width, height] of sizes) {
            await page.setViewportSize({ width, height });
            // Nothing wider than the screen: no panel, chart or table pushes past the right edge.
            const overflow = await page
              .getByTestId('progress')
              .evaluate((screen) =>
                [screen, ...Array.from(screen.querySelectorAll('.progress-panel'))]
                  .filter((box) => box.scrollWidth > box.clientWidth + 1)
                  .map((box) => box.className),
              );
            expect(overflow, `${data} ${theme} ${locale} ${width}x${height}`).toEqual([]);
            await shoot(page, `progress-${data}-${theme}-${locale}-${width}x${height}`);
            // The screen scrolls inside the window: the lower panels too.
            await page.getByTestId('progress').evaluate((screen) => screen.scrollTo(0, screen.scrollHeight));
            await shoot(page, `progress-${data}-${theme}-${locale}-${width}x${height}-end`);
            await page.getByTestId('progress').evaluate((screen) => screen.scrollTo(0, 0));
          }
          await page.setViewportSize({ width: 1280, height: 800 });
        }
      }
    };
    await walk('none');
    await importNotes(lattice, NOTES, /新增 2|2 added/);
    studiedForAWeek(lattice);
    await callApi(page, 'drills.setInterview', { date: studyDate(5), decks: [] });
    await walk('week');
    await page.locator(`[data-testid="progress-heatmap"] rect[data-date="${studyDate(-6)}"]`).hover();
    await shoot(page, 'progress-week-tooltip');
  });
});
