import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { importPaths, importPathsAsync } from './import-notes.js';
import type { ImportOptions, ImportReport } from './import-notes.js';

// The async import parses on a worker thread, the sync one inline. They must
// store exactly the same rows and report exactly the same things — also when
// the worker dies halfway or never starts.

const FIXTURES = new URL('./fixtures/', import.meta.url);
const WORKER_SOURCE = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));
const OPTIONS: ImportOptions = { batchSize: 7, now: () => '2026-01-01T00:00:00.000Z' };

let temp: string;
let root: string;
const stores: Store[] = [];

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-import-worker-'));
  root = join(temp, 'library');
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(temp, { recursive: true, force: true });
});

/** The fixtures, plus enough notes for several worker messages and batches, plus files that warn and fail. */
function makeLibrary(): void {
  rmSync(root, { recursive: true, force: true });
  cpSync(FIXTURES, root, { recursive: true });
  for (let i = 0; i < 60; i++) {
    const body = `---\ntags: [rlhf, q${i}]\n---\n# 问题 ${i}\n\n## 什么是 PPO？\n\nSFT → RM → PPO，$x_${i}$ 与 [[奖励模型]]。\n`;
    writeFileSync(join(root, `q-${String(i).padStart(2, '0')}.md`), body);
  }
  writeFileSync(join(root, 'gbk.md'), Buffer.concat([Buffer.from('# 编码\n'), Buffer.from([0xc4, 0xe3, 0xba]), Buffer.from('\n')]));
  writeFileSync(join(root, 'binary.md'), Buffer.from([0x23, 0x00, 0x01, 0x02]));
}

/** Imports the library, edits, deletes and adds a note, and imports it again. */
async function importTwice(
  importer: (store: Store) => Promise<ImportReport> | ImportReport,
): Promise<{ store: Store; reports: ImportReport[] }> {
  makeLibrary();
  const store = openStore(':memory:');
  stores.push(store);
  const first = await importer(store);
  writeFileSync(join(root, 'q-03.md'), '# 改写后的笔记\n\n## 唯一的小节\n\n新内容 $a+b$\n');
  unlinkSync(join(root, 'q-04.md'));
  writeFileSync(join(root, 'new.md'), '# 新笔记\n');
  const second = await importer(store);
  return { store, reports: [first, second] };
}

/** An FTS5 index's own tables: their blocks depend on how the writes were split into transactions, not on what was indexed. */
const FTS_SHADOW = /_(data|idx|docsize|config|content)$/;

/**
 * Every row of every table, so any difference in what was stored shows. A
 * search index is compared by what it holds (each token of each row, where it
 * stands) rather than by its internal blocks, which differ whenever the paced
 * transactions of an import fall differently.
 */
