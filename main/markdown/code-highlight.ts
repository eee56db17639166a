import { createRequire } from 'node:module';
import { log } from '../log/logger.js';

/**
 * Syntax highlighting for fenced code, done once in the pipeline so the
 * reader and the exports look the same. highlight.js escapes the code and
 * emits only <span class="hljs-…">, so its output is safe to embed. It is
 * loaded on first use: importing notes never needs it.
 */

const LANGUAGES: Record<string, string[]> = {
  python: ['py'],
  bash: ['sh', 'zsh'],
  shell: ['console'],
  javascript: ['js', 'jsx', 'mjs'],
  typescript: ['ts', 'tsx'],
  json: [],
  yaml: ['yml'],
  cpp: ['c++', 'cc', 'cuda', 'cu'],
  c: ['h'],
  java: [],
  go: ['golang'],
  rust: ['rs'],
  sql: [],
  xml: ['html'],
  diff: [],
  ini: ['toml'],
};

type HighlightJs = typeof import('highlight.js').default;
const requireModule = createRequire(import.meta.url);
let hljs: HighlightJs | undefined;

function highlighter(): HighlightJs {
  if (!hljs) {
    const core = requireModule('highlight.js/lib/core') as HighlightJs;
    for (const [name, aliases] of Object.entries(LANGUAGES)) {
      core.registerLanguage(name, requireModule(`highlight.js/lib/languages/${name}`) as Parameters<HighlightJs['registerLanguage']>[1]);
      if (aliases.length) core.registerAliases(aliases, { languageName: name });
    }
    hljs = core;
  }
  return hljs;
}

/** Highlighted, escaped HTML for `code` in `lang`, or '' to let markdown-it escape it plainly. */
export function highlightCode(code: string, lang: string): string {
  const name = lang.trim().toLowerCase();
  if (!name || code.length > 200_000) return '';
  const hl = highlighter();
  if (!hl.getLanguage(name)) return '';
  try {
    return hl.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch (error) {
    // The block shows unhighlighted (escaped) code; a highlighter bug is worth a line, the note is fine.
    log.debug(`highlighting a ${name} block failed`, { err: error });
    return '';
  }
}
