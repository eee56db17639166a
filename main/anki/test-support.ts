import Database from 'better-sqlite3';
import { zipSync } from 'fflate';

/*
 * Test support (left out of the build, as every test-support.ts): builds
 * Anki packages to Anki's published schema, written here from the schema,
 * not through Lattice's exporter, so the importer is tested on files it did
 * not make. Two formats: the legacy `collection.anki2`
 * (schema 11, JSON in col, media listed as JSON) and the current
 * `collection.anki21b` (schema 18, zstd-compressed, note types and decks in
 * tables with protobuf configs, media listed as a zstd-compressed protobuf
 * and each file zstd-compressed), with the stub `collection.anki2` Anki puts
 * beside it for older versions. The integration test reads both with an
 * independent reader (anki-reader, on sql.js) before Lattice imports them.
 *
 * Not reproduced: schema 18's `unicase` collation on names (SQLite refuses
 * to create a table with a collation it does not have; Anki registers its
 * own), and the `meta` file's fields beyond its version.
 */

/** A 1×1 PNG: an image the importer must keep. */
export const PIXEL_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

/** Day 0 of the fixtures' collection: 2026-01-01 00:00 UTC. */
export const FIXTURE_CRT = 1_767_225_600;
const DAY = 86_400_000;
export const BASIC_ID = 1_700_000_000_001;
export const CLOZE_ID = 1_700_000_000_002;
export const DECK_ID = 1_700_000_000_100;
export const DECK_NAME = '面试::LLM';

export const FIXTURE_NOTES = [
  {
    id: 1_767_225_600_001,
    guid: 'g-softmax',
    mid: BASIC_ID,
    fields: ['What is softmax \\(\\sigma(z)_i\\)?', '\\[\\frac{e^{z_i}}{\\sum_j e^{z_j}}\\]<br><img src="softmax plot.png">'],
    tags: ['ml', '注意力'],
  },
  {
    id: 1_767_225_600_002,
    guid: 'g-kv',
    mid: BASIC_ID,
    fields: ['什么是 KV cache？', '缓存 K 和 V<script>alert(1)</script><img src=x onerror="alert(1)">'],
    tags: [],
  },
  { id: 1_767_225_600_003, guid: 'g-ppo', mid: CLOZE_ID, fields: ['{{c1::PPO}} uses a {{c2::clipped}} objective', ''], tags: ['rl'] },
] as const;

/** Cards: the softmax card in review with three grades and FSRS memory; the KV card new; two cloze cards, one suspended. */
export const FIXTURE_CARDS = [
  {
    id: 1_767_225_700_001,
    nid: 1_767_225_600_001,
    ord: 0,
    type: 2,
    queue: 2,
    due: 40,
    ivl: 25,
    reps: 3,
    lapses: 0,
    data: '{"s":25.3,"d":4.2,"dr":0.9}',
  },
  { id: 1_767_225_700_002, nid: 1_767_225_600_002, ord: 0, type: 0, queue: 0, due: 2, ivl: 0, reps: 0, lapses: 0, data: '{}' },
  { id: 1_767_225_700_003, nid: 1_767_225_600_003, ord: 0, type: 0, queue: 0, due: 3, ivl: 0, reps: 0, lapses: 0, data: '' },
  { id: 1_767_225_700_004, nid: 1_767_225_600_003, ord: 1, type: 0, queue: -1, due: 4, ivl: 0, reps: 0, lapses: 0, data: '' },
] as const;

export const FIXTURE_REVLOG = [
  { id: FIXTURE_CRT * 1000 + 1 * DAY, cid: 1_767_225_700_001, ease: 3, ivl: -600, lastIvl: 0, factor: 0, time: 8_000, type: 0 },
  { id: FIXTURE_CRT * 1000 + 2 * DAY, cid: 1_767_225_700_001, ease: 3, ivl: 4, lastIvl: -600, factor: 2500, time: 6_000, type: 0 },
  { id: FIXTURE_CRT * 1000 + 6 * DAY, cid: 1_767_225_700_001, ease: 4, ivl: 25, lastIvl: 4, factor: 2500, time: 4_000, type: 1 },
] as const;

const LEGACY_SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null,
  dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null,
  tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null,
  usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null,
  factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null,
  lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
