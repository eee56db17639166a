import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { Decompress } from 'fzstd';

/** A package that is not one Lattice can read, with the reason in words. */
export class AnkiPackageError extends Error {}

/** One Anki note, its fields in their order. */
export interface AnkiNote {
  id: number;
  guid: string;
  modelId: number;
  fields: string[];
  tags: string[];
}

export interface AnkiCard {
  id: number;
  noteId: number;
  deckId: number;
  ord: number;
  type: number;
  queue: number;
  due: number;
  ivl: number;
  reps: number;
  lapses: number;
  /** The card's `data` JSON (FSRS memory state in Anki 23.10+), parsed; {} when absent or unreadable. */
  data: { s?: number; d?: number; dr?: number };
}

export interface AnkiRevlog {
  id: number;
  cardId: number;
  ease: number;
  ivl: number;
  type: number;
  time: number;
}

export interface AnkiCollection {
  /** Which file held the collection: the current format, or a legacy one. */
  format: 'anki21b' | 'anki21' | 'anki2';
  /** Day 0 of the collection (seconds): review cards' due dates count days from it. */
  crt: number;
  decks: Map<number, string>;
  /** Note type id → is it a cloze type. */
  clozeModels: Set<number>;
  notes: AnkiNote[];
  cards: AnkiCard[];
  revlog: AnkiRevlog[];
  /** Media files by the name the fields use. */
  media: Map<string, Uint8Array>;
}

/** Bounds on what one package may unpack to: a zip bomb is refused, not unpacked. */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function isZstd(data: Uint8Array): boolean {
  return ZSTD_MAGIC.every((byte, i) => data[i] === byte);
}

/**
 * SECURITY: zstd-compressed parts of a package, decompressed in slices with
 * the output counted, so a small file that claims to hold gigabytes is
 * refused once it passes the bound instead of filling memory.
 */
function unzstd(data: Uint8Array): Uint8Array {
  if (!isZstd(data)) return data;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = new Decompress((chunk) => {
    size += chunk.length;
    if (size > MAX_UNPACKED_BYTES) throw new AnkiPackageError('the package unpacks to more than 512 MB');
    chunks.push(chunk);
  });
  const SLICE = 64 * 1024;
  try {
    for (let at = 0; at < data.length; at += SLICE) stream.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
  } catch (error) {
    if (error instanceof AnkiPackageError) throw error;
    throw new AnkiPackageError('a compressed part of the package is damaged');
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Reads an `.apkg` or `.colpkg`: the current format (`collection.anki21b`,
 * zstd-compressed SQLite, schema 18: note types, decks and fields in their
 * own tables; media listed in a zstd-compressed protobuf) and the legacy ones
 * (`collection.anki21`, `collection.anki2`, schema 11: JSON in `col`; media
 * listed as JSON). Only the SQLite file and the media named in the list are
 * read; nothing in the package names a path on disk.
 */
export function readAnkiPackage(bytes: Uint8Array): AnkiCollection {
  let files: Record<string, Uint8Array>;
  let total = 0;
  try {
    // SECURITY: the bound is checked on the sizes the zip states. A lie cannot get past it: fflate
    // allocates each entry at its stated size and never writes beyond, so a part that holds more
    // comes out cut (and is refused as unreadable), never larger (read-apkg-bounds.test.ts).
    files = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNPACKED_BYTES) throw new AnkiPackageError('the package unpacks to more than 512 MB');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AnkiPackageError) throw error;
    throw new AnkiPackageError('this is not an Anki package (not a zip file)');
  }
  const format = (['anki21b', 'anki21', 'anki2'] as const).find((ext) => files[`collection.${ext}`]);
  if (!format) throw new AnkiPackageError('the package holds no Anki collection');
  const sqlite = format === 'anki21b' ? unzstd(files['collection.anki21b']!) : files[`collection.${format}`]!;
  const collection = readCollection(sqlite);
  return { format, ...collection, media: readMedia(files) };
}

