import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';

// One data directory for the file: opening it loads the starter library once.
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-concepts-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir: join(work, 'data'), cwd: work });

describe('lattice concepts', () => {
  it('prints the path SFT → RM → PPO on the starter library', async () => {
    const result = await lattice('concepts', 'path', 'SFT', 'PPO');
    expect(result.code).toBe(0);
    // 训练奖励模型 RM, 奖励模型 RM and Reward Model are one concept, RM (issue 12).
    expect(result.stdout.trim()).toBe('SFT -[leads-to]-> RM -[leads-to]-> PPO');
    const json = await lattice('concepts', 'path', '预训练', 'PPO', '--json');
    expect((JSON.parse(json.stdout) as { concepts: { name: string }[] }).concepts.map((c) => c.name)).toEqual([
      '预训练',
      'SFT',
      'RM',
      'PPO',
    ]);
  });

  it('exits 1 when there is no path or no such concept', async () => {
    expect((await lattice('concepts', 'path', 'SFT', 'no-such-thing')).code).toBe(1);
    const result = await lattice('concepts', 'path', 'ZeRO-1', 'Sinusoidal Position Encoding');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no path/);
  });

  it('lists and shows concepts, as text and JSON', async () => {
    const list = await lattice('concepts', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^CONCEPT/);
    expect(list.stdout).toMatch(/\nRM .* Reward Model, 奖励模型\n/);
    const show = await lattice('concepts', 'show', '奖励模型');
    expect(show.stdout).toMatch(/^RM\naliases: Reward Model, 奖励模型/);
    expect(show.stdout).toMatch(/leads-to → PPO/);
    expect(show.stdout).toMatch(/mentioned in:\n {2}rlhf-pipeline\.md/);
    const json = JSON.parse((await lattice('concepts', 'show', 'PPO', '--json')).stdout) as {
      name: string;
      incoming: Record<string, unknown[]>;
    };
    expect(json.name).toBe('PPO');
    expect(Object.keys(json.incoming)).toContain('leads-to');
  });

  it('prints a concept map as Mermaid source', async () => {
    const one = await lattice('concepts', 'map', 'RM');
    expect(one.stdout).toMatch(/^flowchart LR\n/);
    expect(one.stdout).toMatch(/c\d+\["PPO"\]/);
    const two = await lattice('concepts', 'map', 'RM', '--depth', '2');
    expect(two.stdout.split('\n').length).toBeGreaterThan(one.stdout.split('\n').length);
    expect((await lattice('concepts', 'map', 'RM', '--depth', '3')).code).toBe(2);
  });
});
