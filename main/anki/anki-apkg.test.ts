import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { readAnkiCollection, readAnkiPackage } from 'anki-reader';
import { unzipSync } from 'fflate';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { currentFixture, DECK_NAME, FIXTURE_CRT, legacyFixture, PIXEL_PNG } from './test-support.js';

/*
 * Lattice's .apkg files and the import fixtures read by code that is not
 * Lattice's: anki-reader (sql.js and zip.js) for the collections and media
 * lists, @bokuweb/zstd-wasm (zstd's own C code, as WebAssembly) for the
 * current format's compression.
 */

type SqlRows = { columns: string[]; values: unknown[][] }[];
const rows = (result: SqlRows): Record<string, unknown>[] =>
  result.length === 0
    ? []
    : result[0]!.values.map((values) => Object.fromEntries(result[0]!.columns.map((column, i) => [column, values[i]])));

async function readWithAnkiReader(bytes: Uint8Array) {
  const { collection, media } = await readAnkiPackage(new Blob([Buffer.from(bytes)]));
  const decks = Object.values(collection.getDecks());
  const db = collection.getRawCollection();
  return {
    collection,
    media,
    decks,
    notes: rows(db.exec('SELECT * FROM notes ORDER BY id') as SqlRows),
    cards: rows(db.exec('SELECT * FROM cards ORDER BY id') as SqlRows),
    revlog: rows(db.exec('SELECT * FROM revlog ORDER BY id') as SqlRows),
  };
}

const NOTE = `---
tags: [transformer, 面试]
---
# Attention 面试题

## Scaled dot product

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和：

$$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$

### RLHF 的流程是什么？

\`\`\`mermaid
graph LR
  SFT --> RM --> PPO
\`\`\`

### 什么是 KV cache？

缓存每层的 K 和 V，命令行里写 \`echo $HOME\`。
`;

let work: string;
let app: Lattice;
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  await init();
});
beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-anki-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

async function importNotes(): Promise<void> {
  mkdirSync(join(work, 'notes'));
  writeFileSync(join(work, 'notes', 'attention.md'), NOTE);
  await app.call('library.import', { paths: [join(work, 'notes')] });
}

describe('the import fixtures, read by an independent reader', () => {
  it('legacy collection.anki2: deck, cards, fields, media and review history', async () => {
    const read = await readWithAnkiReader(legacyFixture());
    const deck = read.decks.find((candidate) => candidate.getName() === DECK_NAME)!;
    const cards = Object.values(deck.getCards());
    expect(cards).toHaveLength(4);
    const softmax = cards.find((card) => card.getFields().Front?.includes('softmax'))!;
    expect(softmax.getFields().Back).toContain('\\[\\frac{e^{z_i}}{\\sum_j e^{z_j}}\\]');
    expect(Object.keys(read.media)).toEqual(['softmax plot.png']);
    expect(new Uint8Array(await read.media['softmax plot.png']!.arrayBuffer())).toEqual(PIXEL_PNG);
    expect(read.revlog.map((row) => row.ease)).toEqual([3, 3, 4]);
  });

  it('current collection.anki21b: the stub for old readers, and the zstd collection with its media', async () => {
    const bytes = currentFixture((data) => compress(Buffer.from(data), 3));
    const stub = await readWithAnkiReader(bytes);
    expect(stub.notes).toHaveLength(1);
    expect(String(stub.notes[0]!.flds)).toContain('Please update to the latest Anki version');

    const files = unzipSync(bytes);
    const sqlite = decompress(Buffer.from(files['collection.anki21b']!));
    const db = (await readAnkiCollection(new Uint8Array(sqlite))).getRawCollection();
    expect(rows(db.exec('SELECT ver FROM col') as SqlRows)[0]!.ver).toBe(18);
    expect(rows(db.exec('SELECT name FROM decks ORDER BY id') as SqlRows).map((row) => row.name)).toEqual(['Default', '面试\x1fLLM']);
    expect(
      rows(db.exec("SELECT name FROM fields WHERE ntid = (SELECT id FROM notetypes WHERE name = 'Basic') ORDER BY ord") as SqlRows).map(
        (row) => row.name,
      ),
    ).toEqual(['Front', 'Back']);
    expect(rows(db.exec('SELECT count(*) AS n FROM cards') as SqlRows)[0]!.n).toBe(4);
    expect(rows(db.exec('SELECT ease FROM revlog ORDER BY id') as SqlRows).map((row) => row.ease)).toEqual([3, 3, 4]);
    const mediaList = Buffer.from(decompress(Buffer.from(files.media!))).toString('latin1');
    expect(mediaList).toContain('softmax plot.png');
    expect(new Uint8Array(decompress(Buffer.from(files['0']!)))).toEqual(PIXEL_PNG);
  });
});

