import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';
import { dragSelect, openNote } from './reading.js';

/**
 * Every screen of the app, reached the way a person reaches it (the top bar,
 * a card, a link), each waited for until it has drawn what it shows. Specs
 * that must look at all of them (contrast, screenshots) walk this list.
 */

export interface Screen {
  name: string;
  /** Goes there from anywhere and waits until the screen has drawn. */
  open(page: Page): Promise<void>;
}

const topLink = (page: Page, name: RegExp) => page.locator('.topbar .nav').getByRole('link', { name });

async function mapDrawn(page: Page): Promise<void> {
  await expect(page.locator('.concept-map-frame[data-drawn] svg').first()).toBeVisible({ timeout: 20_000 });
}

export const SCREENS: Screen[] = [
  {
    name: 'library',
    open: async (page) => {
      await topLink(page, /^(笔记库|Library)$/).click();
      await expect(page.locator('.note-card').first()).toBeVisible();
    },
  },
  {
    name: 'reader',
    open: async (page) => {
      await openNote(page, 'RLHF');
      await expect(page.locator('.note-body .katex').first()).toBeVisible();
    },
  },
  {
    name: 'reader-selection',
    open: async (page) => {
      await openNote(page, 'RLHF');
      await dragSelect(page, '海量无标注文本');
      await expect(page.getByRole('toolbar')).toBeVisible();
    },
  },
  {
    name: 'reader-annotation',
    open: async (page) => {
      await openNote(page, 'RLHF');
      await dragSelect(page, '获得知识和语言能力');
      await page
        .getByRole('toolbar')
        .getByRole('button', { name: /^(Highlight yellow|黄色高亮)$/ })
        .click();
      await expect(page.locator('.note-body mark.annotation').first()).toBeVisible();
      const toggle = page.getByRole('button', { name: /^(Show annotations|显示批注)/ });
      if (await toggle.isVisible()) await toggle.click();
      await expect(page.getByTestId('annotation-sidebar')).toBeVisible();
    },
  },
  {
    name: 'annotations',
    open: async (page) => {
      await topLink(page, /^(批注|Annotations)$/).click();
      await expect(page.getByRole('heading', { level: 1, name: /全部批注|All annotations/ })).toBeVisible();
      await expect(page.locator('.annotation-row').first()).toBeVisible();
    },
  },
  {
    name: 'concept-page',
    open: async (page) => {
      await topLink(page, /^(概念|Concepts)$/).click();
      const index = page.getByRole('navigation', { name: /概念索引|Concept index/ });
      await index.getByRole('searchbox').fill('PPO');
      await index.getByRole('link', { name: /^PPO/ }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: 'PPO' })).toBeVisible();
      await mapDrawn(page);
    },
  },
  {
    name: 'concepts-overview',
    open: async (page) => {
      await topLink(page, /^(概念|Concepts)$/).click();
      await page.getByRole('link', { name: /^(总览|Overview)$/ }).click();
      await expect(page.getByTestId('overview-summary')).toBeVisible();
      await page.getByRole('button', { name: /^(Draw all \d+ on one map|把这 \d+ 个概念画在一张图上)$/ }).click();
      await mapDrawn(page);
    },
  },
  {
    name: 'concepts-path',
    open: async (page) => {
      await topLink(page, /^(概念|Concepts)$/).click();
      await page.getByRole('link', { name: /^(路径查找|Path finder)$/ }).click();
      for (const [label, name] of [
        [/起点概念|From concept/, 'SFT'],
        [/终点概念|To concept/, 'PPO'],
      ] as const) {
        await page.getByRole('combobox', { name: label }).fill(name);
        await page
          .getByRole('option', { name: new RegExp(`^${name}`) })
          .first()
          .click();
      }
      await page.getByRole('button', { name: /^(查找路径|Find path)$/ }).click();
      await mapDrawn(page);
    },
  },
  {
    name: 'sheets',
    open: async (page) => {
      await topLink(page, /^(速查表|Sheets)$/).click();
      await expect(page.locator('.sheet-row').first()).toBeVisible();
    },
  },
  {
    name: 'sheet-editor',
    open: async (page) => {
      await topLink(page, /^(速查表|Sheets)$/).click();
      await page.locator('.sheet-row-title').first().click();
      await expect(page.locator('.sheet-paper-title')).toBeVisible();
      await expect(page.locator('.sheet-paper svg, .sheet-paper .katex').first()).toBeVisible({ timeout: 20_000 });
    },
  },
  {
    name: 'search',
    open: async (page) => {
      await topLink(page, /^(笔记库|Library)$/).click();
      await page.getByRole('combobox').first().fill('奖励模型');
      await expect(page.locator('.search-panel [role="option"]').first()).toBeVisible();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      await topLink(page, /^(设置|Settings)$/).click();
      await expect(page.getByRole('heading', { level: 1, name: /设置|Settings/ })).toBeVisible();
    },
  },
  {
    name: 'import',
    open: async (page) => {
      await topLink(page, /^(导入|Import)$/).click();
      await expect(page.getByRole('heading', { level: 1, name: /导入笔记|Import notes/ })).toBeVisible();
    },
  },
  {
    name: 'drills-home',
    open: async (page) => {
      await topLink(page, /^(刷题|Drills)/).click();
      await expect(page.locator('.deck-row').first()).toBeVisible();
    },
  },
  {
    name: 'drills-review-answer',
    open: async (page) => {
      await topLink(page, /^(刷题|Drills)/).click();
      await page
        .locator('.deck-everything')
        .getByRole('link', { name: /^(Study|学习)/ })
        .click();
      await expect(page.getByTestId('card-question')).toBeVisible();
      await page.keyboard.press('Space');
      await expect(page.getByTestId('card-answer')).toBeVisible();
    },
  },
  {
    name: 'progress',
    open: async (page) => {
      await topLink(page, /^(进度|Progress)$/).click();
      await expect(page.getByTestId('progress-heatmap')).toBeVisible();
    },
  },
];

/** Picks a theme in Settings, as a person would. */
export async function chooseTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await topLink(page, /^(设置|Settings)$/).click();
  await page.getByRole('radio', { name: theme === 'dark' ? /^(深色|Dark)$/ : /^(浅色|Light)$/ }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Writes a screenshot under $LATTICE_SHOTS when it is set (for people to look at), else does nothing. */
export async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.LATTICE_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

const SHOT_SIZES = [
  { width: 900, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Under $LATTICE_SHOTS: the page as it is, at three window sizes in both themes (the theme set directly, so what is open stays open). */
export async function shootAtSizes(page: Page, name: string): Promise<void> {
  if (!process.env.LATTICE_SHOTS) return;
  const before = page.viewportSize();
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((theme) => (document.documentElement.dataset.theme = theme), theme);
    for (const size of SHOT_SIZES) {
      await page.setViewportSize(size);
      await shoot(page, `${name}-${theme}-${size.width}x${size.height}`);
    }
  }
  if (before) await page.setViewportSize(before);
}
