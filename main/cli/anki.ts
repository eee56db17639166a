import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Lattice } from '../app.js';
import type { AnkiImportResult, DrillDeck } from '../api/contract.js';

export interface AnkiCommand {
  sub: string | undefined;
  rest: string[];
  isJson: boolean;
  /** The deck, as typed: at most one of --note, --library, --tag, --concept (none: every card). */
  note?: string;
  library?: string;
  tag?: string;
  concept?: string;
  isWithHistory: boolean;
  out?: string;
  cwd: string;
  stdout: (text: string) => void;
  /** Makes the error the CLI reports as bad usage (exit 2). */
  usage: (message: string) => Error;
}

function deckOf(command: AnkiCommand): DrillDeck | undefined {
  const given = [command.note, command.library, command.tag, command.concept].filter((value) => value !== undefined);
  if (given.length > 1) throw command.usage('choose one deck: --note, --library, --tag or --concept');
  const id = (value: string, what: string): number => {
    if (!/^[1-9]\d*$/.test(value)) throw command.usage(`--${what} takes an id`);
    return Number(value);
  };
  if (command.note !== undefined) return { kind: 'note', noteId: id(command.note, 'note') };
  if (command.library !== undefined) return { kind: 'library', libraryId: id(command.library, 'library') };
  if (command.concept !== undefined) return { kind: 'concept', conceptId: id(command.concept, 'concept') };
  if (command.tag !== undefined) return { kind: 'tag', tag: command.tag };
  return undefined;
}

function formatImport(report: AnkiImportResult): string {
  return [
    `deck "${report.deck}" (${report.format})`,
    `${report.created} cards made, ${report.linked} linked to questions already in your notes, ${report.skipped} already imported`,
    `${report.reviews} reviews carried over, ${report.media} media files kept`,
  ].join('\n');
}

/** `lattice anki export …` writes a deck as an .apkg; `lattice anki import FILE` reads one in. */
export async function runAnki(lattice: Lattice, command: AnkiCommand): Promise<number> {
  const { sub, rest, usage } = command;
  if (sub === 'export') {
    if (rest.length) throw usage(`unexpected argument: ${rest[0] ?? ''}`);
    const deck = deckOf(command);
    const out = await lattice.call('anki.export', { ...(deck ? { deck } : {}), withHistory: command.isWithHistory });
    const target = resolve(command.cwd, command.out ?? out.fileName);
    writeFileSync(target, Buffer.from(out.content, 'base64'));
    const { content: _content, ...counts } = out;
    command.stdout(
      command.isJson
        ? JSON.stringify({ ...counts, path: target }, null, 2)
        : `${out.cards} cards, ${out.reviews} reviews, ${out.media} media files → ${target}`,
    );
    return 0;
  }
  if (sub === 'import') {
    const [file, ...extra] = rest;
    if (!file) throw usage('anki import needs a FILE (.apkg or .colpkg)');
    if (extra.length) throw usage(`unexpected argument: ${extra[0] ?? ''}`);
    const path = resolve(command.cwd, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: error });
    }
    const report = await lattice.call('anki.import', { fileName: basename(path), content: bytes.toString('base64') });
    command.stdout(command.isJson ? JSON.stringify(report, null, 2) : formatImport(report));
    return 0;
  }
  throw usage(`unknown command: anki ${sub ?? ''}`.trim());
}
