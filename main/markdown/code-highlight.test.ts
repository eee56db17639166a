import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './pipeline.js';

describe('code blocks', () => {
  it('are highlighted by language, with the code escaped', () => {
    const html = renderMarkdown('```python\ndef safe_softmax(x):\n    return "<b>" if x else None\n```');
    expect(html).toContain('<pre><code class="language-python"><span class="hljs-keyword">def</span>');
    expect(html).toContain('&quot;&lt;b&gt;&quot;');
    expect(html).not.toContain('<b>');
  });

  it('knows common aliases and leaves unknown languages as plain escaped text', () => {
    expect(renderMarkdown('```py\nimport torch\n```')).toContain('<span class="hljs-keyword">import</span>');
    const unknown = renderMarkdown('```brainfuck\n<script>+-</script>\n```');
    expect(unknown).toContain('&lt;script&gt;+-&lt;/script&gt;');
    expect(unknown).not.toContain('hljs');
  });
});
