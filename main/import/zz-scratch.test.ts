import { test } from 'vitest';
import { renderMarkdown } from './markdown/pipeline.js';
const cases: string[] = [
  '见https://example.com/p/1。然后',
  '见 https://example.com/p/1然后',
  '链接：https://example.com/p/1）。',
  '（https://example.com/p/1）',
  '见 https://example.com/p/1。',
  '见 https://example.com/p/1、https://b.com',
  'mailto 邮箱 a@b.com 和 www.example.com',
  '中文**粗体**\n中文',
  '$a$\n中文',
  '中文\n$a$',
  '中文\n`code`',
  '中文，\n中文',
];
test('scratch', () => {
  for (const c of cases) console.log('-----\n' + JSON.stringify(c) + '\n' + renderMarkdown(c).replace(/<span class="katex">[\s\S]*?<\/span><\/span>(?=<\/span>)/g, '[KATEX]'));
});