function dump(store: Store): Record<string, unknown[]> {
  const tables = store.db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .all() as { name: string; sql: string }[];
  const ftsTables = tables.filter(({ sql }) => /USING fts5/i.test(sql)).map(({ name }) => name);
  const isShadow = (name: string) => ftsTables.some((fts) => name.startsWith(`${fts}_`) && FTS_SHADOW.test(name));
  const rows = Object.fromEntries(
    tables.filter(({ name }) => !isShadow(name)).map(({ name }) => [name, store.db.prepare(`SELECT * FROM "${name}"`).all()]),
  );
  for (const fts of ftsTables) {
    store.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp."${fts}_tokens" USING fts5vocab(main, "${fts}", instance)`);
    rows[`${fts} tokens`] = store.db
      .prepare(`SELECT term, doc, col, offset FROM temp."${fts}_tokens" ORDER BY doc, col, offset, term`)
      .all();
  }
  // Card ids are fresh UUIDs made in creation order: compare their order, not their random bits.
  const cardIds = new Map(
    (store.db.prepare('SELECT id FROM cards ORDER BY id').pluck().all() as string[]).map((id, rank) => [id, `card ${rank}`]),
  );
  rows.cards = (rows.cards ?? []).map((row) => ({ ...(row as object), id: cardIds.get((row as { id: string }).id) }));
  // A question two notes ask is one card with an extra source: the note's row of sources names its cards the same way.
  rows.note_card_sources = (rows.note_card_sources ?? []).map((row) => ({
    ...(row as object),
    card_ids: (JSON.parse((row as { card_ids: string }).card_ids) as string[]).map((id) => cardIds.get(id)),
  }));
  return rows;
}

/** The TypeScript worker entry, run through jiti: vitest runs sources, so there is no compiled worker to start. */
function startSourceWorker(exitAfterMessages?: number): Worker {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { createJiti } = require('jiti');
    createJiti(${JSON.stringify(WORKER_SOURCE)}).import(${JSON.stringify(WORKER_SOURCE)}).then(() => {
      let answered = 0;
      // Added after the worker's own listener: it answers, then the thread dies.
      if (${exitAfterMessages ?? 0} > 0) parentPort.on('message', () => { if (++answered >= ${exitAfterMessages ?? 0}) process.exit(1); });
    });
  `;
  return new Worker(code, { eval: true });
}

describe('the async import on a parse worker', () => {
  it('stores and reports exactly what the sync import does', async () => {
    const inline = await importTwice((store) => importPaths(store, [root], OPTIONS));
    let started = 0;
    const warnings: string[] = [];
    const startParseWorker = (): Worker => {
      started++;
      return startSourceWorker();
    };
    const worker = await importTwice((store) =>
      importPathsAsync(store, [root], { ...OPTIONS, startParseWorker, warn: (m) => warnings.push(m) }),
    );
    expect(started).toBe(2);
    expect(warnings).toEqual([]);
    expect(inline.reports[0]).toMatchObject({
      added: 68,
      failed: [{ path: join(root, 'binary.md') }],
      warnings: [{ path: join(root, 'gbk.md') }],
    });
    expect(inline.reports[1]).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 66 });
    expect(worker.reports).toEqual(inline.reports);
    expect(dump(worker.store)).toEqual(dump(inline.store));
  });

  it('loses nothing when the worker dies mid-import: what it did not answer is parsed inline', async () => {
    const inline = await importTwice((store) => importPaths(store, [root], OPTIONS));
    const warnings: string[] = [];
    // Two messages of 16 files answered, then the thread exits with 1.
    const worker = await importTwice((store) =>
      importPathsAsync(store, [root], { ...OPTIONS, startParseWorker: () => startSourceWorker(2), warn: (m) => warnings.push(m) }),
    );
    expect(warnings).toEqual([
      "the import's parse worker stopped (it exited with code 1)",
      "the import's parse worker stopped (it exited with code 1)",
    ]);
    expect(worker.reports).toEqual(inline.reports);
    expect(dump(worker.store)).toEqual(dump(inline.store));
  });

  it('keeps a stored note that a new version would overwrite with undecodable characters, as the sync import does', async () => {
    // Notes re-saved as GBK between two imports: most read cleanly and are
    // updated; one has a damaged byte and must be reported, its stored version kept.
    const reSaveAsGbk = async (
      importer: (store: Store) => Promise<ImportReport> | ImportReport,
    ): Promise<{ store: Store; reports: ImportReport[] }> => {
      makeLibrary();
      const store = openStore(':memory:');
      stores.push(store);
      const first = await importer(store);
      for (let i = 0; i < 20; i++) {
        const body = `# 问题 ${i}\n\n## 什么是 PPO？\n\nSFT → RM → PPO，$x_${i}$ 与 [[奖励模型]]。\n`;
        const gbk = Uint8Array.from(iconv.encode(body, 'gbk'));
        writeFileSync(join(root, `q-${String(i).padStart(2, '0')}.md`), i === 7 ? Uint8Array.from([...gbk, 0xff, 0x0a]) : gbk);
      }
      const second = await importer(store);
      return { store, reports: [first, second] };
    };
    const inline = await reSaveAsGbk((store) => importPaths(store, [root], OPTIONS));
    const worker = await reSaveAsGbk((store) =>
      importPathsAsync(store, [root], { ...OPTIONS, startParseWorker: () => startSourceWorker() }),
    );
    expect(inline.reports[1]).toMatchObject({
      updated: 19,
      failed: [
        { path: join(root, 'binary.md') },
        { path: join(root, 'q-07.md'), error: expect.stringMatching(/^not updated: read as GBK, 1 character could not be decoded/) },
      ],
    });
    expect(worker.reports).toEqual(inline.reports);
    expect(dump(worker.store)).toEqual(dump(inline.store));
    const q7 = worker.store.db.prepare("SELECT source FROM notes WHERE path = 'q-07.md'").get() as { source: string };
    expect(q7.source).toBe('---\ntags: [rlhf, q7]\n---\n# 问题 7\n\n## 什么是 PPO？\n\nSFT → RM → PPO，$x_7$ 与 [[奖励模型]]。\n');
  });

  it('parses inline when the worker cannot start', async () => {
    const inline = await importTwice((store) => importPaths(store, [root], OPTIONS));
    const warnings: string[] = [];
    const startParseWorker = (): Worker => new Worker("throw new Error('cannot load parse-worker.js')", { eval: true });
    const worker = await importTwice((store) =>
      importPathsAsync(store, [root], { ...OPTIONS, startParseWorker, warn: (m) => warnings.push(m) }),
    );
    expect(warnings[0]).toBe("the import's parse worker stopped (it failed: cannot load parse-worker.js)");
    expect(worker.reports).toEqual(inline.reports);
    expect(dump(worker.store)).toEqual(dump(inline.store));
  });
});
