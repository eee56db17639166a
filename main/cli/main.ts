import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { resolveDataDir } from '../app-paths.js';
import type { Lattice } from '../app.js';
import type { ImportProgress, NoteFormat, NoteRef } from '../api/contract.js';
import { ApiFailure } from '../api/errors.js';
import type { CliIo } from './io.js';
import { formatConcept, formatConceptList, formatConceptPath, formatImportReport, formatNoteList, formatStats } from './format.js';
import { runSearch } from './search.js';
import { serve } from './serve.js';
import { runSheets } from './sheets.js';
import { runDrills } from './drills.js';
import { runAnki } from './anki.js';

/**
 * The command-line transport over the handler table. Exit codes: 0 success,
 * 1 an error or some files failed, 2 bad usage. Errors always go to stderr in
 * words a person can act on.
 */

export type { CliIo };

const USAGE = `Usage: lattice [--data-dir DIR] COMMAND

Commands:
  import PATH… [--json]                       import folders or note files (.md, .markdown, .txt)
  notes list [--library ID] [--removed] [--json]
  notes show ID|PATH [--format md|text|html]  print a note
  notes rename ID [TITLE…]                    your own title for a note (none: the file's title again)
  annotations export FILE [--json]            write every annotation as W3C Web Annotation JSON
  annotations import FILE [--json]            read them back (here or on another machine) and re-anchor
  concepts list [--json]                      concepts with their aliases and counts
  concepts show NAME [--json]                 a concept: definition, aliases, mentions, links
  concepts map NAME [--depth 1|2]             the Mermaid source of a concept's neighbourhood
  concepts path FROM TO [--json]              the shortest chain of typed links (exit 1 if none)
  sheets list [--json]                        your cheat sheets
  sheets export ID --format md|html|pdf --out FILE
                                              a sheet as Markdown, offline HTML or PDF (PDF and
                                              drawn diagrams need Chromium: $LATTICE_CHROMIUM)
  search QUERY… [--limit N] [--json]          full-text search over notes, annotations and concepts
  stats [--json]                              counts across the store
  drills stats [--json]                       drill cards by state, due today, reviewed today, retention
  drills list [--note ID] [--json]            drill cards with the file and line of each question and answer
  anki export [--note ID|--library ID|--tag T|--concept ID] [--history] [--out FILE]
                                              a deck (default: every card) as an Anki .apkg
  anki import FILE [--json]                   an Anki .apkg/.colpkg as cards, with its review history
  serve [--port N] [--no-open]                open Lattice in your browser (a local host on
                                              127.0.0.1, port 7331 unless taken; --port 0 for
                                              any free one; prints its URL; Ctrl+C stops it)

Data directory: --data-dir DIR, else $LATTICE_DATA_DIR, else the platform's app data folder.`;

class UsageError extends Error {}

/**
 * Reads a JSON file the person named. The error says which file and why,
 * never what it holds (a wrong file could be anything).
 */
