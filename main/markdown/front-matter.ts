import { parseDocument } from 'yaml';

export interface FrontMatter {
  /** The keys as written (odd ones such as `data:` kept); always a JSON-safe object. */
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  format: 'yaml' | 'json' | 'none';
  warnings: string[];
}

const MAX_FRONT_MATTER_CHARS = 64 * 1024;
const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(---|\.\.\.)[ \t]*$/m;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}

/**
 * Splits a note into front matter and body. YAML is parsed with the core
 * schema only (no custom tags, no code), with a cap on aliases and size, so a
 * hostile header cannot run anything or blow up memory. JSON objects between
 * `---` lines (Obsidian Digital Garden) are accepted too. A broken header is a
 * warning, not a failure: the note is still imported, its body intact.
 */
export function splitFrontMatter(text: string): FrontMatter {
  const none = (warnings: string[] = []): FrontMatter => ({ data: {}, body: text, format: 'none', warnings });
  const open = OPEN.exec(text);
  if (!open) return none();
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return none();
  const raw = rest.slice(0, close.index);
  const bodyStart = open[0].length + close.index + close[0].length;
  const body = text.slice(bodyStart).replace(/^\n/, '');
  if (raw.length > MAX_FRONT_MATTER_CHARS) {
    return { data: {}, body, format: 'none', warnings: [`front matter over ${MAX_FRONT_MATTER_CHARS / 1024} KB ignored`] };
  }
  if (raw.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!isPlainObject(parsed)) return { data: {}, body, format: 'json', warnings: ['front matter is not a JSON object; ignored'] };
      return { data: jsonSafe(parsed), body, format: 'json', warnings: [] };
    } catch (error) {
      return { data: {}, body, format: 'json', warnings: [`front matter is not valid JSON: ${(error as Error).message}`] };
    }
  }
  const doc = parseDocument(raw, { schema: 'core', uniqueKeys: false, prettyErrors: false, customTags: [] });
  const warnings = doc.warnings.map((w) => `front matter: ${w.message.split('\n')[0] ?? ''}`);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]?.message.split('\n')[0] ?? 'unreadable';
    return { data: {}, body, format: 'yaml', warnings: [...warnings, `front matter is not valid YAML (${first}); ignored`] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { data: {}, body, format: 'yaml', warnings: [...warnings, `front matter ignored: ${(error as Error).message}`] };
  }
  if (value === null || value === undefined) return { data: {}, body, format: 'yaml', warnings };
  // Text or a list between two `---` lines is a note that opens with a
  // thematic break, not a header: dropping it would hide part of the note.
  if (!isPlainObject(value)) return none();
  return { data: jsonSafe(value), body, format: 'yaml', warnings };
}

const PERMALINK_KEYS = ['permalink', 'dg-permalink', 'slug', 'url'];

function nonEmptyString(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Title: front matter `title`, else the first H1, else a permalink-like key, else the file name. */
export function chooseTitle(data: Record<string, unknown>, firstH1: string | undefined, fileName: string): string {
  const fromFrontMatter = nonEmptyString(data.title);
  if (fromFrontMatter) return fromFrontMatter;
  if (firstH1) return firstH1;
  for (const key of PERMALINK_KEYS) {
    const link = nonEmptyString(data[key]);
    const segment = link?.split('/').filter(Boolean).pop();
    if (segment) {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    }
  }
  return fileName.replace(/\.(md|markdown|txt)$/i, '');
}

/** Tags from `tags:` / `tag:` as a list or a comma- or space-separated string; `#` dropped. */
export function collectTags(data: Record<string, unknown>): string[] {
  const raw = data.tags ?? data.tag;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,，\s]+/) : [];
  const tags = list
    .filter((t): t is string | number => typeof t === 'string' || typeof t === 'number')
    .map((t) => String(t).trim().replace(/^#/, ''))
    .filter(Boolean);
  return [...new Set(tags)];
}
