import type { Database, Statement } from 'better-sqlite3';
import type { NoteLinkRecord } from '../../main/markdown/types.js';
import type { NoteContent } from './notes.js';

/** What concept derivation reads of a note: the parts of what the importer stores that it needs. */
export type DerivationInput = Pick<NoteContent, 'frontMatter' | 'source' | 'text' | 'sections' | 'diagrams' | 'links'>;

export const LINK_TYPES = ['leads-to', 'is-a', 'part-of', 'prerequisite-of', 'variant-of', 'contrasts-with', 'related'] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export type MentionKind = 'defines' | 'mentions';

export interface ConceptRecord {
  id: number;
  name: string;
  definition: string;
  definitionNoteId: number | null;
  definitionSectionOrd: number | null;
  isUserCreated: boolean;
  isNameUserEdited: boolean;
  isDefinitionUserEdited: boolean;
}

export interface ConceptListItem {
  id: number;
  name: string;
  aliases: string[];
  mentionCount: number;
  linkCount: number;
}

export interface AliasRecord {
  alias: string;
  source: 'derived' | 'user';
}

export interface LinkRecord {
  id: number;
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  type: LinkType;
  label: string;
  source: 'note' | 'user';
  noteId: number | null;
}

export interface MentionRecord {
  noteId: number;
  noteTitle: string;
  notePath: string;
  sectionOrd: number | null;
  sectionTitle: string | null;
  sectionSlug: string | null;
  kind: MentionKind;
  /** The first occurrence in the note, and how often it occurs there: on the note's first entry only. */
  start: number | null;
  end: number | null;
  occurrences: number | null;
}

export interface NewMention {
  conceptId: number;
  sectionOrd: number | null;
  start: number;
  end: number;
  kind: MentionKind;
  occurrences?: number;
  /** Every section it occurs in, in order. */
  sectionOrds?: number[];
}

interface ConceptRow {
  id: number;
  name: string;
  definition: string;
  definition_note_id: number | null;
  definition_section_ord: number | null;
  is_user_created: number;
  is_name_user_edited: number;
  is_definition_user_edited: number;
}

interface LinkRow {
  id: number;
  from_concept_id: number;
  from_name: string;
  to_concept_id: number;
  to_name: string;
  type: LinkType;
  label: string;
  source: 'note' | 'user';
  note_id: number | null;
}

/** Links a reader sees: not tombstones, and not from notes whose file is gone. */
const LIVE_LINK = `l.is_deleted = 0 AND (l.note_id IS NULL OR EXISTS (SELECT 1 FROM notes n WHERE n.id = l.note_id AND n.removed_at IS NULL))`;
const LINK_COLUMNS = `l.id, l.from_concept_id, f.name AS from_name, l.to_concept_id, t.name AS to_name, l.type, l.label, l.source, l.note_id
  FROM concept_links l JOIN concepts f ON f.id = l.from_concept_id JOIN concepts t ON t.id = l.to_concept_id`;

function toLink(row: LinkRow): LinkRecord {
  return {
    id: row.id,
    fromId: row.from_concept_id,
    fromName: row.from_name,
    toId: row.to_concept_id,
    toName: row.to_name,
    type: row.type,
    label: row.label,
    source: row.source,
    noteId: row.note_id,
  };
}

function toConcept(row: ConceptRow): ConceptRecord {
  return {
    id: row.id,
    name: row.name,
    definition: row.definition,
    definitionNoteId: row.definition_note_id,
    definitionSectionOrd: row.definition_section_ord,
    isUserCreated: row.is_user_created === 1,
    isNameUserEdited: row.is_name_user_edited === 1,
    isDefinitionUserEdited: row.is_definition_user_edited === 1,
  };
}

/** A concept put on a sheet, by its id or its name (a concept card, or either end of a path). */
const ON_A_SHEET = `EXISTS (SELECT 1 FROM sheet_items i WHERE (i.kind = 'concept' AND json_extract(i.spec, '$.concept') IN (c.id, c.name))
  OR (i.kind = 'path' AND (json_extract(i.spec, '$.from') IN (c.id, c.name) OR json_extract(i.spec, '$.to') IN (c.id, c.name))))`;