/** The collection's tables, from an SQLite file held in memory (never written to disk). */
function readCollection(sqlite: Uint8Array): Omit<AnkiCollection, 'format' | 'media'> {
  const buffer = Buffer.from(sqlite);
  // A collection saved in WAL mode says so in its header (bytes 18–19); in memory it is read as a plain file.
  if (buffer.length > 20 && buffer[18] === 2) buffer[18] = buffer[19] = 1;
  let db: Database.Database;
  try {
    db = new Database(buffer, { readonly: false });
  } catch {
    throw new AnkiPackageError('the collection in the package is not an SQLite file');
  }
  try {
    const col = db.prepare('SELECT crt, ver, models, decks FROM col').get() as
      { crt: number; ver: number; models: string; decks: string } | undefined;
    if (!col) throw new AnkiPackageError('the collection has no col row');
    const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    const decks = new Map<number, string>();
    const clozeModels = new Set<number>();
    if (hasTable('decks')) {
      // Schema 18: one row per deck, levels separated by \x1f.
      for (const row of db.prepare('SELECT id, name FROM decks').all() as { id: number; name: string }[])
        decks.set(row.id, row.name.split('\x1f').join('::'));
      for (const row of db.prepare('SELECT id, config FROM notetypes').all() as { id: number; config: Uint8Array }[]) {
        if (notetypeKind(row.config) === 1) clozeModels.add(row.id);
      }
    } else {
      for (const [id, deck] of Object.entries(parseJson<Record<string, { name?: string }>>(col.decks)))
        decks.set(Number(id), String(deck.name ?? id));
      for (const [id, model] of Object.entries(parseJson<Record<string, { type?: number }>>(col.models)))
        if (model.type === 1) clozeModels.add(Number(id));
    }
    const notes = (
      db.prepare('SELECT id, guid, mid, tags, flds FROM notes ORDER BY id').all() as {
        id: number;
        guid: string;
        mid: number;
        tags: string;
        flds: string;
      }[]
    ).map((row): AnkiNote => ({
      id: row.id,
      guid: row.guid,
      modelId: row.mid,
      fields: row.flds.split('\x1f'),
      tags: row.tags.split(/\s+/).filter(Boolean),
    }));
    const cards = (
      db.prepare('SELECT id, nid, did, ord, type, queue, due, ivl, reps, lapses, data FROM cards ORDER BY id').all() as (Omit<
        AnkiCard,
        'data' | 'noteId' | 'deckId'
      > & { nid: number; did: number; data: string })[]
    ).map((row): AnkiCard => ({ ...row, noteId: row.nid, deckId: row.did, data: parseJson(row.data) }));
    const revlog = (
      db.prepare('SELECT id, cid, ease, ivl, type, time FROM revlog ORDER BY id').all() as (Omit<AnkiRevlog, 'cardId'> & { cid: number })[]
    ).map((row): AnkiRevlog => ({ id: row.id, cardId: row.cid, ease: row.ease, ivl: row.ivl, type: row.type, time: row.time }));
    return { crt: col.crt, decks, clozeModels, notes, cards, revlog };
  } catch (error) {
    if (error instanceof AnkiPackageError) throw error;
    throw new AnkiPackageError(`the collection could not be read: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}

function parseJson<T extends object>(text: string | null | undefined): T {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return (value && typeof value === 'object' ? value : {}) as T;
  } catch {
    return {} as T;
  }
}

/** Media files by name: the list maps each zip entry (a number) to the name the fields use. */
function readMedia(files: Record<string, Uint8Array>): Map<string, Uint8Array> {
  const media = new Map<string, Uint8Array>();
  const list = files.media;
  if (!list) return media;
  const raw = unzstd(list);
  const text = new TextDecoder().decode(raw).trim();
  let entries: [string, string][];
  if (text.startsWith('{')) entries = Object.entries(parseJson<Record<string, string>>(text)).map(([entry, name]) => [entry, String(name)]);
  else entries = mediaEntries(raw);
  for (const [entry, name] of entries) {
    const data = files[entry];
    // A name with a folder in it is not one a field can use (Anki keeps media flat).
    if (data && name !== '' && !/[/\\]/.test(name)) media.set(name, unzstd(data));
  }
  return media;
}

/** Reads a protobuf varint at `at`; returns the value and where the next field starts. */
function varint(data: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (; i < data.length; i++) {
    const byte = data[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new AnkiPackageError('the media list is cut short');
}

/** The fields of one protobuf message: number → values (varints as numbers, length-delimited as bytes). */
function protoFields(data: Uint8Array): Map<number, (number | Uint8Array)[]> {
  const fields = new Map<number, (number | Uint8Array)[]>();
  let at = 0;
  while (at < data.length) {
    const [key, next] = varint(data, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: number | Uint8Array;
    if (wire === 0) [value, at] = varint(data, next);
    else if (wire === 2) {
      const [length, start] = varint(data, next);
      value = data.subarray(start, start + length);
      at = start + length;
    } else if (wire === 1) {
      value = 0;
      at = next + 8;
    } else if (wire === 5) {
      value = 0;
      at = next + 4;
    } else throw new AnkiPackageError('the media list is not one Lattice understands');
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/**
 * The current media list (protobuf MediaEntries: repeated MediaEntry
 * {name = 1, size = 2, sha1 = 3, legacy_zip_filename = 255}): the n-th entry
 * is the zip entry named n, unless it names its legacy one.
 */
function mediaEntries(data: Uint8Array): [string, string][] {
  const entries: [string, string][] = [];
  const messages = protoFields(data).get(1) ?? [];
  messages.forEach((message, index) => {
    if (!(message instanceof Uint8Array)) return;
    const fields = protoFields(message);
    const name = fields.get(1)?.[0];
    const legacy = fields.get(255)?.[0];
    if (name instanceof Uint8Array)
      entries.push([typeof legacy === 'number' ? String(legacy) : String(index), new TextDecoder().decode(name)]);
  });
  return entries;
}

/** A schema-18 note type's kind (its config's field 1: 0 normal, 1 cloze). */
function notetypeKind(config: Uint8Array | null): number {
  if (!config) return 0;
  try {
    const kind = protoFields(config).get(1)?.[0];
    return typeof kind === 'number' ? kind : 0;
  } catch {
    return 0;
  }
}
