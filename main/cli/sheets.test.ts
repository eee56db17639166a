import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';

// One data directory for the file: opening it loads the starter library and the example sheet once.
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-sheets-'));
  // No Chromium for these tests (drawing diagrams and printing are covered by the e2e suite under the build lock).
  vi.stubEnv('LATTICE_CHROMIUM', join(work, 'no-chromium'));
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(work, { recursive: true, force: true });
});

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir: join(work, 'data'), cwd: work });

describe('lattice sheets', () => {
  it('lists the example sheet as JSON and as lines', async () => {
    const json = await lattice('sheets', 'list', '--json');
    expect(json.code).toBe(0);
    const sheets = JSON.parse(json.stdout) as { id: number; title: string; items: number }[];
    expect(sheets).toEqual([{ id: 1, title: 'RLHF 速查 · quick reference', items: 8 }]);
    expect((await lattice('sheets', 'list')).stdout).toContain('RLHF 速查 · quick reference  (8 items)');
  });

  it('exports Markdown and HTML to a file, and says when diagrams could not be drawn', async () => {
    const md = await lattice('sheets', 'export', '1', '--format', 'md', '--out', 'rlhf.md');
    expect(md.code).toBe(0);
    const text = readFileSync(join(work, 'rlhf.md'), 'utf8');
    expect(text).toMatch(/^# RLHF 速查 · quick reference\n/);
    expect(text).toContain('```mermaid\nflowchart LR');
    expect(text).toContain('$$\n\\mathcal{L}_{RM}');

    const html = await lattice('sheets', 'export', '1', '--format', 'html', '--out', 'out/rlhf.html');
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/HTML written to .*rlhf\.html .*2 diagrams left as Mermaid source/);
    const page = readFileSync(join(work, 'out', 'rlhf.html'), 'utf8');
    expect(page).toContain('class="katex-display"');
    expect(page).not.toMatch(/<script/i);
  });

  it('explains what PDF needs when there is no Chromium, and refuses bad usage', async () => {
    const pdf = await lattice('sheets', 'export', '1', '--format', 'pdf', '--out', 'rlhf.pdf');
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(/PDF export needs Chromium/);
    expect((await lattice('sheets', 'export', '1', '--format', 'docx', '--out', 'x')).code).toBe(2);
    expect((await lattice('sheets', 'export', '1')).stderr).toMatch(/needs --out FILE/);
    expect((await lattice('sheets', 'export', '99', '--out', 'x.html')).code).toBe(1);
  });
});