/** SQL for concepts, their aliases, typed links and mentions. */
export class ConceptRepository {
  private readonly db: Database;
  private readonly byTerm: Statement<[{ term: string }], { id: number }>;
  private readonly byId: Statement<[number], ConceptRow>;
  private readonly removedAlias: Statement<[string]>;
  private readonly insertConcept: Statement<[string, number, string, string]>;
  private readonly insertAlias: Statement<[number, string, string]>;
  private readonly clearNoteLinks: Statement<[number]>;
  private readonly clearNoteMentions: Statement<[number]>;
  private readonly clearNoteMentionsOfKind: Statement<[number, string]>;
  private readonly clearNoteDefinitions: Statement<[number]>;
  private readonly insertDerivedLink: Statement;
  private readonly setDerivedDefinition: Statement;
  private readonly insertMention: Statement;
  private readonly textOf: Statement<[number], { id: number; text: string }>;
  private readonly sectionStartsOf: Statement<[number], { ord: number; start: number }>;
  private readonly definedSpansOf: Statement<[number], { section_ords: string }>;
  /** Prepared on first use: a store opened at an early migration (before sheets) can still hold this repository. */
  private persons: Statement<[{ id: number }]> | undefined;
  /** Prepared on first use, once per repository: an import owes and settles mentions batch after batch. */
  private oweOne: Statement<[number]> | undefined;
  private settleOne: Statement<[number]> | undefined;
  private readonly definitionHeadingOf: Statement<[number], { title: string }>;

