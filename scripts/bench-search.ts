import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/open-store.js';
import { SearchRepository } from '../db/repositories/search.js';
import { createContext } from '../main/api/context.js';
import type { ApiArgs } from '../main/api/contract.js';
import { runSearch, searchHandlers } from '../main/api/search.js';
import { appRoot } from '../main/app-paths.js';
import { importPaths } from '../main/import/import-notes.js';
import { ensureSyntheticLibrary } from './synthetic-library.js';

/**
 * npm run bench:search — the synthetic 10,000-note library of bench:import,
 * imported into a fresh store, then `search.query` (validation, FTS5, hit
 * locating and snippets: what the search box waits for) timed per class of
 * query. Also the time to build the index from the stored notes, and its
 * size against the text it indexes. Budget (DESIGN.md, issue 6): p95 ≤ 20 ms
 * for every class at 10,000 notes; index ≤ 3× the raw text.
 */

const NOTES = Number(process.env.BENCH_NOTES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const libraryDir = join(appRoot(), 'bench-data', `library-${NOTES}`);

/** Queries by class, from the synthetic library's vocabulary (scripts/synthetic-library.ts). */
const CLASSES: Record<string, string[]> = {
  'Chinese, 1 char': ['模', '显', '幻', '梯', '量', '缓', '蒸', '路'],
  'Chinese, 2 chars': ['显存', '幻觉', '缓存', '梯度', '量化', '蒸馏', '检索', '专家'],
  'Chinese, 3+ chars': ['注意力', '损失函数', '归一化', '位置编码', '奖励模型', '强化学习', '负载均衡', '长度外推'],
  'English words': ['LoRA', 'RoPE', 'softmax', 'tokenizer', 'warmup', 'RLHF', 'GELU', 'Attention'],
  prefixes: ['atten', 'flash', 'spec', 'toke', 'warm', 'batc', 'swig', 'rmsn'],
  mixed: ['KV 缓存', 'LoRA 微调', 'PPO 奖励模型', 'softmax 温度', 'RoPE 位置编码', 'MoE 路由', 'kv cache 显存', '\\sqrt{d_k}'],
  'very common': ['为什么', '可以', '模型', '训练', '公式', '参考', 'note', '优点'],
  'no match': ['zzqxv', '量子纠缠', 'kubernetes', '"显存 幻觉"'],
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const ms = (value: number): string => value.toFixed(2);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const { bytes } = ensureSyntheticLibrary(libraryDir, { notes: NOTES });
const dataDir = mkdtempSync(join(tmpdir(), 'lattice-bench-search-'));
const dbPath = join(dataDir, 'lattice.db');
const store = openStore(dbPath);
try {
  const importStart = performance.now();
  const report = importPaths(store, [libraryDir], { deferMentions: () => undefined });
  const importSeconds = (performance.now() - importStart) / 1000;

  const repo = new SearchRepository(store.db);
  const buildStart = performance.now();
  repo.rebuild();
  const buildSeconds = (performance.now() - buildStart) / 1000;

  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const textBytes = store.db
    .prepare('SELECT COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM notes WHERE removed_at IS NULL')
    .pluck()
    .get() as number;
  const indexBytes = repo.indexBytes() ?? 0;
  const databaseBytes = statSync(dbPath).size;

  const ctx = createContext(store, dataDir);
  const { schema } = searchHandlers(ctx)['search.query'];
  const search = (q: string): number => runSearch(ctx, repo, schema.parse({ q, limit: 20 } satisfies ApiArgs<'search.query'>)).hits.length;

  const rows: { name: string; p50: number; p95: number; p99: number; hits: number }[] = [];
  for (const [name, queries] of Object.entries(CLASSES)) {
    const times: number[] = [];
    let hits = 0;
    for (const q of queries) hits += search(q); // warm the page cache and statements
    for (let run = 0; run < RUNS; run++) {
      for (const q of queries) {
        const start = performance.now();
        search(q);
        times.push(performance.now() - start);
      }
    }
    times.sort((a, b) => a - b);
    rows.push({
      name,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      hits: Math.round(hits / queries.length),
    });
  }

  console.log(`notes ${report.added}, library ${mb(bytes)}, ${RUNS} runs of each query, limit 20, all kinds\n`);
  console.log(`${'class'.padEnd(20)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'hits'.padStart(7)}`);
  for (const r of rows) {
    const flag = r.p95 > 20 ? '  over budget (20 ms)' : '';
    console.log(
      `${r.name.padEnd(20)}${ms(r.p50).padStart(9)}${ms(r.p95).padStart(9)}${ms(r.p99).padStart(9)}${String(r.hits).padStart(7)}${flag}`,
    );
  }
  console.log('');
  console.log(`${'import with index'.padEnd(28)}${importSeconds.toFixed(2)} s`);
  console.log(`${'index build (10k notes)'.padEnd(28)}${buildSeconds.toFixed(2)} s`);
  console.log(`${'note text indexed'.padEnd(28)}${mb(textBytes)}`);
  console.log(`${'index size'.padEnd(28)}${mb(indexBytes)} (${(indexBytes / textBytes).toFixed(2)}× the text; budget 3×)`);
  console.log(`${'database size'.padEnd(28)}${mb(databaseBytes)} (${mb(databaseBytes - indexBytes)} without the index)`);
  console.log(
    JSON.stringify({
      bench: 'search',
      notes: report.added,
      classes: Object.fromEntries(rows.map((r) => [r.name, { p50: Number(ms(r.p50)), p95: Number(ms(r.p95)), p99: Number(ms(r.p99)) }])),
      importSeconds: Number(importSeconds.toFixed(2)),
      indexBuildSeconds: Number(buildSeconds.toFixed(2)),
      textBytes,
      indexBytes,
      databaseBytes,
    }),
  );
} finally {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
