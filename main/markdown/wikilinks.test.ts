import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';
import { parseWikilink } from './wikilinks.js';

describe('parseWikilink', () => {
  it('splits target, heading and alias', () => {
    expect(parseWikilink('rlhf-pipeline')).toEqual({ target: 'rlhf-pipeline', heading: '', label: 'rlhf-pipeline', isEmbed: false });
    expect(parseWikilink('peft-lora|LoRA 笔记')).toEqual({ target: 'peft-lora', heading: '', label: 'LoRA 笔记', isEmbed: false });
    expect(parseWikilink('note#heading')).toEqual({ target: 'note', heading: 'heading', label: 'note › heading', isEmbed: false });
    expect(parseWikilink('#本页小节')).toEqual({ target: '', heading: '本页小节', label: '本页小节', isEmbed: false });
    expect(parseWikilink('embed', true)).toMatchObject({ target: 'embed', isEmbed: true });
  });

  it('trims spaces and refuses an empty link', () => {
    expect(parseWikilink('  rag  | 检索增强 ')).toMatchObject({ target: 'rag', label: '检索增强' });
    expect(parseWikilink(' ')).toBeUndefined();
    expect(parseWikilink('#')).toBeUndefined();
  });
});

describe('wikilinks in a note', () => {
  it('renders `[[rlhf-pipeline]]` as a wikilink showing the target', () => {
    expect(renderMarkdown('见 [[rlhf-pipeline]]')).toBe(
      '<p>见 <a class="wikilink" href="#" data-wikilink="rlhf-pipeline">rlhf-pipeline</a></p>\n',
    );
  });

  it('renders `[[peft-lora|LoRA 笔记]]` showing the alias', () => {
    expect(renderMarkdown('[[peft-lora|LoRA 笔记]]')).toBe('<p><a class="wikilink" href="#" data-wikilink="peft-lora">LoRA 笔记</a></p>\n');
  });

  it('renders `[[note#heading]]` with the heading kept for navigation', () => {
    expect(renderMarkdown('[[note#heading]]')).toBe(
      '<p><a class="wikilink" href="#" data-wikilink="note" data-heading="heading">note › heading</a></p>\n',
    );
  });

  it('renders `![[embed]]` as a link (nothing is embedded or fetched)', () => {
    const out = renderMarkdown('![[lora-diagram]]');
    expect(out).toBe('<p><a class="wikilink" href="#" data-wikilink="lora-diagram">lora-diagram</a></p>\n');
    expect(out).not.toContain('image-placeholder');
  });

  it('reads `[[note\\|alias]]` inside a table cell, as Obsidian writes it', () => {
    const out = renderMarkdown('| 笔记 | 说明 |\n|---|---|\n| [[peft-lora\\|LoRA]] | 低秩 |');
    expect(out).toContain('<td><a class="wikilink" href="#" data-wikilink="peft-lora">LoRA</a></td>');
  });

  it('escapes quotes and angle brackets in targets', () => {
    const out = renderMarkdown('[[a"><script>x|<b>]]');
    expect(out).not.toContain('<script>');
    expect(out).toContain('data-wikilink="a&quot;&gt;&lt;script&gt;x"');
    expect(out).toContain('>&lt;b&gt;</a>');
  });

  it('leaves wikilinks in code, empty brackets and broken brackets as text', () => {
    expect(renderMarkdown('`[[code]]`')).toBe('<p><code>[[code]]</code></p>\n');
    expect(renderMarkdown('[[ ]] 和 [[#]]')).toBe('<p>[[ ]] 和 [[#]]</p>\n');
    expect(renderMarkdown('[[a]\n]')).not.toContain('wikilink');
  });

  it('records every wikilink (embeds included) as an outgoing link and shows its label in the text', () => {
    const projection = projectTokens(
      parseMarkdown('对照 [[rlhf-pipeline]]、[[peft-lora|LoRA 笔记]]、[[transformer#注意力]] 与 [[#本页]]\n\n![[lora-diagram]]'),
    );
    expect(projection.links).toEqual([
      { kind: 'wikilink', target: 'rlhf-pipeline', label: 'rlhf-pipeline' },
      { kind: 'wikilink', target: 'peft-lora', label: 'LoRA 笔记' },
      { kind: 'wikilink', target: 'transformer', label: 'transformer › 注意力' },
      { kind: 'wikilink', target: '#本页', label: '本页' },
      { kind: 'wikilink', target: 'lora-diagram', label: 'lora-diagram' },
    ]);
    expect(projection.text).toBe('对照 rlhf-pipeline、LoRA 笔记、transformer › 注意力 与 本页\nlora-diagram');
  });
});