  constructor(db: Database) {
    this.db = db;
    this.byTerm = db.prepare(`SELECT id FROM concepts WHERE name = @term
      UNION ALL SELECT concept_id AS id FROM concept_aliases WHERE alias = @term AND is_removed = 0 LIMIT 1`);
    this.byId = db.prepare('SELECT * FROM concepts WHERE id = ?');
    this.removedAlias = db.prepare('SELECT 1 FROM concept_aliases WHERE alias = ? AND is_removed = 1');
    this.insertConcept = db.prepare('INSERT INTO concepts (name, is_user_created, created_at, updated_at) VALUES (?, ?, ?, ?)');
    this.insertAlias = db.prepare('INSERT OR IGNORE INTO concept_aliases (concept_id, alias, source) VALUES (?, ?, ?)');
    this.clearNoteLinks = db.prepare("DELETE FROM concept_links WHERE note_id = ? AND source = 'note'");
    this.clearNoteMentions = db.prepare('DELETE FROM concept_mentions WHERE note_id = ?');
    this.clearNoteMentionsOfKind = db.prepare('DELETE FROM concept_mentions WHERE note_id = ? AND kind = ?');
    this.clearNoteDefinitions = db.prepare(`UPDATE concepts SET definition = '', definition_note_id = NULL, definition_section_ord = NULL
      WHERE definition_note_id = ? AND is_definition_user_edited = 0`);
    this.insertDerivedLink =
      db.prepare(`INSERT INTO concept_links (from_concept_id, to_concept_id, type, label, source, note_id, created_at)
      SELECT @from, @to, @type, @label, 'note', @noteId, @now
      WHERE NOT EXISTS (SELECT 1 FROM concept_links WHERE from_concept_id = @from AND to_concept_id = @to AND source = 'user')
        AND NOT EXISTS (SELECT 1 FROM concept_links WHERE from_concept_id = @from AND to_concept_id = @to AND source = 'note'
          AND note_id = @noteId AND type = @type)`);
    this.setDerivedDefinition = db.prepare(`UPDATE concepts SET definition = @definition, definition_note_id = @noteId,
      definition_section_ord = @sectionOrd WHERE id = @id AND is_definition_user_edited = 0 AND definition_note_id IS NULL`);
    this.insertMention =
      db.prepare(`INSERT INTO concept_mentions (concept_id, note_id, section_ord, start_offset, end_offset, kind, occurrences, section_ords)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.textOf = db.prepare('SELECT id, text FROM notes WHERE id = ? AND removed_at IS NULL');
    this.sectionStartsOf = db.prepare('SELECT ord, start_offset AS start FROM sections WHERE note_id = ? ORDER BY start_offset, ord');
    this.definedSpansOf = db.prepare("SELECT section_ords FROM concept_mentions WHERE note_id = ? AND kind = 'defines'");
    this.definitionHeadingOf = db.prepare(`SELECT s.title FROM concepts c JOIN sections s ON s.note_id = c.definition_note_id
      AND s.ord = c.definition_section_ord WHERE c.id = ?`);
  }

  /** The concept a name or (not removed) alias names, case-insensitively. */
  findByTerm(term: string): number | undefined {
    return this.byTerm.get({ term })?.id;
  }

  /**
   * Whether the person has a hand in a concept: made, renamed or defined it,
   * gave or took away an alias, drew, retyped or deleted a link of it, or put
   * it on a sheet, or turned off one of its underlines (that choice is kept
   * by the concept's id). Derivation never deletes such a concept, and
   * never merges it away.
   */
  isPersons(id: number): boolean {
    this.persons ??= this.db.prepare(`SELECT 1 FROM concepts c WHERE c.id = @id AND (c.is_user_created = 1 OR c.is_name_user_edited = 1
        OR c.is_definition_user_edited = 1
        OR EXISTS (SELECT 1 FROM concept_aliases a WHERE a.concept_id = c.id AND a.source = 'user')
        OR EXISTS (SELECT 1 FROM concept_links l WHERE (l.from_concept_id = c.id OR l.to_concept_id = c.id) AND l.source = 'user')
        OR EXISTS (SELECT 1 FROM mention_suppressions s WHERE s.concept_id = c.id)
        OR ${ON_A_SHEET})`);
    return this.persons.get({ id }) !== undefined;
  }

  /** Whether a term is a removed alias: derivation must not bring it back. */
  isRemovedAlias(term: string): boolean {
    return this.removedAlias.get(term) !== undefined;
  }

  get(id: number): ConceptRecord | undefined {
    const row = this.byId.get(id);
    return row ? toConcept(row) : undefined;
  }

  create(name: string, isUserCreated: boolean, now: string): number {
    return Number(this.insertConcept.run(name, isUserCreated ? 1 : 0, now, now).lastInsertRowid);
  }

  /** Adds an alias unless the term already names a concept (or was removed by the person). */
  addAlias(conceptId: number, alias: string, source: 'derived' | 'user'): boolean {
    if (this.findByTerm(alias) !== undefined) return false;
    return this.insertAlias.run(conceptId, alias, source).changes > 0;
  }

  aliases(conceptId: number): AliasRecord[] {
    return this.db
      .prepare('SELECT alias, source FROM concept_aliases WHERE concept_id = ? AND is_removed = 0 ORDER BY rowid')
      .all(conceptId) as AliasRecord[];
  }

  /** Forgets what a note derived (links, mentions, definitions) before it is derived again. */
  clearNote(noteId: number): void {
    this.clearNoteLinks.run(noteId);
    this.clearNoteMentions.run(noteId);
    this.clearNoteDefinitions.run(noteId);
  }

  /** A link from a note, unless the person settled this pair (or the note already has it). */
  addDerivedLink(from: number, to: number, type: LinkType, label: string, noteId: number, now: string): void {
    if (from === to) return;
    this.insertDerivedLink.run({ from, to, type, label, noteId, now });
  }

  /** A definition from a note's heading, unless the person wrote one or another note got there first. */
  setDefinitionFromNote(id: number, definition: string, noteId: number, sectionOrd: number | null): void {
    this.setDerivedDefinition.run({ id, definition, noteId, sectionOrd });
  }

  /** A better definition from a note replaces one another note gave; never the person's. */
  replaceDefinitionFromNote(id: number, definition: string, noteId: number, sectionOrd: number | null): void {
    this.db
      .prepare(
        `UPDATE concepts SET definition = ?, definition_note_id = ?, definition_section_ord = ?
      WHERE id = ? AND is_definition_user_edited = 0`,
      )
      .run(definition, noteId, sectionOrd, id);
  }

  /** The heading the concept's definition was taken from (undefined when the person wrote it, or there is none). */
  definitionHeading(id: number): string | undefined {
    return this.definitionHeadingOf.get(id)?.title;
  }

  /**
   * Before every note is derived again under new rules: forgets derived
   * aliases and every concept the person has no hand in (see isPersons), with
   * their derived links and mentions. What the person made stays.
   */
  forgetDerived(): void {
    this.db.prepare("DELETE FROM concept_aliases WHERE source = 'derived'").run();
    const ids = (this.db.prepare('SELECT id FROM concepts').all() as { id: number }[]).map((r) => r.id);
    const drop = this.db.prepare('DELETE FROM concepts WHERE id = ?');
    for (const id of ids) if (!this.isPersons(id)) drop.run(id);
  }

  /** What derivation reads of a stored note, as the importer gave it. */
  derivationInput(noteId: number): DerivationInput | undefined {
    const note = this.db.prepare('SELECT front_matter, source, text FROM notes WHERE id = ? AND removed_at IS NULL').get(noteId) as
      { front_matter: string; source: string; text: string } | undefined;
    if (!note) return undefined;
    const sections = (
      this.db
        .prepare(
          `SELECT ord, level, title, slug, parent_ord, start_offset, end_offset FROM sections
      WHERE note_id = ? ORDER BY ord`,
        )
        .all(noteId) as {
        ord: number;
        level: number;
        title: string;
        slug: string;
        parent_ord: number | null;
        start_offset: number;
        end_offset: number;
      }[]
    ).map((r) => ({
      ord: r.ord,
      level: r.level,
      title: r.title,
      slug: r.slug,
      parentOrd: r.parent_ord,
      startOffset: r.start_offset,
      endOffset: r.end_offset,
    }));
    const diagrams = (
      this.db.prepare('SELECT source, section_ord FROM diagrams WHERE note_id = ? ORDER BY ord').all(noteId) as {
        source: string;
        section_ord: number | null;
      }[]
    ).map((r) => ({ source: r.source, sectionOrd: r.section_ord }));
    const links = this.db
      .prepare('SELECT kind, target, label FROM note_links WHERE note_id = ? ORDER BY ord')
      .all(noteId) as NoteLinkRecord[];
    let frontMatter: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(note.front_matter);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) frontMatter = parsed as Record<string, unknown>;
    } catch {
      // A front matter column that is not JSON derives as none.
    }
    return { frontMatter, source: note.source, text: note.text, sections, diagrams, links };
  }

  /** Replaces a note's mentions of one kind. */
  replaceMentions(noteId: number, kind: MentionKind, mentions: NewMention[]): void {
    this.clearNoteMentionsOfKind.run(noteId, kind);
    for (const m of mentions) {
      this.insertMention.run(
        m.conceptId,
        noteId,
        m.sectionOrd,
        m.start,
        m.end,
        m.kind,
        m.occurrences ?? 1,
        JSON.stringify(m.sectionOrds ?? []),
      );
    }
  }

  /** Every name and alias with its concept, for matching in text. */
  terms(): { conceptId: number; term: string }[] {
    return this.db
      .prepare(
        `SELECT id AS conceptId, name AS term FROM concepts
        UNION ALL SELECT concept_id AS conceptId, alias AS term FROM concept_aliases WHERE is_removed = 0`,
      )
      .all() as { conceptId: number; term: string }[];
  }

  /** Concepts with aliases and counts; `q` filters on name or alias. */
  list(q?: string): ConceptListItem[] {
    const like = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
    const rows = this.db
      .prepare(
        `SELECT c.id, c.name,
          (SELECT json_group_array(alias) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0) AS aliases,
          (SELECT COALESCE(SUM(m.occurrences), 0) FROM concept_mentions m WHERE m.concept_id = c.id) AS mention_count,
          (SELECT COUNT(*) FROM concept_links l WHERE (l.from_concept_id = c.id OR l.to_concept_id = c.id) AND ${LIVE_LINK}) AS link_count
        FROM concepts c
        WHERE @like IS NULL OR c.name LIKE @like ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0 AND a.alias LIKE @like ESCAPE '\\')
        ORDER BY c.name`,
      )
      .all({ like }) as { id: number; name: string; aliases: string; mention_count: number; link_count: number }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      aliases: JSON.parse(r.aliases) as string[],
      mentionCount: r.mention_count,
      linkCount: r.link_count,
    }));
  }

  /** Where a concept is defined and mentioned: one entry per section, defining headings first. */
  mentions(conceptId: number): MentionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT m.note_id, n.title AS note_title, n.path AS note_path, m.section_ord, m.start_offset, m.end_offset,
          m.kind, m.occurrences, m.section_ords
        FROM concept_mentions m JOIN notes n ON n.id = m.note_id AND n.removed_at IS NULL
        WHERE m.concept_id = ? ORDER BY m.kind, n.path, m.start_offset`,
      )
      .all(conceptId) as {
      note_id: number;
      note_title: string;
      note_path: string;
      section_ord: number | null;
      start_offset: number;
      end_offset: number;
      kind: MentionKind;
      occurrences: number;
      section_ords: string;
    }[];
    const sectionOf = this.db.prepare<[number, number], { title: string; slug: string }>(
      'SELECT title, slug FROM sections WHERE note_id = ? AND ord = ?',
    );
    const records: MentionRecord[] = [];
    for (const r of rows) {
      const ords = JSON.parse(r.section_ords) as number[];
      const spread: (number | null)[] = ords.length ? ords : [r.section_ord];
      spread.forEach((ord, i) => {
        const section = ord === null ? undefined : sectionOf.get(r.note_id, ord);
        records.push({
          noteId: r.note_id,
          noteTitle: r.note_title,
          notePath: r.note_path,
          sectionOrd: ord,
          sectionTitle: section?.title ?? null,
          sectionSlug: section?.slug ?? null,
          start: i === 0 ? r.start_offset : null,
          end: i === 0 ? r.end_offset : null,
          kind: r.kind,
          occurrences: i === 0 ? r.occurrences : null,
        });
      });
    }
    return records;
  }

  /** Live links touching a concept, in either direction. */
  linksOf(conceptId: number): LinkRecord[] {
    return (
      this.db
        .prepare(`SELECT ${LINK_COLUMNS} WHERE (l.from_concept_id = @id OR l.to_concept_id = @id) AND ${LIVE_LINK} ORDER BY l.id`)
        .all({ id: conceptId }) as LinkRow[]
    ).map(toLink);
  }

  /** Every live link: the graph for path finding and maps. */
  allLinks(): LinkRecord[] {
    return (this.db.prepare(`SELECT ${LINK_COLUMNS} WHERE ${LIVE_LINK} ORDER BY l.id`).all() as LinkRow[]).map(toLink);
  }

  link(id: number): LinkRecord | undefined {
    const row = this.db.prepare(`SELECT ${LINK_COLUMNS} WHERE l.id = ? AND l.is_deleted = 0`).get(id) as LinkRow | undefined;
    return row ? toLink(row) : undefined;
  }

  /** The person's rename; the old name stays as an alias so notes keep finding the concept. */
  rename(id: number, name: string, now: string): void {
    const old = this.get(id);
    if (!old) return;
    this.db.prepare('DELETE FROM concept_aliases WHERE concept_id = ? AND alias = ?').run(id, name);
    this.db.prepare('UPDATE concepts SET name = ?, is_name_user_edited = 1, updated_at = ? WHERE id = ?').run(name, now, id);
    if (old.name.toLowerCase() !== name.toLowerCase()) this.insertAlias.run(id, old.name, 'user');
  }

  /** The person's definition; derived ones no longer replace it. */
  setUserDefinition(id: number, definition: string, now: string): void {
    this.db
      .prepare(
        `UPDATE concepts SET definition = ?, definition_note_id = NULL, definition_section_ord = NULL,
      is_definition_user_edited = 1, updated_at = ? WHERE id = ?`,
      )
      .run(definition, now, id);
  }

  /** Folds `from` into `into`: aliases, links and mentions move; the old name becomes an alias. */
  merge(from: number, into: number, now: string, aliasSource: 'derived' | 'user' = 'user'): void {
    const source = this.get(from);
    if (!source || from === into) return;
    this.db.prepare('UPDATE concept_aliases SET concept_id = ? WHERE concept_id = ?').run(into, from);
    this.db
      .prepare(
        'DELETE FROM concept_links WHERE (from_concept_id = @a AND to_concept_id = @b) OR (from_concept_id = @b AND to_concept_id = @a)',
      )
      .run({ a: from, b: into });
    this.db.prepare('UPDATE concept_links SET from_concept_id = ? WHERE from_concept_id = ?').run(into, from);
    this.db.prepare('UPDATE concept_links SET to_concept_id = ? WHERE to_concept_id = ?').run(into, from);
    // A note mentioning both keeps the row it has for `into`.
    this.db.prepare('UPDATE OR IGNORE concept_mentions SET concept_id = ? WHERE concept_id = ?').run(into, from);
    this.db.prepare('DELETE FROM concept_mentions WHERE concept_id = ?').run(from);
    // Underlines the person turned off stay off under the merged concept.
    this.db.prepare('UPDATE OR IGNORE mention_suppressions SET concept_id = ? WHERE concept_id = ?').run(into, from);
    const target = this.get(into);
    if (target && !target.definition && source.definition) {
      this.db
        .prepare(
          `UPDATE concepts SET definition = ?, definition_note_id = ?, definition_section_ord = ?, is_definition_user_edited = ?
        WHERE id = ?`,
        )
        .run(source.definition, source.definitionNoteId, source.definitionSectionOrd, source.isDefinitionUserEdited ? 1 : 0, into);
    }
    this.db.prepare('DELETE FROM concepts WHERE id = ?').run(from);
    this.insertAlias.run(into, source.name, aliasSource);
    this.db.prepare('UPDATE concepts SET updated_at = ? WHERE id = ?').run(now, into);
  }

  /** The person takes an alias away; the row stays as a marker so re-import does not restore it. */
  removeAlias(conceptId: number, alias: string): boolean {
    return (
      this.db
        .prepare("UPDATE concept_aliases SET is_removed = 1, source = 'user' WHERE concept_id = ? AND alias = ? AND is_removed = 0")
        .run(conceptId, alias).changes > 0
    );
  }

  /** Drops the marker of a removed alias, so the person can give the term to a concept again. */
  forgetRemovedAlias(alias: string): void {
    this.db.prepare('DELETE FROM concept_aliases WHERE alias = ? AND is_removed = 1').run(alias);
  }

  /** A link the person made; it settles the pair from → to for derivation. */
  createUserLink(from: number, to: number, type: LinkType, label: string, now: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO concept_links (from_concept_id, to_concept_id, type, label, source, note_id, created_at)
        VALUES (?, ?, ?, ?, 'user', NULL, ?)`,
        )
        .run(from, to, type, label, now).lastInsertRowid,
    );
  }

  /** Deletes a link; a derived one leaves a tombstone so re-import does not bring it back. */
  deleteLink(id: number, now: string): void {
    const link = this.link(id);
    if (!link) return;
    this.db.prepare('DELETE FROM concept_links WHERE id = ?').run(id);
    if (link.source === 'note') {
      this.db
        .prepare(
          `INSERT INTO concept_links (from_concept_id, to_concept_id, type, label, source, note_id, is_deleted, created_at)
        VALUES (?, ?, ?, '', 'user', NULL, 1, ?)`,
        )
        .run(link.fromId, link.toId, link.type, now);
    }
  }

  /** Retypes (or relabels) a link; a derived link becomes the person's. Returns the id of the link now standing. */
  updateLink(id: number, type: LinkType, label: string, now: string): number {
    const link = this.link(id);
    if (!link) return id;
    if (link.source === 'user') {
      this.db.prepare('UPDATE concept_links SET type = ?, label = ? WHERE id = ?').run(type, label, id);
      return id;
    }
    this.db.prepare('DELETE FROM concept_links WHERE id = ?').run(id);
    return this.createUserLink(link.fromId, link.toId, type, label, now);
  }

  /** The text of live notes among `noteIds`, for recomputing mentions. */
  noteTexts(noteIds: number[]): { id: number; text: string }[] {
    return noteIds.map((id) => this.textOf.get(id)).filter((r): r is { id: number; text: string } => r !== undefined);
  }

  /** Every live note id. */
  /** Notes written whose mentions are still to be found (migration 0015): in the transaction writing them. */
  oweMentions(noteIds: readonly number[]): void {
    this.oweOne ??= this.db.prepare('INSERT OR IGNORE INTO mentions_owed (note_id) VALUES (?)');
    for (const id of noteIds) this.oweOne.run(id);
  }

  /** Their mentions are found: in the transaction writing them. */
  settleMentions(noteIds: readonly number[]): void {
    this.settleOne ??= this.db.prepare('DELETE FROM mentions_owed WHERE note_id = ?');
    for (const id of noteIds) this.settleOne.run(id);
  }

  /** Live notes still owed their mentions (a crash came between writing them and finding them). */
  owedMentions(): number[] {
    return (
      this.db
        .prepare(
          'SELECT o.note_id AS id FROM mentions_owed o JOIN notes n ON n.id = o.note_id WHERE n.removed_at IS NULL ORDER BY o.note_id',
        )
        .all() as { id: number }[]
    ).map((r) => r.id);
  }

  liveNoteIds(): number[] {
    return (this.db.prepare('SELECT id FROM notes WHERE removed_at IS NULL ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  }

  /** Headings of a note as (ord, start) pairs in order, to place mentions in sections. */
  sectionStarts(noteId: number): { ord: number; start: number }[] {
    return this.sectionStartsOf.all(noteId);
  }

  /** Sections whose heading defines a concept: the heading is not counted again as a mention. */
  definingSections(noteId: number): Set<number> {
    return new Set(this.definedSpansOf.all(noteId).flatMap((row) => JSON.parse(row.section_ords) as number[]));
  }
}
