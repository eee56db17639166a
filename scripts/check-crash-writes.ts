import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/open-store.js';
import { AnnotationRepository } from '../db/repositories/annotations.js';
import { StoreHealthRepository } from '../db/repositories/store-health.js';
import { seededRng } from './anchoring-edits.js';
import { startHost } from './host-process.js';
import type { HostProcess } from './host-process.js';
import { hostClient } from './host-client.js';
import type { HostClient } from './host-client.js';

/**
 * Annotation writes sent to the browser host over HTTP as its page sends
 * them, the host SIGKILLed at a random moment, restarted, and every write it
 * had acknowledged (HTTP 200, `ok`) looked for through the restarted host:
 * a created annotation must be there, an updated comment must read as the
 * last acknowledged one (or one sent after it), a deleted annotation must stay
 * gone. Between kill and restart the store itself must open and pass SQLite's
 * checks. Several writers run at once, each on its own annotations, so kills
 * land in the middle of requests, transactions and index updates.
 *
 * Knobs: CRASH_WRITE_KILLS (40), CRASH_WRITERS (4), CRASH_ROUND_MS (1500:
 * the longest a round writes before its kill), CRASH_SEED.
 */

const KILLS = Number(process.env.CRASH_WRITE_KILLS ?? 40);
const WRITERS = Number(process.env.CRASH_WRITERS ?? 4);
const ROUND_MS = Number(process.env.CRASH_ROUND_MS ?? 1500);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** What the writers know of one annotation: every comment sent for it, in order, and which were acknowledged. */
interface Tracked {
  id: string;
  comments: string[];
  /** Index in `comments` of the last one acknowledged: the store must hold it or a later one. */
  lastAcked: number;
  isDeleteSent: boolean;
  isDeleteAcked: boolean;
}

interface NoteSpanSource {
  id: number;
  text: string;
}

export interface WriteCrashFigures {
  kills: number;
  acknowledged: { creates: number; updates: number; deletes: number; total: number };
  /** Sent but never answered (the kill came first): allowed either way. */
  unanswered: number;
  lost: number;
  corruptedStores: number;
  seconds: number;
}

const isLowSurrogate = (text: string, at: number): boolean => /[\uDC00-\uDFFF]/.test(text[at] ?? '');

/** A span of a note's text with something to annotate in it. */
function someSpan(rand: () => number, note: NoteSpanSource): { start: number; end: number } {
  for (;;) {
    const start = Math.floor(rand() * (note.text.length - 1));
    if (/\s/.test(note.text[start] ?? ' ') || isLowSurrogate(note.text, start)) continue;
    let end = Math.min(note.text.length, start + 1 + Math.floor(rand() * 8));
    while (end < note.text.length && isLowSurrogate(note.text, end)) end++;
    return { start, end };
  }
}

/** One writer's loop: creates, comment updates and deletes on its own annotations, one request at a time, until `isStopped()`. */
async function writeUntilStopped(
  client: HostClient,
  writer: number,
  rand: () => number,
  notes: NoteSpanSource[],
  mine: Tracked[],
  figures: WriteCrashFigures,
  isStopped: () => boolean,
  sequence: { next: number },
): Promise<void> {
  while (!isStopped()) {
    const live = mine.filter((annotation) => !annotation.isDeleteSent);
    const roll = rand();
    const comment = `writer ${writer} 第 ${sequence.next++} 条批注 $\\sqrt{d_k}$`;
    try {
      if (live.length < 3 || roll < 0.55) {
        const note = notes[Math.floor(rand() * notes.length)] as NoteSpanSource;
        const created = await client.call('annotations.create', { noteId: note.id, ...someSpan(rand, note), comment, color: 'green' });
        mine.push({ id: created.id, comments: [comment], lastAcked: 0, isDeleteSent: false, isDeleteAcked: false });
        figures.acknowledged.creates++;
      } else if (roll < 0.9) {
        const target = live[Math.floor(rand() * live.length)] as Tracked;
        target.comments.push(comment);
        const sent = target.comments.length - 1;
        await client.call('annotations.update', { id: target.id, comment });
        target.lastAcked = Math.max(target.lastAcked, sent);
        figures.acknowledged.updates++;
      } else {
        const target = live[Math.floor(rand() * live.length)] as Tracked;
        target.isDeleteSent = true;
        await client.call('annotations.delete', { id: target.id });
        target.isDeleteAcked = true;
        figures.acknowledged.deletes++;
      }
    } catch {
      // The host was killed under this request: it was never acknowledged.
      figures.unanswered++;
      return;
    }
  }
}

/**
 * Compares what the restarted host holds with what was acknowledged, counts
 * what was lost, and brings the writers' view in line with the store for the
 * next round (an unanswered write may or may not have landed).
 */
