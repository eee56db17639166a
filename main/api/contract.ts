/**
 * The Lattice API: every capability, its one JSON argument and its JSON
 * result. Types only — the renderer imports this file, so it must not pull in
 * Node, Electron or the store. The same table serves IPC, the HTTP host and
 * the CLI; errors cross every boundary as {@link ApiError}.
 */

export type ApiErrorType = 'NotFound' | 'Invalid' | 'Internal';

export interface ApiError {
  type: ApiErrorType;
  message: string;
}

export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface LibrarySummary {
  id: number;
  name: string;
  rootPath: string;
  kind: 'user' | 'starter';
  noteCount: number;
  createdAt: string;
  importedAt: string | null;
}

export interface NoteSummary {
  id: number;
  libraryId: number;
  title: string;
  /** Path inside the library, '/' separated. */
  path: string;
  /** Where the file is on disk. */
  absolutePath: string;
  tags: string[];
  sections: number;
  formulas: number;
  diagrams: number;
  byteSize: number;
  updatedAt: string;
  /** Set when the file disappeared from its folder at the last import. */
  removedAt: string | null;
}

export interface Section {
  ord: number;
  level: number;
  /** The heading's text as stored: formulas as their TeX (what search and links match). */
  title: string;
  /** The heading as a reader reads it: its formulas readable (√d_k, not \sqrt{d_k}); for the table of contents. */
  readableTitle: string;
  slug: string;
  parentOrd: number | null;
  /** UTF-16 code unit offsets into {@link NoteDetail.text}. */
  startOffset: number;
  endOffset: number;
}

export interface NoteLink {
  kind: 'wikilink' | 'note' | 'url' | 'image';
  target: string;
  label: string;
}

export interface NoteDetail extends NoteSummary {
  frontMatter: Record<string, unknown>;
  /** The Markdown as decoded (front matter included). */
  source: string;
  /** The text projection: what a reader sees, formulas as TeX. */
  text: string;
  contentHash: string;
  warnings: string[];
  sectionList: Section[];
  links: NoteLink[];
  /** The title the importer chose from the file; {@link NoteSummary.title} differs when the person renamed the note. */
  importedTitle: string;
}

/** A note by id, or by path (absolute, or inside a library). */
export interface NoteRef {
  id?: number;
  path?: string;
}

export type NoteFormat = 'md' | 'text' | 'html';

export interface RenderedNote {
  id: number;
  title: string;
  format: NoteFormat;
  content: string;
  /** Set when only the head of a long note was rendered (`head` asked for): the whole follows on a second call. */
  isHead?: true;
}

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: { path: string; error: string }[];
  warnings: { path: string; warning: string }[];
}

export interface ImportProgress {
  phase: 'scanning' | 'importing' | 'done';
  done: number;
  total: number;
  path?: string;
}

export interface Stats {
  dataDir: string;
  databaseBytes: number;
  libraries: number;
  notes: number;
  removedNotes: number;
  sections: number;
  formulas: number;
  diagrams: number;
  links: number;
  sourceBytes: number;
  annotations: number;
  orphanedAnnotations: number;
}

/** A note file sent by a browser's folder upload; `path` is relative to the chosen folder. */
export interface UploadedFile {
  path: string;
  content: string;
  /** 'base64': `content` is the file's bytes, for a file that is not UTF-8 (GBK, UTF-16, …) and is decoded by the importer. */
  encoding?: 'base64';
}

export type AnnotationColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';
export type AnchorState = 'anchored' | 'orphan';

