/**
 * Measures the importer's parse (buildNoteContent) on each hostile note, one
 * child process per note so each gets a fresh heap and its peak memory is its
 * own: `node out/node/scripts/hostile-sizes.js [scale] [name]`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildNoteContent } from '../main/import/note-content.js';
import { hostileNotes } from './hostile-notes.js';

const scale = Number(process.argv[2] ?? '1');
const only = process.argv[3];

if (only) {
  const note = hostileNotes(scale).find((candidate) => candidate.name === only);
  if (!note) throw new Error(`no hostile note ${only}`);
  const bytes = new TextEncoder().encode(note.source);
  const started = performance.now();
  const content = buildNoteContent(bytes, note.name);
  const ms = performance.now() - started;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      name: note.name,
      kb: Math.round(bytes.byteLength / 1024),
      ms: Math.round(ms),
      rssMb: Math.round(rssMb),
      sections: content.sections.length,
      warnings: content.warnings,
    }),
  );
} else {
  for (const note of hostileNotes(scale)) {
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(scale), note.name], {
        timeout: 120_000,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      console.log(out.trim().slice(0, 400));
    } catch (error) {
      console.log(JSON.stringify({ name: note.name, failed: (error as Error).message.slice(0, 200) }));
    }
  }
}
