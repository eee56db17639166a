import { pick, randInt } from './anchoring-edits.js';
import type { Rng } from './anchoring-edits.js';

/**
 * Edits of the anchoring benchmark made before a note is projected — to its
 * source (line ends, front matter), or to the text the annotations are drawn
 * on (composed characters for the NFC edits to decompose).
 */

/** Words whose NFD form differs from their NFC form (Latin, Greek, Vietnamese, Hangul). */
export const COMPOSED_WORDS = [
  'café',
  'naïve',
  'Schrödinger',
  'Ångström',
  'déjà vu',
  'Erdős',
  'Việt Nam',
  'jalapeño',
  'façade',
  'Zürich',
  'Dvořák',
  'Ελληνικά',
  '한국어',
  'crème brûlée',
];

/** Sprinkles composed words through a text (about one per `every` code points) for the NFC edits to act on. */
export function withComposedWords(text: string, rng: Rng, every = 60): string {
  const points = Array.from(text);
  for (let at = randInt(rng, 0, every); at < points.length; at += randInt(rng, every >> 1, every + (every >> 1))) {
    if (points[at] === '\n') continue;
    points.splice(at, 0, ` ${pick(rng, COMPOSED_WORDS)} `);
  }
  return points.join('');
}

/** Turns `count` random line ends of a note source into CRLF. */
export function withCrlf(source: string, count: number, rng: Rng): string {
  const lines = source.split('\n');
  const chosen = new Set<number>();
  const limit = Math.min(count, lines.length - 1);
  while (chosen.size < limit) chosen.add(randInt(rng, 0, lines.length - 2));
  return lines.map((line, i) => (chosen.has(i) ? `${line}\r` : line)).join('\n');
}

/** Makes `count` changes to a note's YAML front matter (adding one if it has none). */
export function withFrontMatterEdits(source: string, count: number, rng: Rng): string {
  const match = /^---\n([^]*?)\n---\n/.exec(source);
  const body = match ? source.slice(match[0].length) : source;
  const lines = match ? (match[1] as string).split('\n') : ['title: 新笔记'];
  for (let i = 0; i < count; i++) {
    const roll = rng();
    const simple = lines
      .map((line, at) => ({ line, at }))
      .filter(({ line }) => /^[\w-]+:\s*[^|>\s]/.test(line) && !line.startsWith('title:'));
    if (roll < 0.25) {
      const at = lines.findIndex((line) => line.startsWith('title:'));
      if (at >= 0) lines[at] = `${lines[at] as string}（修订 ${i + 1}）`;
      else lines.unshift('title: 修订版');
    } else if (roll < 0.5) lines.push(`updated-${i}: 2025-0${randInt(rng, 1, 9)}-1${randInt(rng, 0, 9)}`);
    else if (roll < 0.65) lines.push(`summary-${i}: |`, '  新增的中文摘要，说明这份笔记的修订内容。', '  第二行摘要。');
    else if (roll < 0.85 && simple.length > 0) lines.splice(pick(rng, simple).at, 1);
    else if (simple.length > 0) {
      const moved = pick(rng, simple);
      lines.splice(moved.at, 1);
      lines.push(moved.line);
    }
  }
  return `---\n${lines.join('\n')}\n---\n${body}`;
}
