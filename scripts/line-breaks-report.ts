import { readFileSync } from 'node:fs';
import type { Token } from 'markdown-it';
import { splitFrontMatter } from '../main/markdown/front-matter.js';
import { inlineText } from '../main/markdown/inline-text.js';
import { parseMarkdown } from '../main/markdown/pipeline.js';
import { softbreakKind } from '../main/markdown/text-joining.js';

/**
 * Lists every soft line break of the given notes with what the pipeline makes
 * of it (join, space or break), one line each: the evidence to check the
 * joining rule against real notes. Usage: node out/node/scripts/line-breaks-report.js FILE…
 */
function lineAround(children: Token[], index: number, direction: -1 | 1): string {
  const parts: Token[] = [];
  for (let i = index + direction; i >= 0 && i < children.length; i += direction) {
    const token = children[i] as Token;
    if (token.type === 'softbreak' || token.type === 'hardbreak') break;
    if (direction === -1) parts.unshift(token);
    else parts.push(token);
  }
  return inlineText(parts);
}

for (const path of process.argv.slice(2)) {
  const { body } = splitFrontMatter(readFileSync(path, 'utf8'));
  for (const token of parseMarkdown(body)) {
    if (token.type !== 'inline') continue;
    const children = token.children ?? [];
    children.forEach((child, index) => {
      if (child.type !== 'softbreak') return;
      const kind = softbreakKind(children, index);
      const before = lineAround(children, index, -1);
      const after = lineAround(children, index, 1);
      process.stdout.write(
        `${kind.padEnd(5)} ${path.split('/').pop()}:${(token.map?.[0] ?? 0) + 1}\t…${before.slice(-28)} ⏎ ${after.slice(0, 28)}…\n`,
      );
    });
  }
}
