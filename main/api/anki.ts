import { z } from 'zod';
import { deckDiagrams, exportDeck } from '../anki/export-deck.js';
import { importAnkiPackage } from '../anki/import-apkg.js';
import { AnkiPackageError } from '../anki/read-apkg.js';
import { readDrillSettings } from '../drills/settings.js';
import type { AppContext } from './context.js';
import type { DrillDeck } from './contract.js';
import { invalid } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { MAX_UPLOAD_CHARS } from './uploads.js';

type AnkiCalls = 'anki.export' | 'anki.import' | 'anki.decks' | 'anki.diagrams';

const deck = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('note'), noteId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('library'), libraryId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('tag'), tag: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('concept'), conceptId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('anki'), ankiDeckId: z.number().int().positive() }),
]);

/** anki.*: decks out to Anki as .apkg, and Anki packages in as cards. */
export function ankiHandlers(ctx: AppContext): DomainHandlers<AnkiCalls> {
  const concepts = ctx.repositories.concepts;
  const settings = ctx.repositories.settings;
  const anki = ctx.repositories.anki;

  /** The deck's name in Anki: under "Lattice", in the words the deck list uses. */
  const deckName = (chosen: DrillDeck | undefined): string => {
    let label = '';
    if (chosen?.kind === 'note') label = ctx.notes.get(chosen.noteId)?.title ?? '';
    else if (chosen?.kind === 'library') label = ctx.libraries.get(chosen.libraryId)?.name ?? '';
    else if (chosen?.kind === 'concept') label = concepts.get(chosen.conceptId)?.name ?? '';
    else if (chosen?.kind === 'tag') label = chosen.tag;
    else if (chosen?.kind === 'anki') label = anki.deckName(chosen.ankiDeckId) ?? '';
    // Anki's `::` makes a sub-deck: a label holding one would split.
    const clean = label.replace(/::+/g, ':').trim();
    return clean ? `Lattice::${clean}` : 'Lattice';
  };

  return {
    'anki.export': {
      schema: z.strictObject({
        deck: deck.optional(),
        withHistory: z.boolean().optional(),
        svgs: z.record(z.string().max(64), z.string().max(2_000_000)).optional(),
      }),
      run: async ({ deck: chosen, withHistory = false, svgs }) => {
        const out = await exportDeck(ctx.store.db, ctx.notes, chosen, {
          deckName: deckName(chosen),
          withHistory,
          desiredRetention: readDrillSettings(settings).desiredRetention,
          ...(svgs ? { diagrams: svgs } : {}),
        });
        return {
          fileName: out.fileName,
          content: Buffer.from(out.apkg).toString('base64'),
          cards: out.cards,
          reviews: out.reviews,
          media: out.media,
        };
      },
    },
    'anki.import': {
      schema: z.strictObject({ fileName: z.string().min(1).max(500), content: z.string().min(1).max(MAX_UPLOAD_CHARS) }),
      run: async ({ fileName, content }) => {
        if (!/\.(apkg|colpkg)$/i.test(fileName)) throw invalid('choose an Anki package (.apkg or .colpkg)');
        try {
          return await importAnkiPackage(ctx.store.db, Buffer.from(content, 'base64'), fileName, {
            desiredRetention: readDrillSettings(settings).desiredRetention,
          });
        } catch (error) {
          if (error instanceof AnkiPackageError) throw invalid(error.message);
          throw error;
        }
      },
    },
    'anki.decks': { schema: z.strictObject({}), run: () => anki.decks() },
    'anki.diagrams': {
      schema: z.strictObject({ deck: deck.optional() }),
      run: ({ deck: chosen }) => ({ diagrams: deckDiagrams(ctx.store.db, ctx.notes, chosen) }),
    },
  };
}