async function verifyAcknowledged(client: HostClient, tracked: Tracked[][]): Promise<{ lost: string[] }> {
  const stored = new Map((await client.call('annotations.list', {})).map((annotation) => [annotation.id, annotation.comment]));
  const lost: string[] = [];
  for (const mine of tracked) {
    for (let i = mine.length - 1; i >= 0; i--) {
      const annotation = mine[i] as Tracked;
      const comment = stored.get(annotation.id);
      if (comment === undefined) {
        if (!annotation.isDeleteSent) lost.push(`${annotation.id}: acknowledged, gone after the kill`);
        mine.splice(i, 1);
        continue;
      }
      if (annotation.isDeleteAcked) lost.push(`${annotation.id}: deleted (acknowledged), back after the kill`);
      const at = annotation.comments.lastIndexOf(comment);
      if (at < annotation.lastAcked)
        lost.push(
          `${annotation.id}: reads "${comment}", not the acknowledged "${annotation.comments[annotation.lastAcked]}"${at === -1 ? ' (never sent)' : ''}`,
        );
      annotation.comments = [comment];
      annotation.lastAcked = 0;
      // Still there (an unanswered delete that did not land): live again for the next round.
      annotation.isDeleteSent = false;
      annotation.isDeleteAcked = false;
    }
  }
  return { lost };
}

/** Runs the acknowledged-write crash check and returns its figures (what was lost is printed as it is found). */
export async function checkWriteCrashes(): Promise<WriteCrashFigures> {
  const begun = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'lattice-crash-writes-'));
  const rand = seededRng(SEED);
  const figures: WriteCrashFigures = {
    kills: 0,
    acknowledged: { creates: 0, updates: 0, deletes: 0, total: 0 },
    unanswered: 0,
    lost: 0,
    corruptedStores: 0,
    seconds: 0,
  };
  console.log(
    `acknowledged-write crash check: ${KILLS} kills, ${WRITERS} writers, rounds up to ${ROUND_MS} ms, seed ${SEED} (CRASH_SEED=${SEED} replays it)`,
  );
  let host: HostProcess | undefined;
  try {
    host = await startHost(dataDir, 0, true);
    let client = hostClient(host.url);
    // The starter library's notes are what the writers annotate.
    const listed = await client.call('notes.list', {});
    const notes: NoteSpanSource[] = [];
    for (const summary of listed.slice(0, 8))
      notes.push({ id: summary.id, text: (await client.call('notes.get', { id: summary.id })).text });
    const tracked: Tracked[][] = Array.from({ length: WRITERS }, () => []);
    const sequence = { next: 1 };
    // The check must be able to fail: a round whose store loses one acknowledged annotation while the host is down is reported.
    {
      const practice = { ...figures, acknowledged: { ...figures.acknowledged } };
      let isStopped = false;
      const writers = tracked.map((mine, writer) =>
        writeUntilStopped(client, writer, rand, notes, mine, practice, () => isStopped, sequence),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(host.pid, 'SIGKILL');
      isStopped = true;
      await Promise.all(writers);
      await host.stop();
      const victim = tracked.flat().find((annotation) => !annotation.isDeleteSent);
      if (!victim) throw new Error('self-test: no acknowledged annotation to take away');
      const store = openStore(join(dataDir, 'lattice.db'));
      new AnnotationRepository(store.db).delete(victim.id);
      store.close();
      host = await startHost(dataDir, 0, true);
      client = hostClient(host.url);
      const { lost } = await verifyAcknowledged(client, tracked);
      if (lost.length !== 1 || !lost[0]?.startsWith(victim.id))
        throw new Error(`self-test: taking away ${victim.id} was reported as ${JSON.stringify(lost)}`);
      console.log(`self-test: an acknowledged annotation taken away is reported (${lost[0]})`);
    }
    while (figures.kills < KILLS) {
      let isStopped = false;
      const writers = tracked.map((mine, writer) =>
        writeUntilStopped(client, writer, rand, notes, mine, figures, () => isStopped, sequence),
      );
      await new Promise((resolve) => setTimeout(resolve, 50 + rand() * ROUND_MS));
      process.kill(host.pid, 'SIGKILL');
      isStopped = true;
      await Promise.all(writers);
      await host.stop();
      figures.kills++;
      // The store as the kill left it, before anything opens it again.
      try {
        const store = openStore(join(dataDir, 'lattice.db'));
        try {
          const problems = new StoreHealthRepository(store.db).problems();
          if (problems.length > 0) {
            figures.corruptedStores++;
            console.log(`CORRUPTED after kill ${figures.kills}: ${problems.slice(0, 5).join('; ')}`);
          }
        } finally {
          store.close();
        }
      } catch (error) {
        figures.corruptedStores++;
        console.log(`CORRUPTED after kill ${figures.kills}: ${(error as Error).message}`);
      }
      host = await startHost(dataDir, 0, true);
      client = hostClient(host.url);
      const { lost } = await verifyAcknowledged(client, tracked);
      figures.lost += lost.length;
      for (const what of lost.slice(0, 5)) console.log(`LOST after kill ${figures.kills}: ${what}`);
      if (figures.kills % 10 === 0)
        console.log(
          `  ${figures.kills} kills, ${figures.acknowledged.creates + figures.acknowledged.updates + figures.acknowledged.deletes} acknowledged writes, ${figures.lost} lost`,
        );
    }
  } finally {
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  figures.acknowledged.total = figures.acknowledged.creates + figures.acknowledged.updates + figures.acknowledged.deletes;
  figures.seconds = Math.round((performance.now() - begun) / 1000);
  return figures;
}
