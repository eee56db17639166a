import type { ConceptMention } from '../../../main/api/contract.js';

export interface NoteMentions {
  noteId: number;
  title: string;
  path: string;
  /** A heading in the note names the concept. */
  isDefining: boolean;
  occurrences: number;
  /** The sections to jump to, one entry each, in the order given. */
  sections: ConceptMention[];
}

/** One entry per note, the notes that define the concept first, then those that mention it most. */
export function mentionsByNote(mentions: ConceptMention[]): NoteMentions[] {
  const notes = new Map<number, NoteMentions>();
  for (const mention of mentions) {
    let note = notes.get(mention.noteId);
    if (!note) {
      note = { noteId: mention.noteId, title: mention.noteTitle, path: mention.notePath, isDefining: false, occurrences: 0, sections: [] };
      notes.set(mention.noteId, note);
    }
    if (mention.kind === 'defines') note.isDefining = true;
    if (mention.kind === 'mentions') note.occurrences += mention.occurrences ?? 0;
    if (!note.sections.some((s) => s.sectionOrd === mention.sectionOrd)) note.sections.push(mention);
  }
  return [...notes.values()].sort((a, b) => Number(b.isDefining) - Number(a.isDefining) || b.occurrences - a.occurrences);
}