describe('anki.import', () => {
  it('imports the legacy format: cards, FSRS state from the history and memory, media, a note question linked', async () => {
    await importNotes();
    const before = await app.call('drills.list', {});
    const kv = before.find((card) => card.question.includes('KV cache'))!;
    const everythingBefore = (await app.call('drills.decks', {})).find((summary) => summary.deck.kind === 'all')!;
    const report = await app.call('anki.import', { fileName: 'LLM 面试.apkg', content: toBase64(legacyFixture()) });
    expect(report).toMatchObject({ deck: 'LLM 面试', format: 'anki2', created: 3, linked: 1, skipped: 0, reviews: 3, media: 1 });

    const after = await app.call('drills.list', {});
    expect(after).toHaveLength(before.length + 3);
    const softmax = after.find((card) => card.question.startsWith('What is softmax'))!;
    const view = await app.call('drills.card', { cardId: softmax.id });
    expect(view.questionHtml).toContain('data-tex="\\sigma(z)_i"');
    expect(view.answerHtml).toMatch(/<img src="\/media\/[0-9a-f]{64}" alt="softmax plot.png">/);
    expect(view.card).toMatchObject({ state: 'review', reps: 3, lapses: 0 });
    // Anki's due day (crt + 40) and its FSRS memory state, not a recomputed one.
    expect(view.card.due).toBe(new Date((FIXTURE_CRT + 40 * 86_400) * 1000).toISOString());
    const stats = await app.call('stats.progress', {});
    expect(stats.heatmap.reduce((sum, day) => sum + day.reviews, 0)).toBe(3);

    const cloze = after.filter((card) => card.question.includes('uses a'));
    expect(cloze.map((card) => card.question).sort()).toEqual(['PPO uses a […] objective', '[…] uses a clipped objective']);
    expect(cloze.filter((card) => card.state === 'suspended')).toHaveLength(1);
    // The KV question is the note's own card: no second card, its note kept.
    expect(after.filter((card) => card.question.includes('KV cache'))).toHaveLength(1);
    expect((await app.call('drills.card', { cardId: kv.id })).note?.title).toBe('Attention 面试题');

    const again = await app.call('anki.import', { fileName: 'LLM 面试.apkg', content: toBase64(legacyFixture()) });
    expect(again).toMatchObject({ created: 0, linked: 0, skipped: 4, reviews: 0 });
    expect(await app.call('anki.decks', {})).toEqual([expect.objectContaining({ name: 'LLM 面试', cards: 4 })]);

    // A deck of its own in the deck list, to study or export: the suspended card left out of its count.
    const decks = await app.call('drills.decks', {});
    const imported = decks.find((summary) => summary.deck.kind === 'anki')!;
    expect(imported).toMatchObject({ label: 'LLM 面试', cards: 3 });
    const next = await app.call('drills.next', { deck: imported.deck, withView: true });
    expect(
      after
        .filter((card) => ['What is softmax', 'KV cache', 'uses a'].some((words) => card.question.includes(words)))
        .map((card) => card.id),
    ).toContain(next!.card.id);
    const everything = decks.find((summary) => summary.deck.kind === 'all')!;
    expect(everything.cards).toBe(everythingBefore.cards + 2);
    const out = await app.call('anki.export', { deck: imported.deck });
    expect(out).toMatchObject({ fileName: 'Lattice__LLM 面试.apkg', cards: 4, media: 1 });
    // An interview plan may cover it, and keeps it when read back.
    const plan = await app.call('drills.setInterview', { date: null, decks: [imported.deck] });
    expect(plan.plan.decks).toEqual([imported.deck]);
    expect((await app.call('drills.interview', {})).plan.decks).toEqual([imported.deck]);
  });

  it("imports the current zstd format; a stranger's script and handlers never reach a card", async () => {
    const report = await app.call('anki.import', {
      fileName: 'deck.colpkg',
      content: toBase64(currentFixture((data) => compress(Buffer.from(data), 3))),
    });
    expect(report).toMatchObject({ format: 'anki21b', created: 4, linked: 0, reviews: 3, media: 1 });
    const kv = (await app.call('drills.list', {})).find((card) => card.question.includes('KV cache'))!;
    const view = await app.call('drills.card', { cardId: kv.id });
    expect(view.answerHtml).toContain('缓存 K 和 V');
    expect(view.answerHtml).not.toMatch(/script|onerror|alert/);
  });

  it('refuses what is not an Anki package, with a reason', async () => {
    await expect(app.call('anki.import', { fileName: 'x.apkg', content: toBase64(new TextEncoder().encode('not a zip')) })).rejects.toThrow(
      /not an Anki package/,
    );
    await expect(app.call('anki.import', { fileName: 'x.txt', content: 'AAAA' })).rejects.toThrow(/\.apkg or \.colpkg/);
  });
});

