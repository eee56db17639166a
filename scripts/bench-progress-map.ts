/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CardRepository } from '../db/repositories/cards.js';
import { openLattice } from '../main/app.js';
import { startHost } from './host-process.js';
import { seededRng } from './anchoring-edits.js';
import { percentile } from './drill-sampling.js';

/**
 * npm run bench:progress:map — issue 15: the concept map coloured by mastery
 * is no slower to show than the map without it by more than 10%.
 *
 * The store: 100 imported notes of 100 `###` questions each (10,000 cards),
 * each note drawing a Mermaid chain of four concepts out of 60 and asking its
 * questions about them, so every concept is mentioned by many notes and named
 * by hundreds of cards; 70% of the cards have an FSRS schedule (stability from
 * half a day to two months, last reviewed up to a month ago).
 *
 * Then Debian's Chromium, against the browser host, opens the concept pages
 * of CONCEPTS concepts, each from the library, and times from the address
 * change to the frame after the map is on the page: "plain" waits for the map
 * drawn while stats.conceptMastery is answered at once with no concept (the
 * map as it was before mastery: nothing to colour); "coloured" waits for the
 * map drawn and its nodes coloured from the real call. Each round opens every
 * concept twice in a fresh page: first drawn by Mermaid (cold), then from the
 * SVG cache (warm). Rounds alternate plain and coloured so a drift of the
 * machine falls on both. A measurement, not a test.
 */

const NOTES = 100;
const QUESTIONS_PER_NOTE = 100;
const CONCEPTS = Number(process.env.BENCH_CONCEPTS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DAY_MS = 86_400_000;
const chromiumPath = process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium';

const rand = seededRng(15);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const TERMS = [
  'SFT',
  'RM',
  'PPO',
  'DPO',
  'KTO',
  'GRPO',
  'RLHF',
  'LoRA',
  'QLoRA',
  'Adapter',
  'Prefix Tuning',
  'KV Cache',
  'MQA',
  'GQA',
  'MHA',
  'RoPE',
  'ALiBi',
  'LayerNorm',
  'RMSNorm',
  'SwiGLU',
  'GELU',
  'MoE',
  'Top-k',
  'Top-p',
  'Beam Search',
  'FlashAttention',
  'PagedAttention',
  'ZeRO',
  'Data Parallel',
  'Tensor Parallel',
  'Pipeline Parallel',
  'BPE',
  'WordPiece',
  'RAG',
  'BM25',
  'Reranker',
  'Distillation',
  'Quantization',
  'AWQ',
  'GPTQ',
  'Speculative Decoding',
  'Continuous Batching',
  'Softmax',
  'Cross Entropy',
  'Perplexity',
  'Warmup',
  'AdamW',
  'Gradient Clipping',
  'Mixed Precision',
  'Checkpointing',
  'Encoder-only',
  'Decoder-only',
  'Causal LM',
  'Masked LM',
  'BERT',
  'T5',
  'Hallucination',
  'Chain of Thought',
  'Reward Hacking',
  'KL Penalty',
];

/** One note: a chain of four concepts in a diagram, and questions about them. */
function questionNote(n: number): string {
  const chain = [pick(TERMS), pick(TERMS), pick(TERMS), pick(TERMS)].filter((term, i, all) => all.indexOf(term) === i);
  const id = (term: string) => `n${TERMS.indexOf(term)}`;
  const lines = [`# 面试题库 ${n}`, '', '```mermaid', 'graph LR'];
  for (let i = 1; i < chain.length; i++) lines.push(`  ${id(chain[i - 1]!)}[${chain[i - 1]}] --> ${id(chain[i]!)}[${chain[i]}]`);
  lines.push('```', '');
  for (let q = 0; q < QUESTIONS_PER_NOTE; q++) {
    const term = chain[q % chain.length]!;
    lines.push(
      `### ${n}-${q} ${term} 为什么重要？第 ${q} 问`,
      '',
      `因为 ${term} 决定了 $\\sqrt{d_k}$ 的缩放，和 ${pick(chain)} 一起用。`,
      '',
    );
  }
  return lines.join('\n');
}

/** FSRS schedules for 70% of the cards, written directly: the map reads schedules, not the log. */
function scheduleCards(dataDir: string): { cards: number; reviewed: number } {
  const lattice = openLattice({ dataDir, withStarter: false });
  const cards = new CardRepository(lattice.store.db);
  const all = cards.listAll();
  const now = Date.now();
  let reviewed = 0;
  lattice.store.transaction(() => {
    for (const card of all) {
      if (rand() >= 0.7) continue;
      const stability = 0.5 + rand() * 60;
      const last = now - rand() * 30 * DAY_MS;
      cards.saveSchedule(
        card.id,
        {
          due: new Date(last + stability * DAY_MS).toISOString(),
          stability,
          difficulty: 5,
          elapsedDays: 0,
          scheduledDays: Math.round(stability),
          learningSteps: 0,
          reps: 3,
          lapses: 0,
          state: 2,
          lastReview: new Date(last).toISOString(),
        },
        new Date(now).toISOString(),
      );
      reviewed++;
    }
  });
  lattice.close();
  return { cards: all.length, reviewed };
}

type Mode = 'plain' | 'coloured';

/** From the address change to the frame after the map is shown (drawn; and coloured, in that mode). */
function timeMap(page: Page, conceptId: number, mode: Mode): Promise<number> {
  return page.evaluate(
    async ({ conceptId, wanted }) => {
      const isShown = (): boolean =>
        document.querySelector<HTMLElement>('.concept-neighbourhood .concept-map-frame')?.dataset[wanted] === 'true';
      const start = performance.now();
      location.hash = `#/concept/${conceptId}`;
      await new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!isShown()) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-drawn', 'data-mastery'],
        });
      });
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - start;
    },
    { conceptId, wanted: mode === 'plain' ? 'drawn' : 'mastery' },
  );
}

