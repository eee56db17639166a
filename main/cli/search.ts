import type { Lattice } from '../app.js';
import type { SearchHit } from '../api/contract.js';

/** `lattice search QUERY [--limit N] [--json]`: the search box on the command line. */

export interface SearchCommand {
  /** The words after `search`, joined with spaces: quoting the query is optional. */
  words: string[];
  limit: string | undefined;
  isJson: boolean;
  /** Colours for a terminal; plain text when piped. */
  isTTY: boolean;
  stdout: (text: string) => void;
  /** Makes the error the CLI reports as bad usage (exit 2). */
  usage: (message: string) => Error;
}

/** One hit as `--json` prints it. */
export interface SearchHitLine {
  kind: SearchHit['kind'];
  noteId: number | null;
  title: string;
  /** The section path, "note › section › subsection", or null. */
  section: string | null;
  /** HTML as the API gives it: escaped text, matched terms in <mark>. */
  snippet: string;
  score: number;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** A snippet for a terminal: entities back to text, marks bold (or dropped when piped). */
export function snippetText(html: string, isTTY: boolean): string {
  return html
    .replace(/<mark>/g, isTTY ? '\x1b[1m' : '')
    .replace(/<\/mark>/g, isTTY ? '\x1b[22m' : '')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** A hit in the shape `--json` promises. */
export function toHitLine(hit: SearchHit): SearchHitLine {
  return {
    kind: hit.kind,
    noteId: hit.noteId,
    title: hit.title,
    section: hit.sectionPath.length ? hit.sectionPath.join(' › ') : null,
    snippet: hit.snippet,
    score: hit.score,
  };
}

/** Hits for a person at a terminal: kind, where, and the snippet on the next line. */
export function formatHits(hits: SearchHit[], isTTY: boolean): string {
  if (hits.length === 0) return 'No matches.';
  return hits
    .map((hit) => {
      const where =
        hit.kind === 'note' || hit.kind === 'section'
          ? hit.sectionPath.join(' › ') || hit.noteTitle
          : `${hit.title}${hit.noteTitle ? ` — ${hit.noteTitle}` : ''}`;
      const id = hit.noteId === null ? '' : `  (note ${hit.noteId})`;
      return `${hit.kind.padEnd(10)} ${where}${id}\n           ${snippetText(hit.snippet, isTTY)}`;
    })
    .join('\n');
}

/** Runs `lattice search`; exit code 0 whether or not anything matched. */
export async function runSearch(lattice: Lattice, command: SearchCommand): Promise<number> {
  const q = command.words.join(' ');
  if (q.trim() === '') throw command.usage('search needs a QUERY');
  const limit = command.limit === undefined ? 20 : Number(command.limit);
  if (!/^\d+$/.test(command.limit ?? '20') || limit < 1 || limit > 200) throw command.usage('--limit takes a number from 1 to 200');
  const { hits } = await lattice.call('search.query', { q, limit });
  command.stdout(command.isJson ? JSON.stringify(hits.map(toHitLine), null, 2) : formatHits(hits, command.isTTY));
  return 0;
}
