import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempLattice } from './test-support.js';

const temp = useTempLattice('lattice-render-');

const noteId = async (path: string): Promise<number> => {
  const found = (await temp.app.call('notes.list', {})).find((n) => n.path === path);
  if (!found) throw new Error(`no note at ${path}`);
  return found.id;
};

describe('notes.render with a head', () => {
  it('renders a long note only as far as a block boundary near the head, marked as a head; the whole without it', async () => {
    const sections = Array.from(
      { length: 2_000 },
      (_, i) => `## 第 ${i} 题：为什么除以 $\\sqrt{d_k}$？\n\n点积随维度增大，第 ${i} 次。\n`,
    ).join('\n');
    writeFileSync(join(temp.folder, 'long.md'), `---\ntags: [注意力]\n---\n# 长笔记\n\n${sections}`);
    await temp.app.call('library.import', { paths: [temp.folder] });
    const id = await noteId('long.md');

    const head = await temp.app.call('notes.render', { id, format: 'html', deferMath: true, head: 8_192 });
    expect(head.isHead).toBe(true);
    expect(head.content).toContain('<h1');
    expect(head.content).toContain('第 0 题');
    expect(head.content).not.toContain('第 1999 题');
    expect(head.content).not.toContain('tags:');
    const whole = await temp.app.call('notes.render', { id, format: 'html', deferMath: true });
    expect(whole.isHead).toBeUndefined();
    expect(whole.content).toContain('第 1999 题');
    // The head is the whole's beginning: the same blocks, up to where it ends.
    const lastHeading = head.content.lastIndexOf('<h2');
    expect(whole.content.startsWith(head.content.slice(0, lastHeading))).toBe(true);
  });

  it('renders a short note whole, the same as without a head, and refuses a head too small to fill a screen', async () => {
    writeFileSync(join(temp.folder, 'short.md'), '# 短\n\n一段。\n');
    await temp.app.call('library.import', { paths: [temp.folder] });
    const id = await noteId('short.md');
    const head = await temp.app.call('notes.render', { id, format: 'html', head: 65_536 });
    expect(head).toEqual(await temp.app.call('notes.render', { id, format: 'html' }));
    await expect(temp.app.call('notes.render', { id, format: 'html', head: 10 })).rejects.toThrow(/head/);
  });
});