function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${path} is not JSON: expected a W3C Web Annotation collection`);
  }
}

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  format: { type: 'string' },
  library: { type: 'string' },
  removed: { type: 'boolean', default: false },
  port: { type: 'string' },
  depth: { type: 'string' },
  'no-open': { type: 'boolean', default: false },
  out: { type: 'string' },
  limit: { type: 'string' },
  note: { type: 'string' },
  tag: { type: 'string' },
  concept: { type: 'string' },
  history: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function defaultIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError('--port takes a number from 0 to 65535 (0 picks a free port)');
  return port;
}

function noteRef(arg: string, cwd: string): NoteRef {
  if (/^\d+$/.test(arg)) return { id: Number(arg) };
  // A path that names a file from here is made absolute; otherwise it is a path inside a library.
  const fromHere = resolve(cwd, arg);
  return { path: arg.startsWith('/') || arg.startsWith('.') || existsSync(fromHere) ? fromHere : arg };
}

async function run(lattice: Lattice, command: string[], values: ReturnType<typeof parse>['values'], io: CliIo): Promise<number> {
  const print = (data: unknown, human: () => string): void => io.stdout(values.json ? JSON.stringify(data, null, 2) : human());
  const [verb, sub, ...rest] = command;

  if (verb === 'import') {
    const paths = [sub, ...rest].filter((p): p is string => p !== undefined).map((p) => resolve(io.cwd, p));
    if (paths.length === 0) throw new UsageError('import needs at least one PATH');
    const report = await lattice.call('library.import', { paths });
    const { warnings: _warnings, ...counts } = report;
    print(values.json ? { ...counts, warnings: report.warnings } : report, () => formatImportReport(report));
    return report.failed.length > 0 ? 1 : 0;
  }
  if (verb === 'notes' && sub === 'list') {
    if (rest.length) throw new UsageError(`unexpected argument: ${rest[0] ?? ''}`);
    const libraryId = values.library === undefined ? undefined : Number(values.library);
    if (libraryId !== undefined && !Number.isInteger(libraryId)) throw new UsageError('--library takes a library id');
    const notes = await lattice.call('notes.list', { ...(libraryId ? { libraryId } : {}), includeRemoved: values.removed });
    print(
      notes.map((n) => ({
        id: n.id,
        title: n.title,
        path: n.absolutePath,
        sections: n.sections,
        formulas: n.formulas,
        diagrams: n.diagrams,
        tags: n.tags,
      })),
      () => formatNoteList(notes),
    );
    return 0;
  }
  if (verb === 'notes' && sub === 'show') {
    const [target, extra] = rest;
    if (!target || extra) throw new UsageError('notes show takes one ID or PATH');
    const format = (values.format ?? 'md') as NoteFormat;
    if (!['md', 'text', 'html'].includes(format)) throw new UsageError('--format must be md, text or html');
    const rendered = await lattice.call('notes.render', { ...noteRef(target, io.cwd), format });
    print(rendered, () => rendered.content);
    return 0;
  }
  if (verb === 'notes' && sub === 'rename') {
    const [target, ...words] = rest;
    const id = Number(target);
    if (!target || !Number.isInteger(id) || id <= 0) throw new UsageError('notes rename takes a note ID, then the new title');
    const renamed = await lattice.call('notes.rename', { id, title: words.join(' ') });
    print({ id: renamed.id, title: renamed.title }, () => `${renamed.id}  ${renamed.title}`);
    return 0;
  }
  if (verb === 'annotations' && (sub === 'export' || sub === 'import')) {
    const [file, extra] = rest;
    if (!file || extra) throw new UsageError(`annotations ${sub} takes one FILE`);
    const path = resolve(io.cwd, file);
    if (sub === 'export') {
      const result = await lattice.call('annotations.export', {});
      writeFileSync(path, `${JSON.stringify(result.document, null, 2)}\n`, 'utf8');
      print({ count: result.count, path }, () => `${result.count} annotation${result.count === 1 ? '' : 's'} written to ${path}`);
      return 0;
    }
    const report = await lattice.call('annotations.import', { document: readJsonFile(path) });
    print(report, () =>
      [
        `${report.imported} imported, ${report.updated} updated, ${report.orphaned} orphaned (their text was not found), ${report.skipped.length} skipped`,
        ...report.skipped.map((s) => `  skipped ${s.id}: ${s.reason}`),
      ].join('\n'),
    );
    return report.skipped.length > 0 ? 1 : 0;
  }
  if (verb === 'concepts') return runConcepts(lattice, sub, rest, values, print, io);
  if (verb === 'sheets') {
    const usage = (message: string): Error => new UsageError(message);
    return runSheets(lattice, {
      sub,
      rest,
      format: values.format,
      out: values.out,
      isJson: values.json,
      cwd: io.cwd,
      stdout: io.stdout,
      usage,
    });
  }
  if (verb === 'search') {
    const words = [sub, ...rest].filter((w): w is string => w !== undefined);
    return runSearch(lattice, {
      words,
      limit: values.limit,
      isJson: values.json,
      isTTY: io.isTTY,
      stdout: io.stdout,
      usage: (message) => new UsageError(message),
    });
  }
  if (verb === 'drills') {
    return runDrills(lattice, {
      sub,
      rest,
      isJson: values.json,
      note: values.note,
      stdout: io.stdout,
      usage: (message) => new UsageError(message),
    });
  }
  if (verb === 'anki') {
    return runAnki(lattice, {
      sub,
      rest,
      isJson: values.json,
      note: values.note,
      library: values.library,
      tag: values.tag,
      concept: values.concept,
      isWithHistory: values.history,
      out: values.out,
      cwd: io.cwd,
      stdout: io.stdout,
      usage: (message) => new UsageError(message),
    });
  }
  if (verb === 'stats') {
    if (sub) throw new UsageError(`unexpected argument: ${sub}`);
    const stats = await lattice.call('stats.get', {});
    print(stats, () => formatStats(stats));
    return 0;
  }
  throw new UsageError(verb ? `unknown command: ${[verb, sub].filter(Boolean).join(' ')}` : 'no command given');
}

async function runConcepts(
  lattice: Lattice,
  sub: string | undefined,
  rest: string[],
  values: ReturnType<typeof parse>['values'],
  print: (data: unknown, human: () => string) => void,
  io: CliIo,
): Promise<number> {
  if (sub === 'list') {
    if (rest.length) throw new UsageError(`unexpected argument: ${rest[0] ?? ''}`);
    const concepts = await lattice.call('concepts.list', {});
    print(concepts, () => formatConceptList(concepts));
    return 0;
  }
  if (sub === 'show' || sub === 'map') {
    const [name, extra] = rest;
    if (!name || extra) throw new UsageError(`concepts ${sub} takes one NAME`);
    if (sub === 'show') {
      const concept = await lattice.call('concepts.get', { name });
      print(concept, () => formatConcept(concept));
      return 0;
    }
    const depth = values.depth === undefined ? 1 : Number(values.depth);
    if (depth !== 1 && depth !== 2) throw new UsageError('--depth must be 1 or 2');
    const map = await lattice.call('concepts.map', { name, depth });
    io.stdout(map.mermaid);
    return 0;
  }
  if (sub === 'path') {
    const [from, to, extra] = rest;
    if (!from || !to || extra) throw new UsageError('concepts path takes FROM and TO');
    try {
      const path = await lattice.call('concepts.path', { from, to });
      print(path, () => formatConceptPath(path));
      return 0;
    } catch (error) {
      if (error instanceof ApiFailure && error.type === 'NotFound') {
        io.stderr(`lattice: ${error.message}`);
        return 1;
      }
      throw error;
    }
  }
  throw new UsageError(`unknown command: concepts ${sub ?? ''}`.trim());
}

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let lattice: Lattice | undefined;
  try {
    const { values, positionals } = parse(argv);
    if (values.help || positionals[0] === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('no command given');
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    if (positionals[0] === 'serve') {
      if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1] ?? ''}`);
      // serve owns its Lattice: it stays open until a signal, with events going to the host.
      return await serve({ dataDir, port: parsePort(values.port), isOpeningBrowser: !values['no-open'] }, io);
    }
    // Loaded on demand: `serve` starts listening before the store and the pipeline load.
    const { openLattice } = await import('../app.js');
    lattice = openLattice({
      dataDir,
      emit: (event, payload) => {
        if (event !== 'import.progress' || !io.isTTY || values.json) return;
        const progress = payload as ImportProgress;
        if (progress.phase === 'importing') {
          process.stderr.write(`\rimporting ${progress.done}/${progress.total}${progress.done === progress.total ? '\n' : ''}`);
        }
      },
    });
    // A store whose concepts are derived again under new rules answers after that, not halfway through.
    await lattice.idle();
    return await run(lattice, positionals, values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lattice: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ApiFailure) {
      io.stderr(`lattice: ${error.message}`);
      return error.type === 'Invalid' ? 2 : 1;
    }
    io.stderr(`lattice: ${(error as Error).message}`);
    return 1;
  } finally {
    // The concept index an import started in the background is finished before the store closes.
    await lattice?.idle().catch(() => undefined);
    lattice?.close();
  }
}
