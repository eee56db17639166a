import { checkImportCrashes } from './check-crash-imports.js';
import { checkWriteCrashes } from './check-crash-writes.js';

/**
 * npm run check:crash — what a SIGKILL can do to the store, measured (not part
 * of `npm test`: a few minutes). `node out/node/scripts/check-crash.js imports`
 * or `… writes` runs one part. Exits 1 when a store was corrupted, a note was
 * left half-written or an acknowledged write was lost.
 */
async function main(): Promise<void> {
  const part = process.argv[2] ?? 'all';
  let isFailed = false;
  if (part === 'all' || part === 'imports') {
    const figures = await checkImportCrashes();
    console.log(JSON.stringify({ check: 'imports', ...figures }));
    console.log(
      `imports: ${figures.kills} kills (${figures.byMode.cli} of lattice import, ${figures.byMode.host} of the host) in ${figures.seconds} s; landed before any note of the version being imported ${figures.landed.beforeNotes}, amid its notes ${figures.landed.amidNotes}, after them ${figures.landed.afterNotes}; ${figures.finishedBeforeKill} imports finished before their kill time; corrupted stores ${figures.corruptedStores} (must be 0); stores with a half-written note ${figures.storesWithHalfNotes} (must be 0); chains imported to the end afterwards ${figures.recovered}/${figures.chains}, notes then still without their concept mentions ${figures.notesWithoutMentions} (must be 0)`,
    );
    isFailed ||=
      figures.corruptedStores > 0 ||
      figures.storesWithHalfNotes > 0 ||
      figures.recovered !== figures.chains ||
      figures.notesWithoutMentions > 0;
  }
  if (part === 'all' || part === 'writes') {
    const figures = await checkWriteCrashes();
    console.log(JSON.stringify({ check: 'writes', ...figures }));
    const { acknowledged } = figures;
    console.log(
      `writes: ${figures.kills} kills of the host in ${figures.seconds} s; acknowledged writes ${acknowledged.total} (${acknowledged.creates} creates, ${acknowledged.updates} comment updates, ${acknowledged.deletes} deletes), ${figures.unanswered} cut off unanswered; lost ${figures.lost} (must be 0); corrupted stores ${figures.corruptedStores} (must be 0)`,
    );
    isFailed ||= figures.lost > 0 || figures.corruptedStores > 0;
  }
  process.exitCode = isFailed ? 1 : 0;
}

await main();
