/** Notes: listing, reading, rendering and renaming them (`notes.*`). */

import { z } from 'zod';

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
  /**
   * Set when the file changed but its latest version could not be read (too
   * large, undecodable, …): what is shown is the version imported before.
   * Cleared when the file is read again.
   */
  readProblem: { error: string; at: string } | null;
  sectionList: Section[];
  links: NoteLink[];
  /** The title the importer chose from the file; {@link NoteSummary.title} differs when the person renamed the note. */
  importedTitle: string;
}

/** A note by id, or by path (absolute, or inside a library). */
export const noteRef = z.strictObject({
  id: z.number().int().positive().optional(),
  path: z.string().min(1).max(4096).optional(),
});
export type NoteRef = z.infer<typeof noteRef>;

export const noteFormat = z.enum(['md', 'text', 'html']);
export type NoteFormat = z.infer<typeof noteFormat>;

export interface RenderedNote {
  id: number;
  title: string;
  format: NoteFormat;
  content: string;
  /** Set when only the head of a long note was rendered (`head` asked for): the whole follows on a second call. */
  isHead?: true;
}

/** A note as the reader shows it: its detail without the Markdown source. */
export type NoteView = Omit<NoteDetail, 'source'>;

/** What the reader needs to show a note, from one call (`notes.open`). */
export interface OpenedNote {
  note: NoteView;
  /**
   * The note's HTML from the one pipeline, formulas left as TeX for the reader
   * to typeset; null when the reader said it already has this version
   * (`knownHash` is the note's `contentHash`).
   */
  html: string | null;
  /** Set when `html` is only the head of a long note (`head` asked for): the whole follows on a second call. */
  isHead?: true;
}

/** The `notes.*` calls. */
export interface NotesApi {
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
   * Opens a note for the reader: its detail without the source, and its HTML
   * (formulas deferred), rendered once per version of the note and kept, so
   * opening it again does not run the pipeline again. `knownHash`: the
   * `contentHash` of the version the reader already shows; when it is still
   * the stored one, `html` is null. `head` as in `notes.render`, unless the
   * whole is already rendered.
   */
  'notes.open': { args: { id: number; head?: number; knownHash?: string }; result: OpenedNote };
  /**
   * Opens a note's file where the person edits it, found by the note's id
   * (the page never names a path): in the desktop app the system's default
   * app for the file (`target: 'file'`) or the file shown in its folder
   * (`'folder'`), and the result carries no path. Where Lattice cannot open
   * files (the browser host), nothing is opened and the result carries the
   * path to copy, on the person's explicit action. A note uploaded through a
   * browser has no file of the person's to open (Invalid).
   */
  'notes.openFile': { args: { id: number; target: 'file' | 'folder' }; result: { isOpened: boolean; path?: string } };
}