`;

/** Schema 18's tables beside the legacy ones (rslib's storage upgrade), without the unicase collation. */
const SCHEMA_18 = `
CREATE TABLE deck_config (id integer primary key not null, name text not null, mtime_secs integer not null, usn integer not null, config blob not null);
CREATE TABLE config (KEY text not null primary key, usn integer not null, mtime_secs integer not null, val blob not null) without rowid;
CREATE TABLE fields (ntid integer not null, ord integer not null, name text not null, config blob not null, primary key (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer not null, ord integer not null, name text not null, mtime_secs integer not null, usn integer not null,
  config blob not null, primary key (ntid, ord)) without rowid;
CREATE TABLE notetypes (id integer not null primary key, name text not null, mtime_secs integer not null, usn integer not null, config blob not null);
CREATE TABLE decks (id integer primary key not null, name text not null, mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
CREATE TABLE tags (tag text not null primary key, usn integer not null, collapsed boolean not null, config blob null) without rowid;
`;

function legacyModels(): string {
  const field = (name: string, ord: number) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] });
  const model = (id: number, name: string, type: number, fields: string[], qfmt: string, afmt: string) => ({
    id,
    name,
    type,
    mod: FIXTURE_CRT,
    usn: -1,
    sortf: 0,
    did: DECK_ID,
    css: '.card {}',
    latexPre: '',
    latexPost: '',
    latexsvg: false,
    tmpls: [{ name: 'Card 1', ord: 0, qfmt, afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 }],
    flds: fields.map(field),
    req: [[0, 'any', [0]]],
    tags: [],
    vers: [],
  });
  return JSON.stringify({
    [BASIC_ID]: model(BASIC_ID, 'Basic', 0, ['Front', 'Back'], '{{Front}}', '{{FrontSide}}<hr id=answer>{{Back}}'),
    [CLOZE_ID]: model(CLOZE_ID, 'Cloze', 1, ['Text', 'Back Extra'], '{{cloze:Text}}', '{{cloze:Text}}<br>{{Back Extra}}'),
  });
}

function legacyDecks(name: string): string {
  const deck = (id: number, deckName: string) => ({
    id,
    name: deckName,
    mod: FIXTURE_CRT,
    usn: -1,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: '',
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  });
  return JSON.stringify({ 1: deck(1, 'Default'), [DECK_ID]: deck(DECK_ID, name) });
}

function fillNotesCardsRevlog(db: Database.Database): void {
  const note = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, 0, 0, '')");
  for (const n of FIXTURE_NOTES)
    note.run(n.id, n.guid, n.mid, FIXTURE_CRT, n.tags.length ? ` ${n.tags.join(' ')} ` : '', n.fields.join('\x1f'), n.fields[0]);
  const card = db.prepare('INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)');
  for (const c of FIXTURE_CARDS)
    card.run(c.id, c.nid, DECK_ID, c.ord, FIXTURE_CRT, c.type, c.queue, c.due, c.ivl, c.type === 2 ? 2500 : 0, c.reps, c.lapses, c.data);
  const rev = db.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)');
  for (const r of FIXTURE_REVLOG) rev.run(r.id, r.cid, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type);
}

/** A legacy package: `collection.anki2` (schema 11) and media as JSON. */
export function legacyFixture(): Uint8Array {
  const db = new Database(':memory:');
  db.exec(LEGACY_SCHEMA);
  db.prepare("INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, '{}', ?, ?, '{}', '{}')").run(
    FIXTURE_CRT,
    FIXTURE_CRT * 1000,
    FIXTURE_CRT * 1000,
    legacyModels(),
    legacyDecks(DECK_NAME),
  );
  fillNotesCardsRevlog(db);
  const sqlite = db.serialize();
  db.close();
  return zipSync({ 'collection.anki2': sqlite, media: new TextEncoder().encode(JSON.stringify({ 0: 'softmax plot.png' })), 0: PIXEL_PNG });
}

/** Protobuf writing, enough for the messages the fixtures need. */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}
function pbVarint(field: number, value: number): number[] {
  return [...varint(field * 8), ...varint(value)];
}
function pbBytes(field: number, bytes: Uint8Array | number[]): number[] {
  return [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
}
function pbString(field: number, text: string): number[] {
  return pbBytes(field, [...new TextEncoder().encode(text)]);
}

/**
 * A current package: `collection.anki21b` (schema 18, zstd), the legacy stub
 * beside it, `meta` (version 3), media listed as a zstd-compressed protobuf
 * MediaEntries and each file zstd-compressed. `compress` is a zstd
 * compressor (the test passes @bokuweb/zstd-wasm's).
 */
export function currentFixture(compress: (data: Uint8Array) => Uint8Array): Uint8Array {
  const db = new Database(':memory:');
  db.exec(LEGACY_SCHEMA + SCHEMA_18);
  // Schema 18 keeps col for its crt and version; its JSON columns are left empty.
  db.prepare("INSERT INTO col VALUES (1, ?, ?, ?, 18, 0, 0, 0, '', '', '', '', '')").run(
    FIXTURE_CRT,
    FIXTURE_CRT * 1000,
    FIXTURE_CRT * 1000,
  );
  const notetype = db.prepare('INSERT INTO notetypes VALUES (?, ?, ?, 0, ?)');
  notetype.run(BASIC_ID, 'Basic', FIXTURE_CRT, Uint8Array.from(pbString(3, '.card {}')));
  notetype.run(CLOZE_ID, 'Cloze', FIXTURE_CRT, Uint8Array.from([...pbVarint(1, 1), ...pbString(3, '.card {}')]));
  const field = db.prepare('INSERT INTO fields VALUES (?, ?, ?, ?)');
  for (const [ntid, names] of [
    [BASIC_ID, ['Front', 'Back']],
    [CLOZE_ID, ['Text', 'Back Extra']],
  ] as const) {
    names.forEach((name, ord) => field.run(ntid, ord, name, new Uint8Array()));
  }
  const template = db.prepare('INSERT INTO templates VALUES (?, 0, ?, ?, 0, ?)');
  template.run(
    BASIC_ID,
    'Card 1',
    FIXTURE_CRT,
    Uint8Array.from([...pbString(1, '{{Front}}'), ...pbString(2, '{{FrontSide}}<hr id=answer>{{Back}}')]),
  );
  template.run(CLOZE_ID, 'Cloze', FIXTURE_CRT, Uint8Array.from([...pbString(1, '{{cloze:Text}}'), ...pbString(2, '{{cloze:Text}}')]));
  const deck = db.prepare('INSERT INTO decks VALUES (?, ?, ?, 0, ?, ?)');
  // DeckKind: normal = 1, a Normal message with config_id = 1.
  const normal = Uint8Array.from(pbBytes(1, pbVarint(1, 1)));
  deck.run(1, 'Default', FIXTURE_CRT, new Uint8Array(), normal);
  deck.run(DECK_ID, DECK_NAME.split('::').join('\x1f'), FIXTURE_CRT, new Uint8Array(), normal);
  db.prepare("INSERT INTO deck_config VALUES (1, 'Default', ?, 0, ?)").run(FIXTURE_CRT, new Uint8Array());
  fillNotesCardsRevlog(db);
  const sqlite = db.serialize();
  db.close();

  // The stub older versions open: one note asking to update Anki, as Anki writes it.
  const stub = new Database(':memory:');
  stub.exec(LEGACY_SCHEMA);
  stub
    .prepare("INSERT INTO col VALUES (1, ?, 0, 0, 11, 0, 0, 0, '{}', ?, ?, '{}', '{}')")
    .run(FIXTURE_CRT, legacyModels(), legacyDecks('Default'));
  stub
    .prepare("INSERT INTO notes VALUES (1, 'stub', ?, 0, -1, '', ?, 'Please update', 0, 0, '')")
    .run(BASIC_ID, 'Please update to the latest Anki version, then import the .colpkg/.apkg file again.\x1f');
  stub.prepare("INSERT INTO cards VALUES (1, 1, 1, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')").run();
  const stubBytes = stub.serialize();
  stub.close();

  const entry = [...pbString(1, 'softmax plot.png'), ...pbVarint(2, PIXEL_PNG.length)];
  const mediaList = Uint8Array.from(pbBytes(1, entry));
  return zipSync({
    'collection.anki2': stubBytes,
    'collection.anki21b': compress(sqlite),
    meta: Uint8Array.from(pbVarint(1, 3)),
    media: compress(mediaList),
    0: compress(PIXEL_PNG),
  });
}