async function leaveForLibrary(page: Page): Promise<void> {
  await page.evaluate(() => (location.hash = '#/library'));
  await page.locator('.note-card').first().waitFor();
}

const work = mkdtempSync(join(tmpdir(), 'lattice-bench-map-'));
const dataDir = join(work, 'data');
const notesDir = join(work, 'notes');
try {
  mkdirSync(notesDir, { recursive: true });
  for (let n = 0; n < NOTES; n++) writeFileSync(join(notesDir, `questions-${String(n).padStart(3, '0')}.md`), questionNote(n));
  let conceptIds: number[] = [];
  let apiMs: number[] = [];
  {
    const lattice = openLattice({ dataDir, withStarter: false });
    await lattice.call('library.import', { paths: [notesDir] });
    await lattice.idle();
    lattice.close();
  }
  const { cards, reviewed } = scheduleCards(dataDir);
  {
    const lattice = openLattice({ dataDir, withStarter: false });
    const concepts = await lattice.call('concepts.list', {});
    conceptIds = concepts.slice(0, CONCEPTS).map((c) => c.id);
    // The call alone, at the store, for the concepts each page's map draws: the first call per map, which finds their cards afresh.
    for (const id of conceptIds) {
      const map = await lattice.call('concepts.map', { id });
      const ids = [...map.mermaid.matchAll(/^\s*c(\d+)\[/gm)].map((m) => Number(m[1]));
      const start = performance.now();
      await lattice.call('stats.conceptMastery', { ids });
      apiMs.push(performance.now() - start);
    }
    apiMs = apiMs.sort((a, b) => a - b);
    lattice.close();
  }

  const host = await startHost(dataDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const times: Record<Mode, { cold: number[]; warm: number[] }> = { plain: { cold: [], warm: [] }, coloured: { cold: [], warm: [] } };
  try {
    for (let round = 0; round < ROUNDS * 2; round++) {
      const mode: Mode = round % 2 === 0 ? 'plain' : 'coloured';
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      if (mode === 'plain') {
        await page.route('**/api/stats.conceptMastery', (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data: { concepts: [] } }) }),
        );
      }
      await page.goto(host.url);
      await leaveForLibrary(page);
      for (const pass of ['cold', 'warm'] as const) {
        for (const id of conceptIds) {
          await leaveForLibrary(page);
          times[mode][pass].push(await timeMap(page, id, mode));
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await host.stop();
  }

  const line = (mode: Mode, pass: 'cold' | 'warm'): { p50: number; p95: number } => {
    const sorted = [...times[mode][pass]].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  console.log(
    `store: ${cards} cards (${reviewed} with a schedule) from ${NOTES} notes; ${CONCEPTS} concept pages × ${ROUNDS} rounds per mode`,
  );
  console.log(
    `stats.conceptMastery at the store, first call per map (cards found afresh): p50 ${percentile(apiMs, 50).toFixed(1)} ms, p95 ${percentile(apiMs, 95).toFixed(1)} ms`,
  );
  const result: Record<string, number> = {};
  for (const pass of ['cold', 'warm'] as const) {
    const plain = line('plain', pass);
    const coloured = line('coloured', pass);
    const ratio = coloured.p50 / plain.p50;
    console.log(
      `${pass} (${pass === 'cold' ? 'drawn by Mermaid' : 'SVG from the cache'}): plain p50 ${plain.p50.toFixed(1)} / p95 ${plain.p95.toFixed(1)} ms; ` +
        `coloured p50 ${coloured.p50.toFixed(1)} / p95 ${coloured.p95.toFixed(1)} ms; coloured/plain at p50 ${(ratio * 100).toFixed(1)}% (budget 110%)`,
    );
    Object.assign(result, {
      [`${pass}PlainP50Ms`]: Number(plain.p50.toFixed(1)),
      [`${pass}ColouredP50Ms`]: Number(coloured.p50.toFixed(1)),
      [`${pass}Ratio`]: Number(ratio.toFixed(3)),
    });
  }
  console.log(JSON.stringify({ bench: 'progress-map', cards, ...result }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