/** W3C TextQuoteSelector: the exact text with some context on either side. */
export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Annotation {
  /** A UUID: the same annotation keeps it across export and import. */
  id: string;
  noteId: number;
  noteTitle: string;
  notePath: string;
  quote: TextQuoteSelector;
  /**
   * W3C TextPositionSelector into the note's text projection, in UTF-16 code
   * units (JavaScript string indices), for the version `contentHash`. For an
   * orphan these are the last good selectors, kept until the person decides.
   */
  start: number;
  end: number;
  contentHash: string;
  color: AnnotationColor;
  /** Markdown with math. */
  comment: string;
  /** The comment through the one Markdown pipeline (formulas left for the reader to typeset). */
  commentHtml: string;
  tags: string[];
  state: AnchorState;
  /** The section the annotation starts in, for lists. */
  sectionTitle: string | null;
  sectionSlug: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationFilter {
  noteId?: number;
  color?: AnnotationColor;
  tag?: string;
  /** Words to find in the quote or the comment. */
  text?: string;
  state?: AnchorState;
}

export interface AnnotationImportReport {
  imported: number;
  updated: number;
  orphaned: number;
  skipped: { id: string; reason: string }[];
}

export interface Api {
  /**
   * Imports folders and/or note files (.md, .markdown, .txt); re-importing
   * updates changed files only. The CLI's call: the page cannot name paths
   * (see exposure.ts); it imports what the person picks in a dialog or uploads.
   */
  'library.import': { args: { paths: string[] }; result: ImportReport };
  /**
   * Asks the person for a folder with the platform's dialog and imports it
   * (desktop app only; the browser host answers Invalid and the renderer
   * offers an upload instead). Null when the person cancels. The path never
   * passes through the page.
   */
  'library.importChosenFolder': { args: Record<string, never>; result: ImportReport | null };
  /**
   * Imports files uploaded from a browser: they are copied under the data
   * directory (imports/NAME/) and imported from there, so uploading the same
   * folder again updates it. A large folder comes in several calls; the last
   * one carries `allPaths`, every note path of the folder, so notes deleted
   * from the folder since the last upload are marked removed.
   */
  'library.importUpload': { args: { name: string; files: UploadedFile[]; allPaths?: string[] }; result: ImportReport };
  /** The imported folders, the starter library first. */
  'library.list': { args: Record<string, never>; result: LibrarySummary[] };
  /** Notes, optionally of one library; removed notes only when asked. */
  'notes.list': { args: { libraryId?: number; includeRemoved?: boolean }; result: NoteSummary[] };
  /** One note with its source, text projection, sections and links. */
  'notes.get': { args: NoteRef; result: NoteDetail };
  /**
   * One note as Markdown source, plain text, or safe HTML from the one
   * pipeline. With `deferMath`, formulas stay as TeX in `.math[data-tex]`
   * elements for the reader to typeset on screen.
   */
  /**
   * A note as Markdown, text or HTML. With `head` (HTML only), a note whose
   * body is longer than that many characters is rendered only as far as a
   * block boundary near there, marked `isHead`: the reader paints a long
   * note's first screen from it while the whole is rendered.
   */
  'notes.render': { args: NoteRef & { format: NoteFormat; deferMath?: boolean; head?: number }; result: RenderedNote };
  /**
   * Gives a note the person's own title, shown everywhere (library, reader,
   * search, sheets) and kept across re-imports; the file is not touched.
   * An empty `title` (or null) goes back to the title taken from the file.
   */
  'notes.rename': { args: { id: number; title: string | null }; result: NoteSummary };
  /**
   * Marks a span of a note's text projection. The main process derives the
   * quote and its context from its own copy of the text.
   */
  'annotations.create': {
    args: { noteId: number; start: number; end: number; color?: AnnotationColor; comment?: string; tags?: string[] };
    result: Annotation;
  };
  /** Changes colour, comment or tags; `start`/`end` re-attach it (an orphan becomes anchored). */
  'annotations.update': {
    args: { id: string; color?: AnnotationColor; comment?: string; tags?: string[]; start?: number; end?: number };
    result: Annotation;
  };
  /** The only way an annotation is ever removed. */
  'annotations.delete': { args: { id: string }; result: { id: string } };
  'annotations.get': { args: { id: string }; result: Annotation };
  /** A note's annotations in reading order, or all of them (filtered), by note then position. */
  'annotations.list': { args: AnnotationFilter; result: Annotation[] };
  /** Every annotation as a W3C Web Annotation collection (the caller writes it where it chooses; no handler writes a file). */
  'annotations.export': { args: Record<string, never>; result: { count: number; document: unknown } };
  /** Re-anchors each annotation of a W3C Web Annotation collection on the notes here (the caller read the file). */
  'annotations.import': { args: { document: unknown }; result: AnnotationImportReport };
  /** Markdown (a comment being edited) through the one pipeline, for a live preview. */
  'annotations.previewComment': { args: { markdown: string }; result: { html: string } };
  /**
   * One note's highlights and comments as a Markdown file (quote, comment,
   * tags, a link back to the note's file at each heading); the caller saves it.
   */
  'annotations.exportMarkdown': { args: { noteId: number }; result: { fileName: string; count: number; markdown: string } };
  /** Counts across the store. */
  'stats.get': { args: Record<string, never>; result: Stats };
  /** Concepts by name, with aliases and how often they are mentioned and linked; `q` filters on name or alias. */
  'concepts.list': { args: { q?: string }; result: ConceptSummary[] };
  /** One concept: definition, aliases, where it is defined and mentioned, links grouped by type. */
  'concepts.get': { args: ConceptRef; result: ConceptDetail };
  /**
   * Mermaid source of a concept's neighbourhood (depth 1 or 2), the concept
   * marked with class `current`. At most 150 concepts, the nearest first;
   * `omitted` says how many further ones were left off the map.
   */
  'concepts.map': { args: ConceptRef & { depth?: 1 | 2 }; result: { mermaid: string; omitted: number } };
  /** The shortest chain of typed links between two concepts, walking links either way; NotFound when none. */
  'concepts.path': { args: { from: string | number; to: string | number }; result: ConceptPath };
  /** A concept the person makes; its name must not already name a concept. */
  'concepts.create': { args: { name: string; definition?: string; aliases?: string[] }; result: ConceptDetail };
  /** Renames a concept; the old name stays as an alias so notes keep finding it. */
  'concepts.rename': { args: ConceptRef & { newName: string }; result: ConceptDetail };
  /** Sets the person's own definition; notes no longer replace it. */
  'concepts.define': { args: ConceptRef & { definition: string }; result: ConceptDetail };
  /** Folds one concept into another: aliases, links and mentions move, the old name becomes an alias. */
  'concepts.merge': { args: { from: string | number; into: string | number }; result: ConceptDetail };
  'concepts.addAlias': { args: ConceptRef & { alias: string }; result: ConceptDetail };
  /** Removes an alias for good: re-importing notes does not bring it back. */
  'concepts.removeAlias': { args: ConceptRef & { alias: string }; result: ConceptDetail };
  /** A typed link the person makes between two concepts; derived links for that pair give way to it. */
  'links.create': { args: { from: string | number; to: string | number; type: ConceptLinkType; label?: string }; result: ConceptLink };
  /** Retypes or relabels a link; a link from a note becomes the person's and survives re-import. */
  'links.update': { args: { id: number; type: ConceptLinkType; label?: string }; result: ConceptLink };
  /** Deletes a link; one from a note stays deleted when the note is re-imported. */
  'links.delete': { args: { id: number }; result: { id: number } };
  /**
   * Full-text search over note titles, headings and text, annotation quotes,
   * comments and tags, and concept names, aliases and definitions. Any string
   * is a valid query (see main/search/query-parse.ts): words separated by
   * spaces must all occur; Chinese matches by characters (幻觉, 显存); Latin
   * words of 3+ letters also match as prefixes; "quotes" make a phrase; OR
   * and a leading - work as in web search. Hits are ranked by bm25 (titles
   * and headings above body), best first, at most `limit` (default 20). A
   * note gives a section hit for each section holding every word (a few,
   * together, in reading order), else one note hit; a concept whose name or
   * alias is the query comes first. Snippets show formulas readable.
   * `kinds` keeps only hits of those kinds; `noteId` searches one note and
   * gives a section hit for each section the terms occur in, in reading order.
   */
  'search.query': { args: { q: string; limit?: number; kinds?: SearchHitKind[]; noteId?: number }; result: SearchResult };
  /**
   * The whole graph for an overview: every concept (or those whose name or
   * alias contains `q`) grouped by the note it belongs to — where it is
   * defined, else the note it was first drawn in, else where it is mentioned
   * most. Concepts in no note form the last group.
   */
  'concepts.overview': { args: { q?: string }; result: ConceptOverview };
  /**
   * Mermaid source of a map of at most 150 chosen concepts and the links among
   * them (an overview group, a page of one). Concepts with no link among them
   * are left out of the map and returned apart, so a map stays a graph.
   */
  'concepts.subgraph': { args: { ids: number[]; currentId?: number }; result: ConceptSubgraph };
  /**
   * Where concept names and aliases occur in one note's text projection, for
   * linking them in the reader: the first occurrence of each concept in each
   * section, never inside a heading.
   */
  'concepts.inNote': { args: { noteId: number }; result: ConceptOccurrence[] };
  /**
   * Turns off one underline ("not this concept here"): the occurrence of the
   * concept at [start, end) of the note's text projection is no longer a
   * mention, in the reader or on the concept page, and stays off after
   * re-import (anchored to its words and their context, not to offsets).
   */
  'concepts.suppressMention': { args: { noteId: number; conceptId: number; start: number; end: number }; result: HiddenMention };
  /** Turns a suppressed underline back on. */
  'concepts.restoreMention': { args: { id: number }; result: { id: number; conceptId: number; noteId: number } };
  /** Every cheat sheet, the most recently changed first. */
  'sheets.list': { args: Record<string, never>; result: SheetSummary[] };
  /** One sheet with its items resolved against the store (live content, or the last known for a vanished source). */
  'sheets.get': { args: { id: number }; result: Sheet };
  /** A new, empty sheet. */
  'sheets.create': { args: { title: string; layout?: Partial<SheetLayout> }; result: Sheet };
  /** Renames a sheet or changes its layout (only the given layout fields change). */
  'sheets.update': { args: { id: number; title?: string; layout?: Partial<SheetLayout> }; result: Sheet };
  /** Deletes a sheet; the notes, annotations and concepts its items point at stay. */
  'sheets.delete': { args: { id: number }; result: { id: number } };
  /** Adds an item (at `position`, default the end). */
  'sheets.addItem': { args: { sheetId: number; item: SheetItemInput; position?: number }; result: Sheet };
  /** Changes an item's options or the person's own text. */
  'sheets.updateItem': { args: { itemId: number; changes: SheetItemChanges }; result: Sheet };
  /** Removes one item from its sheet. */
  'sheets.removeItem': { args: { itemId: number }; result: Sheet };
  /** Puts a sheet's items in a new order; `itemIds` names every item once. */
  'sheets.reorder': { args: { id: number; itemIds: number[] }; result: Sheet };
  /** Quick start: adds many items at once; items already on the sheet are not added twice. */
  'sheets.addMany': { args: { sheetId: number; what: SheetQuickAdd }; result: { sheet: Sheet; added: number } };
  /** The Mermaid sources an export of the sheet draws, by hash, for a renderer to draw before exporting. */
  'sheets.diagrams': { args: { id: number }; result: { diagrams: { hash: string; source: string }[] } };
  /**
   * Exports a sheet as Markdown, a self-contained HTML file, or a PDF printed
   * from that HTML. `svgs` are diagrams drawn by the caller, by hash (they are
   * sanitized again here). With `path` the file is written there; otherwise it
   * comes back as `content` (UTF-8 text, or base64 for a PDF).
   */
  'sheets.export': {
    args: { id: number; format: SheetExportFormat; svgs?: Record<string, string> };
    result: SheetExport;
  };
  /**
   * The language the renderer shows (en or zh), sent whenever it changes:
   * the desktop menu and dialogs, concept maps, sheets and their exports
   * follow it. Remembered, so the next launch starts in it.
   */
  'settings.setLanguage': { args: { language: 'en' | 'zh' }; result: { language: 'en' | 'zh' } };
  /**
   * The card a review session shows next (a learning step due now, then a
   * review due today within the day's limit, then a new card within the
   * day's limit), with the interval each grade would give; null when the
   * day's drills are done.
   */
  'drills.next': { args: { deck?: DrillDeck; withView?: boolean }; result: DrillNext | null };
  /**
   * Grades a card with FSRS (Again 1, Hard 2, Good 3, Easy 4). A grade sent
   * again with the same `reviewId` (or, without one, the same rating within a
   * second) counts once: `isDuplicate` is then true and nothing changes. Send
   * one new `reviewId` per showing of a card.
   */
  'drills.grade': {
    args: { cardId: string; rating: DrillRating; reviewId?: string; durationMs?: number; next?: { deck?: DrillDeck } };
    /** With `next`: the card to show after this one (as drills.next with its view), so a review takes one call per grade. */
    result: { card: DrillCard; isDuplicate: boolean; next?: DrillNext | null };
  };
  /** Undoes the last grade given: the card gets back its exact state before it. Null when there is none. */
  'drills.undo': { args: Record<string, never>; result: { card: DrillCard } | null };
  /** When a card would next be due for each grade, as its grade buttons show it. */
  'drills.preview': { args: { cardId: string }; result: DrillIntervalPreview[] };
  /** Leaves a card out of sessions until the next study day. */
  'drills.bury': { args: { cardId: string }; result: DrillCard };
  /** Suspends a card or restores it (an orphan stays suspended until re-attached). */
  'drills.suspend': { args: { cardId: string; isSuspended: boolean }; result: DrillCard };
  /** Desired retention (0.70–0.97, default 0.90), daily limits and the hour a study day starts. */
  'drills.settings': { args: Record<string, never>; result: DrillSettings };
  /** Changes drill settings; Invalid (and nothing stored) if one is out of range. */
  'drills.updateSettings': { args: Partial<DrillSettings>; result: DrillSettings };
  /** Cards by state, what is left today within the daily limits (the top bar's count), grades given today, retention. */
  'drills.stats': { args: { deck?: DrillDeck }; result: DrillStats };
  /** Every card (or one note's), by note and in reading order, with where its question and answer are in the file. */
  'drills.list': { args: { noteId?: number }; result: DrillListItem[] };
  /** The decks a session can be started on (everything, each folder, each tag, each note with cards), with their counts. */
  'drills.decks': { args: Record<string, never>; result: DrillDeckSummary[] };
  /** One card as the review screen shows it: question and answer as safe HTML from the one pipeline, and where it is in its note. */
  'drills.card': { args: { cardId: string }; result: DrillCardView };
  /**
   * Keeps what the person typed for a card's question or answer (Markdown
   * with math), shown instead of the note's text; the note's source stays
   * linked and the file is never touched. Null goes back to the note's text.
   */
  'drills.edit': { args: { cardId: string; question?: string | null; answer?: string | null }; result: DrillCardView };
  /** Deletes a card and its review history: only ever at the person's request. */
  'drills.delete': { args: { cardId: string }; result: { id: string } };
  /**
   * The questions the notes leave unanswered that the person has not answered
   * yet (in a deck, by note, in reading order). They are never shown in a
   * session nor counted as due until an answer is written (drills.edit answer).
   */
  'drills.unanswered': { args: { deck?: DrillDeck }; result: DrillUnanswered[] };
  /**
   * Makes a card from a selection in the reader: the typed question (Markdown
   * with math) is stored as the question override; the selected text
   * (`start`/`end`: UTF-16 offsets in the note's text projection, as
   * annotations.create takes them) is the answer, anchored so it follows the
   * note's edits.
   */
  'drills.create': { args: { noteId: number; start: number; end: number; question: string }; result: DrillCardView };
  /** Makes a cloze card from a highlight: the sentence around it with the highlighted words hidden; they are the answer. */
  'drills.cloze': { args: { annotationId: string }; result: DrillCardView };
  /** Cards whose question vanished from their note (or whose note was deleted), oldest first, with their review counts. */
  'drills.orphans': { args: Record<string, never>; result: DrillManagedCard[] };
  /** Cards the person suspended (orphans are listed by drills.orphans), with their review counts. */
  'drills.suspended': { args: Record<string, never>; result: DrillManagedCard[] };
  /** The questions of a note a card could be re-attached to: its cards in reading order, with their review counts. */
  'drills.targets': { args: { noteId: number }; result: DrillTarget[] };
  /**
   * Puts a card (an orphan) on the question another card holds, keeping its
   * own id and review history. A target card with no reviews is deleted; one
   * with reviews is refused (Invalid) unless `ifTargetReviewed` is 'orphan':
   * it then becomes an orphan itself, its reviews kept, for the person to
   * delete or re-attach.
   */
  'drills.reattach': {
    args: { cardId: string; targetCardId: string; ifTargetReviewed?: 'refuse' | 'orphan' };
    result: { card: DrillCard; target: { id: string; outcome: 'deleted' | 'orphaned' } };
  };
  /**
   * Interview mode: the interview date and the decks it covers, and per deck
   * the predicted recall on that day (FSRS retrievability at midday; a card
   * never reviewed counts 0), the cards below 85% and the reviews a day the
   * "before the interview" session needs to bring them up.
   */
  'drills.interview': { args: Record<string, never>; result: DrillInterview };
  /**
   * Sets the interview date (YYYY-MM-DD, the person's local date; Invalid if
   * it is not a date or is in the past; null clears it) and the decks it
   * covers (none: every card). Returns the new forecast.
   */
  'drills.setInterview': { args: { date: string | null; decks: DrillDeck[] }; result: DrillInterview };
  /**
   * The next card of the "before the interview" session over the covered
   * decks: a learning step due now, else the card with the lowest predicted
   * recall on the day among those the session may show now; cards already at
   * 85% on the day are skipped. Null when there is no date or nothing is left.
   */
  'drills.interviewNext': { args: Record<string, never>; result: DrillNext | null };
  /**
   * A mock interview: `count` (1–50) cards with an answer drawn at random,
   * without repeats, across the decks (none: every card), weaker cards more
   * likely. Grade them with drills.grade.
   */
  'drills.mock': { args: { decks: DrillDeck[]; count: number }; result: DrillCardView[] };
  /**
   * The progress dashboard in one call: grades per study day for a year
   * (the heatmap), cards falling due in the next 30 days by deck, true
   * retention per week and month, cards by state, coverage per deck and the
   * weakest cards. Readiness for the interview is drills.interview.
   */
  'stats.progress': { args: Record<string, never>; result: ProgressReport };
  /**
   * Mastery marks (main/drills/mastery.ts defines them): every note that
   * holds a counted card; with `noteId`, that note alone and its sections (a
   * section counts its subsections' cards too). Notes and sections with no counted
   * card are left out: they carry no mark.
   */
  'stats.mastery': { args: { noteId?: number }; result: MasteryMarks };
  /**
   * Each listed concept's mastery (up to 2,000 ids), from the cards that name
   * it or sit under the heading defining it; concepts with no counted card
   * are left out (drawn plainly).
   */
  'stats.conceptMastery': { args: { ids: number[] }; result: { concepts: ConceptMastery[] } };
  /**
   * What a person can paste into a bug report: versions, platform, the data
   * directory's size, counts, where the log is and its last errors (our own
   * words and stack frames only). No note content, no titles, no error messages.
   */
  'settings.diagnostics': { args: Record<string, never>; result: Diagnostics };
  /**
   * The page's own unexpected error (an uncaught error or unhandled
   * rejection), written to the main log. Message up to 2,000 characters,
   * stack up to 8,000; at most 20 a minute are logged, the rest counted.
   */
  'log.report': { args: { kind: 'error' | 'rejection'; message: string; stack?: string }; result: { isLogged: boolean } };
}

/** The answer of `settings.diagnostics`; the page adds its own user agent (Chromium's version) when it copies it. */
export interface Diagnostics {
  lattice: string;
  /** `Electron x / Node y`, or `Node y` for the browser host. */
  runtime: string;
  platform: string;
  /** The log file of this data directory (it exists once something was logged). */
  logFile: string;
  dataDirBytes: number;
  /** The size stopped counting early (a huge data directory). */
  isDataDirPartial: boolean;
  notes: number;
  cards: number;
  annotations: number;
  /** The last error lines of the log, oldest first. */
  recentErrors: string[];
}

export type ApiName = keyof Api;
export type ApiArgs<K extends ApiName> = Api[K]['args'];
export type ApiResult<K extends ApiName> = Api[K]['result'];

/** Events the main process pushes to the renderer. */
export type AppCommand = 'import-folder' | 'export' | 'theme-light' | 'theme-dark' | 'theme-system' | 'about';

export interface ApiEvents {
  'import.progress': ImportProgress;
  /** A desktop menu item the renderer acts on. */
  'app.command': { command: AppCommand };
}

export type ApiEventName = keyof ApiEvents;

export type ConceptLinkType = 'leads-to' | 'is-a' | 'part-of' | 'prerequisite-of' | 'variant-of' | 'contrasts-with' | 'related';

/** A concept by id, or by name or alias (case-insensitive). */
export interface ConceptRef {
  id?: number;
  name?: string;
}

export interface ConceptSummary {
  id: number;
  name: string;
  aliases: string[];
  mentionCount: number;
  linkCount: number;
}

export interface ConceptMention {
  noteId: number;
  noteTitle: string;
  notePath: string;
  sectionOrd: number | null;
  sectionTitle: string | null;
  sectionSlug: string | null;
  kind: 'defines' | 'mentions';
  /**
   * The first occurrence in the note (UTF-16 offsets into its text
   * projection) and how often it occurs there — on the note's first entry
   * only; the other entries name further sections to jump to.
   */
  start: number | null;
  end: number | null;
  occurrences: number | null;
}

export interface ConceptLink {
  id: number;
  from: { id: number; name: string };
  to: { id: number; name: string };
  type: ConceptLinkType;
  label: string;
  source: 'note' | 'user';
  /** The note the link was derived from. */
  noteId: number | null;
}

export interface ConceptDetail {
  id: number;
  name: string;
  aliases: { alias: string; source: 'derived' | 'user' }[];
  definition: string;
  /** Where the definition comes from: a note's section, or null when the person wrote it (or there is none). */
  definitionSource: { noteId: number; sectionOrd: number | null } | null;
  isUserCreated: boolean;
  mentions: ConceptMention[];
  /** Underlines of this concept the person turned off, by note. */
  hiddenMentions: HiddenMention[];
  /** Links from this concept, by type. */
  outgoing: Partial<Record<ConceptLinkType, ConceptLink[]>>;
  /** Links to this concept, by type. */
  incoming: Partial<Record<ConceptLinkType, ConceptLink[]>>;
}

export interface ConceptPathStep {
  link: ConceptLink;
  /** forward: the link points along the path; backward: it points back against it. */
  direction: 'forward' | 'backward';
}

export interface ConceptPath {
  concepts: { id: number; name: string }[];
  steps: ConceptPathStep[];
  mermaid: string;
}

export type SheetPaper = 'A4' | 'Letter';
export type SheetTheme = 'light' | 'print';

export interface SheetLayout {
  columns: 1 | 2 | 3;
  paper: SheetPaper;
  /** Base font size in points. */
  fontSize: number;
  theme: SheetTheme;
}

export interface SheetSummary {
  id: number;
  title: string;
  /** How many items the sheet has. */
  items: number;
  updatedAt: string;
}

/** Which part of a note section an item shows. */
export type SectionPart = 'all' | 'first-paragraph' | 'formulas';

/** What can be put on a sheet. A concept or path end is an id or a name/alias. */
export type SheetItemInput =
  | { kind: 'section'; noteId: number; section: string; part?: SectionPart }
  | { kind: 'annotation'; annotationId: string }
  | { kind: 'concept'; concept: string | number; withMap?: boolean }
  | { kind: 'path'; from: string | number; to: string | number }
  | { kind: 'formula'; tex: string; noteId?: number; caption?: string }
  | { kind: 'text'; markdown: string };

export type SheetItemKind = SheetItemInput['kind'];

/** Per-item options; each applies to the kinds named. */
export interface SheetItemChanges {
  /** section */
  part?: SectionPart;
  /** concept */
  withMap?: boolean;
  /** formula */
  caption?: string;
  /** formula typed by the person (not from a note) */
  tex?: string;
  /** text */
  markdown?: string;
}

export interface SheetItem {
  id: number;
  kind: SheetItemKind;
  position: number;
  /** What the item points at, with its options, as it was added. */
  spec: SheetItemInput;
  /** The heading the item prints under ('' for free text). */
  title: string;
  /** Where it comes from, e.g. "RLHF 流程 › 奖励模型" ('' for the person's own). */
  origin: string;
  /** The item as Markdown (math as $…$ / $$…$$, Mermaid as source). */
  markdown: string;
  /** The item as safe HTML: math typeset, diagrams as `.mermaid-block` elements for a renderer to draw. */
  html: string;
  /** The note to open for it, if any. */
  noteId: number | null;
  /** Set when the source is gone: the item shows its last known content. */
  missingSince: string | null;
}

export interface Sheet {
  id: number;
  title: string;
  layout: SheetLayout;
  items: SheetItem[];
  createdAt: string;
  updatedAt: string;
}

export type SheetQuickAdd =
  | { kind: 'note-highlights'; noteId: number }
  | { kind: 'color-highlights'; color: AnnotationColor }
  | { kind: 'note-formulas'; noteId: number };

export type SheetExportFormat = 'md' | 'html' | 'pdf';

export interface SheetExport {
  format: SheetExportFormat;
  /** A file name made from the title, e.g. "RLHF 速查.pdf". */
  fileName: string;
  /** The file's content: UTF-8 text, or base64 for a PDF. The caller saves it (no handler writes files). */
  content: string;
  encoding: 'utf8' | 'base64';
  bytes: number;
  /** Diagrams that could not be drawn and are shown as source with a note. */
  undrawnDiagrams: number;
}

export interface ConceptOverviewGroup {
  /** The note the group's concepts belong to; null for concepts in no note. */
  noteId: number | null;
  noteTitle: string | null;
  notePath: string | null;
  /** In the order maps page through them: linked pieces together, largest first; concepts linked to none of the group last. */
  concepts: { id: number; name: string; linkCount: number }[];
}

export interface ConceptOverview {
  /** How many concepts the store holds, whatever `q` matched. */
  total: number;
  /** How many the groups hold. */
  matched: number;
  groups: ConceptOverviewGroup[];
}

export interface ConceptSubgraph {
  /** Empty when no two of the concepts are linked. */
  mermaid: string;
  /** The concepts on the map. */
  drawn: number[];
  /** The concepts left out because none of their links stays within the set. */
  unlinked: number[];
}

/** An underline the person turned off: the words, with some context either side, in one note. */
export interface HiddenMention {
  id: number;
  conceptId: number;
  noteId: number;
  noteTitle: string;
  exact: string;
  prefix: string;
  suffix: string;
  createdAt: string;
}

export interface ConceptOccurrence {
  conceptId: number;
  name: string;
  /** UTF-16 offsets into the note's text projection. */
  start: number;
  end: number;
}

/**
 * note: the note's title has every term; section: the terms occur in a
 * section's heading or text; annotation: a highlight's quote, comment or tags;
 * concept: a concept's name, alias or definition.
 */
export type SearchHitKind = 'note' | 'section' | 'annotation' | 'concept';

export interface SearchHit {
  kind: SearchHitKind;
  /** The note to open: the note, the annotation's note, the note defining the concept (null when none does). */
  noteId: number | null;
  noteTitle: string;
  /** The note's title, the section's heading, the annotation's quote or the concept's name. */
  title: string;
  /** Headings from the top of the note down to the section the match is in. */
  sectionPath: string[];
  sectionSlug: string | null;
  /** HTML: the text around the match, escaped, with the matched terms in <mark>…</mark> and nothing else. */
  snippet: string;
  /** The matched text in the note's text projection (UTF-16 offsets), for the reader to scroll to and flash. */
  match: { start: number; end: number } | null;
  annotationId: string | null;
  conceptId: number | null;
  /**
   * Higher is better: bm25 with its sign flipped, computed within the hit's
   * kind (notes, annotations, concepts are indexed apart); a result's hits
   * are merged by it. Searching one note, how many matches the section holds.
   */
  score: number;
  /** A concept whose name or an alias is the query itself (by its words): shown before every other hit, and scored above them. */
  isExactName?: true;
  /** On the last place listed for a note: how many more of its sections answer the query (searching that note lists them all). */
  morePlaces?: number;
}

export interface SearchResult {
  hits: SearchHit[];
}

/** Again 1, Hard 2, Good 3, Easy 4. */
export type DrillRating = 1 | 2 | 3 | 4;

/** A drill card as a review screen needs it. Dates are ISO strings. */
export interface DrillCard {
  id: string;
  /** Null once its note is deleted (the card is then an orphan). */
  noteId: number | null;
  kind: 'found' | 'manual' | 'cloze';
  /** The question as the note has it (the anchor's quote). */
  question: string;
  /** The answer as the note has it; null for a question the notes leave unanswered. */
  answer: string | null;
  /** The parent path shown above an elliptical question. */
  context: string;
  questionOverride: string | null;
  answerOverride: string | null;
  isSuspended: boolean;
  buriedUntil: string | null;
  isOrphan: boolean;
  state: 'new' | 'learning' | 'review' | 'relearning';
  due: string;
  reps: number;
  lapses: number;
  lastReview: string | null;
}

/** A card as `lattice drills list` prints it. */
export interface DrillListItem {
  id: string;
  noteId: number | null;
  /** The note's file path as `notes list` prints it; null for a card whose note was deleted. */
  path: string | null;
  /** 1-based lines in the file as on disk, front matter included; null where there is no answer (or the card is an orphan). */
  line: number | null;
  /** The question as the card shows it (the person's override if any). */
  question: string;
  context: string;
  answerFirstLine: number | null;
  answerLastLine: number | null;
  /** The FSRS state, or 'suspended' / 'orphan' for a card no session shows. */
  state: 'new' | 'learning' | 'review' | 'relearning' | 'suspended' | 'orphan';
  due: string;
}

export interface DrillIntervalPreview {
  rating: DrillRating;
  due: string;
  /** From now to `due`, for labels such as 10m or 4d. */
  intervalMs: number;
}

export interface DrillNext {
  card: DrillCard;
  queue: 'learning' | 'review' | 'new';
  previews: DrillIntervalPreview[];
  /** With `withView`: the card as drills.card shows it, so the review screen needs one call, not two, between a grade and the next card. */
  view?: DrillCardView;
}

/**
 * What a session draws its cards from: everything, one note, one imported
 * folder, one tag (from the notes' front matter), or a concept with the
 * concepts linked to it (the cards whose question or answer names one).
 */
export type DrillDeck =
  | { kind: 'all' }
  | { kind: 'note'; noteId: number }
  | { kind: 'library'; libraryId: number }
  | { kind: 'tag'; tag: string }
  | { kind: 'concept'; conceptId: number };

export interface DrillDeckSummary {
  deck: DrillDeck;
  /** The folder's or note's name, or the tag; empty for everything (the screen words it). */
  label: string;
  /** Cards a session may show (not suspended, not orphaned). */
  cards: number;
  /** Of those, due by the end of the study day (new cards included, before daily limits). */
  due: number;
}

/** A card as the review screen shows it. */
export interface DrillCardView {
  card: DrillCard;
  /** The question (the person's override if any) as safe HTML; formulas left as TeX in `.math[data-tex]` for the page to typeset. */
  questionHtml: string;
  /** The answer rendered as the reader renders that part of the note (or the override); null when there is none. */
  answerHtml: string | null;
  note: { id: number; title: string; path: string } | null;
  /** Where "open in note" goes: the question's section and its span in the note's text. */
  section: string | null;
  match: { start: number; end: number } | null;
}

/** What a person sets for drills (Settings). */
export interface DrillSettings {
  /** FSRS desired retention, from 0.70 to 0.97: the chance of recall a review is scheduled for. */
  desiredRetention: number;
  /** New cards introduced per day. */
  newCardsPerDay: number;
  /** Reviews of review-state cards per day; (re)learning steps are never held back. */
  maxReviewsPerDay: number;
  /** The hour (local time) a study day starts, so a session past midnight counts for the evening before. */
  dayStartHour: number;
}

export interface DrillStats {
  /** `unanswered`: questions the notes leave unanswered and the person has not answered yet (also counted in their state; never due). */
  byState: { new: number; learning: number; review: number; relearning: number; suspended: number; orphan: number; unanswered: number };
  /** Left to do today within the daily limits; `total` is the top bar's count. */
  dueToday: { learning: number; review: number; new: number; total: number };
  /** Grades given since the study day started. */
  reviewedToday: number;
  desiredRetention: number;
}

/** A question still to answer, as its list shows it. */
export interface DrillUnanswered {
  card: DrillCard;
  note: { id: number; title: string } | null;
  /** The question as safe HTML (formulas left for the page to typeset). */
  questionHtml: string;
}

/** An orphaned or suspended card, as the screen that manages them lists it. */
export interface DrillManagedCard {
  card: DrillCard;
  /** The question as the card shows it (the person's override, else its last text in the note). */
  question: string;
  /** The same as safe HTML (formulas left for the page to typeset; an orphan's last text shown as written). */
  questionHtml: string;
  /** Its note (for an orphan: the note it was last in, if that note still exists). */
  note: { id: number; title: string } | null;
  orphanedAt: string | null;
  /** Grades in its review log: what deleting it loses. */
  reviews: number;
}

/** A question a card can be re-attached to: the card that holds it now. */
export interface DrillTarget {
  cardId: string;
  question: string;
  /** The question as safe HTML, as the review shows it. */
  questionHtml: string;
  context: string;
  kind: 'found' | 'manual' | 'cloze';
  reviews: number;
  hasAnswer: boolean;
}

/** The interview a person prepares for. */
export interface DrillInterviewPlan {
  /** YYYY-MM-DD in the person's local time; null when none is set. */
  date: string | null;
  /** The decks it covers; empty for every card. */
  decks: DrillDeck[];
}

/** One covered deck (or all of them together) on the interview day. */
export interface DrillInterviewForecast {
  deck: DrillDeck;
  /** As in DrillDeckSummary: the folder's, note's, tag's or concept's name; empty for everything. */
  label: string;
  /** Cards a session may show. */
  cards: number;
  /** Mean predicted recall on the day, 0–1 (never-reviewed cards count 0); null for a deck with no card. */
  recall: number | null;
  /** Cards whose predicted recall on the day is below the target (85%). */
  below: number;
  /**
   * Reviews the "before the interview" session gives these cards until each
   * reaches the target on the day, grading Good each time (simulated with
   * ts-fsrs under the session's own rule)…
   */
  reviewsNeeded: number;
  /** …spread over the days with a session left (today included; 1 on the day itself), rounded up. */
  reviewsPerDay: number;
}

export interface DrillInterview {
  plan: DrillInterviewPlan;
  /** Calendar days from today to the date: 0 on the day, negative once it has passed; null with no date. */
  daysLeft: number | null;
  /** The moment recall is predicted for (midday on the date, or now once that has passed); null with no date. */
  predictedAt: string | null;
  /** The predicted recall every covered card should reach on the day (0.85). */
  target: number;
  /** Every covered card once (a card in two decks counts once); null with no date. */
  overall: DrillInterviewForecast | null;
  /** Per covered deck (a single deck of everything when none is chosen); empty with no date. */
  decks: DrillInterviewForecast[];
}

/** One study day of the review heatmap. */
export interface ProgressDay {
  /** The local date the study day starts on, YYYY-MM-DD. */
  date: string;
  /** Grades given that day. */
  reviews: number;
  /** Time spent answering them, as the review screen measured it. */
  timeMs: number;
}

/** True retention over a week or a month: reviews of mature cards (interval ≥ 21 days) not graded Again. */
export interface ProgressRetention {
  /** The week's first day (a Monday, YYYY-MM-DD) or the month (YYYY-MM). */
  period: string;
  /** Reviews of mature cards. */
  reviews: number;
  /** Of those, not graded Again. */
  passed: number;
  /** passed / reviews; null with no review of a mature card. */
  retention: number | null;
}

/** Cards of one deck falling due on each day of the forecast. */
export interface ProgressForecastSeries {
  deck: DrillDeck;
  /** The folder's or note's name; empty for the notes left out of the named ones (the screen words it). */
  label: string;
  /** One count per day of ProgressForecast.dates. */
  counts: number[];
}

/** Cards in learning or review falling due on each of the next 30 study days (today's count holds the overdue ones). */
export interface ProgressForecast {
  dates: string[];
  /** By folder; by note (the largest few, then the rest together) when every due card sits in one folder. */
  series: ProgressForecastSeries[];
}

/** How much of one deck has been studied. */
export interface ProgressCoverage {
  deck: DrillDeck;
  label: string;
  /** Cards a person studies (not suspended, not orphaned). */
  cards: number;
  /** Of those, reviewed at least once. */
  reviewed: number;
  /** Of those, with a predicted recall now at or above the desired retention. */
  aboveTarget: number;
}

/** A card among the weakest: the lowest predicted recall now, then the most lapses. */
export interface ProgressWeakCard {
  cardId: string;
  /** Plain text (the person's wording if any), as stored: show it as text. */
  question: string;
  context: string;
  note: { id: number; title: string } | null;
  recall: number;
  lapses: number;
  reps: number;
}

export interface ProgressReport {
  /** The date of the current study day (YYYY-MM-DD). */
  today: string;
  desiredRetention: number;
  /** Cards by state and what is left today, as drills.stats gives them. */
  stats: DrillStats;
  /** The last 365 study days, oldest first, today last. */
  heatmap: ProgressDay[];
  /** Study days in a row with at least one grade, ending today (or yesterday, when today has none yet). */
  streak: number;
  retention: { weeks: ProgressRetention[]; months: ProgressRetention[] };
  forecast: ProgressForecast;
  coverage: { all: ProgressCoverage; folders: ProgressCoverage[]; tags: ProgressCoverage[]; notes: ProgressCoverage[] };
  weakest: ProgressWeakCard[];
}

/**
 * How well the person knows a set of cards now (main/drills/mastery.ts):
 * never reviewed, weak (slipping), learning, or solid (known for weeks).
 */
export type MasteryLevel = 'unstudied' | 'weak' | 'learning' | 'solid';

export interface Mastery {
  level: MasteryLevel;
  /** Counted cards (not suspended, not orphaned). */
  cards: number;
  reviewed: number;
  weak: number;
  solid: number;
  /** The share of the cards the person would recall now (FSRS retrievability; unseen cards count 0), 0–1. */
  recall: number;
}

export interface MasteryMarks {
  notes: { noteId: number; mastery: Mastery }[];
  /** Only when a note was asked for: its sections by ord. */
  sections: { ord: number; mastery: Mastery }[];
}

export interface ConceptMastery {
  conceptId: number;
  mastery: Mastery;
}