describe('anki.export, read back by an independent reader', () => {
  it("exports a note's cards: fields with MathJax formulas, the diagram's source, tags, and no history unless asked", async () => {
    await importNotes();
    const note = (await app.call('notes.list', {}))[0]!;
    const out = await app.call('anki.export', { deck: { kind: 'note', noteId: note.id } });
    expect(out).toMatchObject({ fileName: 'Lattice__Attention 面试题.apkg', cards: 3, reviews: 0 });
    const read = await readWithAnkiReader(Buffer.from(out.content, 'base64'));
    const deck = read.decks.find((candidate) => candidate.getName() === 'Lattice::Attention 面试题')!;
    const cards = Object.values(deck.getCards());
    expect(cards).toHaveLength(3);
    const fields = cards.map((card) => card.getFields());
    const sqrt = fields.find((f) => f.Front?.includes('为什么要除以'))!;
    expect(sqrt.Front).toContain('\\(\\sqrt{d_k}\\)');
    expect(sqrt.Back).toContain('\\[\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V\\]');
    expect(sqrt.Source).toContain('Attention 面试题');
    const rlhf = fields.find((f) => f.Front?.includes('RLHF'))!;
    expect(rlhf.Back).toContain('<code class="language-mermaid">graph LR');
    const kv = fields.find((f) => f.Front?.includes('KV cache'))!;
    expect(kv.Back).toContain('echo $HOME');
    expect(kv.Back).not.toContain('\\(');
    const sqrtNote = read.notes.find((row) => String(row.flds).includes('为什么要除以'))!;
    expect(String(sqrtNote.tags).trim().split(' ')).toEqual(['Attention_面试题', 'Attention_面试题::Scaled_dot_product']);
    expect(read.revlog).toEqual([]);

    // Drawn by the renderer (here, by hand): the diagram goes out as a packaged SVG instead.
    const { diagrams } = await app.call('anki.diagrams', { deck: { kind: 'note', noteId: note.id } });
    expect(diagrams).toEqual([{ hash: expect.any(String), source: 'graph LR\n  SFT --> RM --> PPO\n' }]);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text x="1" y="5">SFT</text></svg>';
    const drawn = await app.call('anki.export', { deck: { kind: 'note', noteId: note.id }, svgs: { [diagrams[0]!.hash]: svg } });
    expect(drawn.media).toBe(1);
    const withSvg = await readWithAnkiReader(Buffer.from(drawn.content, 'base64'));
    const [svgName, svgBlob] = Object.entries(withSvg.media)[0]!;
    expect(svgName).toMatch(/\.svg$/);
    expect(await svgBlob.text()).toContain('SFT');
    expect(withSvg.notes.some((row) => String(row.flds).includes(`<img src="${svgName}" alt="diagram" />`))).toBe(true);
    expect(read.cards.every((card) => card.type === 0 && card.queue === 0)).toBe(true);
  });

  it('exports the review history so FSRS continues: revlog rows, review due day, memory state in data', async () => {
    await importNotes();
    const list = await app.call('drills.list', {});
    const card = list.find((c) => c.question.includes('KV cache'))!;
    await app.call('drills.grade', { cardId: card.id, rating: 3, reviewId: 'first' });
    await app.call('drills.grade', { cardId: card.id, rating: 3, reviewId: 'second' });
    const graded = await app.call('drills.card', { cardId: card.id });
    const out = await app.call('anki.export', { withHistory: true });
    expect(out.reviews).toBe(2);
    const read = await readWithAnkiReader(Buffer.from(out.content, 'base64'));
    expect(read.decks.map((deck) => deck.getName())).toContain('Lattice');
    expect(read.cards).toHaveLength(list.length);
    expect(read.revlog.map((row) => row.ease)).toEqual([3, 3]);
    const note = read.notes.find((row) => String(row.flds).includes('KV cache'))!;
    expect(note.guid).toBe(card.id);
    const exported = read.cards.find((row) => row.nid === note.id)!;
    expect(exported.reps).toBe(graded.card.reps);
    const data = JSON.parse(String(exported.data)) as { s: number; d: number; dr: number };
    expect(data.dr).toBe(0.9);
    expect(data.s).toBeGreaterThan(0);
    expect(data.d).toBeGreaterThanOrEqual(1);
    expect(data.d).toBeLessThanOrEqual(10);
    if (graded.card.state === 'review') {
      expect(exported.type).toBe(2);
      const col = rows(read.collection.getRawCollection().exec('SELECT crt FROM col') as SqlRows)[0]!;
      expect(Number(exported.due)).toBe(Math.floor((Date.parse(graded.card.due) / 1000 - Number(col.crt)) / 86_400));
    } else expect(exported.queue).toBe(1);
  });

  it("carries an imported deck's images out again as packaged media", async () => {
    await app.call('anki.import', { fileName: 'LLM.apkg', content: toBase64(legacyFixture()) });
    const out = await app.call('anki.export', {});
    expect(out.media).toBe(1);
    const read = await readWithAnkiReader(Buffer.from(out.content, 'base64'));
    const [name, blob] = Object.entries(read.media)[0]!;
    expect(name).toMatch(/^lattice-[0-9a-f]{24}\.png$/);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PIXEL_PNG);
    expect(read.notes.some((row) => String(row.flds).includes(`<img src="${name}"`))).toBe(true);
  });

  it("packs a note's own local picture (stored at import) as media the card's answer names", async () => {
    mkdirSync(join(work, 'vault', 'img'), { recursive: true });
    writeFileSync(join(work, 'vault', 'img', 'pixel.png'), PIXEL_PNG);
    writeFileSync(join(work, 'vault', '图示.md'), '# 图示\n\n### 注意力矩阵长什么样？\n\n![注意力](img/pixel.png)\n\n每行和为 1。\n');
    await app.call('library.import', { paths: [join(work, 'vault')] });
    // The folder is gone: the export works from the store's copy.
    rmSync(join(work, 'vault'), { recursive: true, force: true });
    const out = await app.call('anki.export', {});
    expect(out).toMatchObject({ cards: 1, media: 1 });
    const read = await readWithAnkiReader(Buffer.from(out.content, 'base64'));
    const [name, blob] = Object.entries(read.media)[0]!;
    expect(name).toMatch(/\.png$/);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PIXEL_PNG);
    const note = read.notes.find((row) => String(row.flds).includes('注意力矩阵'))!;
    expect(String(note.flds)).toContain(`<img src="${name}"`);
    expect(String(note.flds)).not.toContain('/media/');
  });

  it('goes out and comes back with its history: an export imported into another library', async () => {
    await importNotes();
    const card = (await app.call('drills.list', {})).find((c) => c.question.includes('为什么要除以'))!;
    await app.call('drills.grade', { cardId: card.id, rating: 4 });
    const out = await app.call('anki.export', { withHistory: true });
    const other = openLattice({ dataDir: join(work, 'other'), withStarter: false });
    try {
      const report = await other.call('anki.import', { fileName: out.fileName, content: out.content });
      expect(report).toMatchObject({ created: 3, linked: 0, reviews: 1 });
      const back = (await other.call('drills.list', {})).find((c) => c.question.includes('为什么要除以'))!;
      const view = await other.call('drills.card', { cardId: back.id });
      expect(view.card.reps).toBe(1);
      expect(view.questionHtml).toContain('data-tex="\\sqrt{d_k}"');
    } finally {
      await other.idle();
      other.close();
    }
  });
});
