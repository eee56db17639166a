import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAnkiPackage } from 'anki-reader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyFixture } from '../anki/test-support.js';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-anki-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir: join(work, 'data'), cwd: work });

describe('lattice anki', () => {
  it('imports a package from a file and reports what it did', async () => {
    writeFileSync(join(work, '大模型 面试.apkg'), legacyFixture());
    const run = await lattice('anki', 'import', '大模型 面试.apkg');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deck "大模型 面试" (anki2)');
    expect(run.stdout).toMatch(/\d+ cards made, \d+ linked to questions already in your notes, 0 already imported/);
    expect(run.stdout).toContain('3 reviews carried over, 1 media files kept');
    const again = JSON.parse((await lattice('anki', 'import', '大模型 面试.apkg', '--json')).stdout) as {
      created: number;
      skipped: number;
    };
    expect(again).toMatchObject({ created: 0, skipped: 4 });
  });

  it('exports every card with its history to the file named, which an independent reader opens', async () => {
    const run = await lattice('anki', 'export', '--history', '--out', 'all.apkg', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { cards: number; reviews: number; path: string };
    expect(report.path).toBe(join(work, 'all.apkg'));
    expect(report.reviews).toBe(3);
    const { collection } = await readAnkiPackage(new Blob([readFileSync(report.path)]));
    const deck = Object.values(collection.getDecks()).find((candidate) => candidate.getName() === 'Lattice')!;
    expect(Object.keys(deck.getCards())).toHaveLength(report.cards);
  });

  it('names the file after the deck when no --out is given, and refuses two decks at once', async () => {
    const run = await lattice('anki', 'export', '--tag', 'nothing-has-this-tag');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 cards');
    expect(existsSync(join(work, 'Lattice__nothing-has-this-tag.apkg'))).toBe(true);
    const bad = await lattice('anki', 'export', '--note', '1', '--tag', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('choose one deck');
    expect((await lattice('anki', 'import')).code).toBe(2);
  });
});
