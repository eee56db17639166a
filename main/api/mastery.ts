import { z } from 'zod';
import { masteryOf, masteryQuery } from '../drills/mastery.js';
import { readDrillSettings } from '../drills/settings.js';
import type { AppContext } from './context.js';
import type { Mastery } from './contract.js';
import type { DomainHandlers } from './handler.js';

/** Concepts one call may ask about: a whole-library map is a few hundred. */
const MAX_CONCEPTS = 2000;

/** Mastery marks for the library, the table of contents and the concept maps (stats.mastery, stats.conceptMastery). */
export function masteryHandlers(ctx: AppContext): DomainHandlers<'stats.mastery' | 'stats.conceptMastery'> {
  const repository = ctx.repositories.mastery;
  const query = () => masteryQuery(new Date(), readDrillSettings(ctx.settings).desiredRetention);
  return {
    'stats.mastery': {
      schema: z.strictObject({ noteId: z.number().int().positive().optional() }),
      run: ({ noteId }) => {
        const now = query();
        const notes: { noteId: number; mastery: Mastery }[] = [];
        for (const [id, tally] of repository.byNote(now, noteId)) {
          const mastery = masteryOf(tally);
          if (mastery) notes.push({ noteId: id, mastery });
        }
        const sections: { ord: number; mastery: Mastery }[] = [];
        if (noteId !== undefined) {
          for (const [ord, tally] of repository.bySection(noteId, now)) {
            const mastery = masteryOf(tally);
            if (mastery) sections.push({ ord, mastery });
          }
        }
        return { notes, sections };
      },
    },
    'stats.conceptMastery': {
      schema: z.strictObject({ ids: z.array(z.number().int().positive()).max(MAX_CONCEPTS) }),
      run: ({ ids }) => {
        const tallies = repository.byConcepts(ids, query());
        const concepts = [];
        for (const [conceptId, tally] of tallies) {
          const mastery = masteryOf(tally);
          if (mastery) concepts.push({ conceptId, mastery });
        }
        return { concepts };
      },
    },
  };
}
