/**
 * What the Markdown pipeline makes of a note: plain data, with no imports,
 * so that the store (db/) can keep it without knowing the pipeline and the
 * pipeline can make it without knowing the store. The one file of main/
 * that db/ may import (types only; see eslint.config.js).
 */

/** A heading and the span of the text projection it opens. */
export interface SectionRecord {
  ord: number;
  level: number;
  title: string;
  slug: string;
  parentOrd: number | null;
  /** UTF-16 code unit offsets into the note's text projection. */
  startOffset: number;
  endOffset: number;
}

export interface FormulaRecord {
  tex: string;
  isDisplay: boolean;
  sectionOrd: number | null;
}

export interface DiagramRecord {
  source: string;
  sectionOrd: number | null;
}

export type NoteLinkKind = 'wikilink' | 'note' | 'url' | 'image';

export interface NoteLinkRecord {
  kind: NoteLinkKind;
  target: string;
  label: string;
}

/** What the pipeline reads out of a note's decoded text (main/markdown/read-note.ts). */
export interface ReadNote {
  title: string;
  frontMatter: Record<string, unknown>;
  tags: string[];
  /** The text projection: what search indexes and annotations anchor into. */
  text: string;
  /** Front-matter problems and what the pipeline's limits cut, in words a person reads. */
  warnings: string[];
  sections: SectionRecord[];
  formulas: FormulaRecord[];
  diagrams: DiagramRecord[];
  links: NoteLinkRecord[];
}
