import { mermaidOptions } from '../../../common/mermaid-options.js';
import { NoteWork } from './note-work.js';
import { sanitizeDiagramSvg } from './sanitize.js';

/**
 * Mermaid diagrams: the library (large) is loaded only when the first diagram
 * comes near the viewport; each drawn SVG is cached by the diagram's source
 * hash and theme, so re-opening a note shows it at once. securityLevel
 * 'strict' turns off click directives and HTML labels.
 */

type Mermaid = (typeof import('mermaid'))['default'];

let loading: Promise<Mermaid> | undefined;
let configuredDark: boolean | undefined;
let sequence = 0;
const svgCache = new Map<string, string>();

async function mermaidFor(isDark: boolean): Promise<Mermaid> {
  loading ??= import('mermaid').then((m) => m.default);
  const mermaid = await loading;
  if (configuredDark !== isDark) {
    mermaid.initialize(mermaidOptions(isDark, 'inherit'));
    configuredDark = isDark;
  }
  return mermaid;
}

const cacheKey = (hash: string, isDark: boolean): string => `${hash}:${isDark ? 'dark' : 'light'}`;

/** The cached SVG for a diagram, if it was drawn before in this theme. */
export function cachedDiagram(hash: string, isDark: boolean): string | undefined {
  return svgCache.get(cacheKey(hash, isDark));
}

/**
 * Draws a diagram (or throws with Mermaid's message on a syntax error).
 * `work`: the note it is drawn for; once another note is shown, a diagram
 * not yet being laid out is dropped (StaleNoteWork) rather than drawn for a
 * note that is gone while the next one is being painted.
 */
export async function drawDiagram(hash: string, source: string, isDark: boolean, work = new NoteWork()): Promise<string> {
  const cached = cachedDiagram(hash, isDark);
  if (cached) return cached;
  const mermaid = await work.guard(mermaidFor(isDark));
  // parse() throws on a syntax error before render() can leave an error graphic in the page.
  await work.guard(mermaid.parse(source));
  const id = `lattice-diagram-${++sequence}`;
  try {
    const { svg } = await mermaid.render(id, source);
    const clean = sanitizeDiagramSvg(svg);
    svgCache.set(cacheKey(hash, isDark), clean);
    return clean;
  } finally {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
  }
}
