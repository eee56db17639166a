import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { callApi, expect, repoRoot, test } from './fixtures.js';
import { importNotes } from './reading.js';

/**
 * SECURITY: an exported sheet is a file the person opens from disk, where no
 * app CSP protects it. This builds a sheet from every hostile note and SVG of
 * main/sanitize-fixtures (the diagrams handed to the export as a compromised
 * page could hand them), takes the export's own CSP out, and opens it from
 * file:// in Chromium: no script may run and no request may leave.
 */

const FIXTURES = join(repoRoot, 'main', 'sanitize-fixtures');
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/;

interface Sheet {
  id: number;
}
interface NoteSummary {
  id: number;
  title: string;
}
interface NoteDetail {
  sectionList: { slug: string }[];
}

/** A hostile note per fixture, and one note whose diagrams each get a hostile SVG. */
function writeHostileNotes(dir: string): { svgs: string[]; notes: number } {
  const names = readdirSync(FIXTURES)
    .filter((n) => /^\d{3}-/.test(n))
    .sort();
  let notes = 0;
  for (const name of names.filter((n) => /\.(md|html)$/.test(n))) {
    writeFileSync(join(dir, `${name.slice(0, 3)}.md`), `# 恶意 ${name.slice(0, 3)}\n\n${readFileSync(join(FIXTURES, name), 'utf8')}`);
    notes++;
  }
  const svgs = names.filter((n) => n.endsWith('.svg')).map((n) => readFileSync(join(FIXTURES, n), 'utf8'));
  const diagrams = svgs.map((_svg, i) => `## 图 ${i + 1}\n\n\`\`\`mermaid\ngraph LR\n  A[图${i + 1}] --> B[下一步]\n\`\`\`\n`).join('\n');
  writeFileSync(join(dir, 'diagrams.md'), `# 恶意图\n\n${diagrams}`);
  return { svgs, notes: notes + 1 };
}

interface Watch {
  requests: string[];
  dialogs: string[];
  errors: string[];
}

/** Opens a file from disk in a fresh page and records every request, dialog and script error. */
async function openFromDisk(browser: Browser, path: string): Promise<{ page: Page; watch: Watch; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const watch: Watch = { requests: [], dialogs: [], errors: [] };
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  // Late loads (fonts, images, CSS of hidden elements) and timers get their chance. A sleep on purpose: that the
  // file makes NO request and runs NO script is what is tested, and an absence has no event to wait for.
  await page.waitForTimeout(1_000);
  return { page, watch, close: () => context.close() };
}

test('a sheet of hostile notes exported as HTML, opened from disk with no CSP, runs no script and makes no request', async ({
  lattice,
  browser,
}, testInfo) => {
  test.skip(lattice.transport !== 'web', 'the file is opened in the test browser; the export itself is the same in both');
  test.setTimeout(120_000);
  const { page } = lattice;
  const dir = mkdtempSync(join(tmpdir(), 'lattice-hostile-'));
  try {
    const { svgs, notes } = writeHostileNotes(join(dir));
    await importNotes(lattice, dir, new RegExp(`新增 ${notes}|${notes} added`));

    // The sheet: every section of every hostile note.
    const sheet = await callApi<Sheet>(page, 'sheets.create', { title: '<img src=x onerror=alert("title")>恶意速查' });
    for (const note of await callApi<NoteSummary[]>(page, 'notes.list', {})) {
      if (!/^恶意/.test(note.title)) continue;
      const detail = await callApi<NoteDetail>(page, 'notes.get', { id: note.id });
      // The diagrams note: each diagram's own section, not the whole note again.
      const sections = note.title === '恶意图' ? detail.sectionList.slice(1) : detail.sectionList;
      for (const { slug } of sections)
        await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: note.id, section: slug } });
    }

    // The diagrams as a compromised page would draw them: one hostile SVG each.
    const { diagrams } = await callApi<{ diagrams: { hash: string; source: string }[] }>(page, 'sheets.diagrams', { id: sheet.id });
    const drawn: Record<string, string> = {};
    diagrams.filter((d) => /图\d+/.test(d.source)).forEach((d) => (drawn[d.hash] = svgs[Number(/图(\d+)/.exec(d.source)?.[1]) - 1] ?? ''));
    expect(Object.keys(drawn)).toHaveLength(svgs.length);
    const exported = await callApi<{ content: string }>(page, 'sheets.export', { id: sheet.id, format: 'html', svgs: drawn });

    // No CSP: the sanitizers alone must hold.
    expect(exported.content).toMatch(CSP_META);
    const html = exported.content.replace(CSP_META, '');
    expect(html).not.toContain('Content-Security-Policy');
    const path = join(dir, 'sheet.html');
    writeFileSync(path, html);
    writeFileSync(testInfo.outputPath('hostile-sheet.html'), html);

    const { page: opened, watch, close } = await openFromDisk(browser, path);
    // Nothing ran, nothing left, nothing hid the sheet.
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(watch.requests.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(path).href]);
    await expect(opened.locator('.sheet-header h1')).toBeVisible();
    expect(await opened.locator('body').evaluate((b) => getComputedStyle(b).display)).not.toBe('none');
    expect(await opened.locator('script, iframe, object, embed, img, image, foreignObject, [onerror], [onload], [onclick]').count()).toBe(
      0,
    );
    // What the notes tried is seen as text, and the diagrams' own words are drawn.
    await expect(opened.locator('.sheet-header h1')).toContainText('恶意速查');
    await expect(opened.locator('main.items')).toContainText('<script>alert(1)</script>');
    await expect(opened.locator('main.items')).toContainText('答案在这里。');
    // Every hostile SVG but 022 (no SVG root: shown as source), and the two diagrams of notes 061 and 063, which the export drew itself.
    await expect(opened.locator('figure.diagram svg')).toHaveCount(svgs.length - 1 + 2);
    await expect(opened.locator('figure.diagram svg', { hasText: '预训练 Pretrain' })).toBeVisible();
    await close();

    // The watch is not blind: the same page with one unsanitized image does alert and does ask the network.
    const control = join(dir, 'control.html');
    writeFileSync(control, html.replace('</main>', '<img src="https://evil.example/x.png" onerror="alert(1)"></main>'));
    const { watch: controlWatch, close: closeControl } = await openFromDisk(browser, control);
    expect(controlWatch.requests).toContain('https://evil.example/x.png');
    expect(controlWatch.dialogs).toEqual(['1']);
    await closeControl();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
