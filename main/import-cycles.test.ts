import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * No module of main/, db/ or common/ may reach itself through its imports,
 * type-only imports included: a cycle, even of types, ties two modules so
 * neither can be read, moved or tested without the other. Dynamic
 * `import()` is left out: it is how a module defers loading another on
 * purpose (the CLI loads the app only when a command needs it).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['main', 'db', 'common'];

/** The relative modules a file imports or re-exports statically (type-only ones too). */
function staticImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers.filter((specifier) => specifier.startsWith('.'));
}

/** The file a relative specifier names, among `files` (`./x.js` is `./x.ts` in the sources). */
function resolveSpecifier(from: string, specifier: string, files: ReadonlyMap<string, string>): string | undefined {
  const base = join(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => files.has(candidate));
}

/**
 * Every cycle of the import graph over `files` (path → source text), each
 * once, as the list of paths it goes through. Depth-first, marking a module
 * done once all it reaches has been walked, so each module is walked once.
 */
export function findImportCycles(files: ReadonlyMap<string, string>): string[][] {
  const edges = new Map<string, string[]>();
  for (const [path, text] of files) {
    edges.set(
      path,
      staticImports(path, text)
        .map((specifier) => resolveSpecifier(path, specifier, files))
        .filter((target): target is string => target !== undefined),
    );
  }
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const onPathSet = new Set<string>();
  const visit = (path: string): void => {
    onPath.push(path);
    onPathSet.add(path);
    for (const target of edges.get(path) ?? []) {
      if (onPathSet.has(target)) cycles.push([...onPath.slice(onPath.indexOf(target)), target]);
      else if (!done.has(target)) visit(target);
    }
    onPath.pop();
    onPathSet.delete(path);
    done.add(path);
  };
  for (const path of [...files.keys()].sort()) if (!done.has(path)) visit(path);
  return cycles;
}

function sourcesUnder(folder: string, into: Map<string, string>): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') sourcesUnder(path, into);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      into.set(relative(ROOT, path), readFileSync(path, 'utf8'));
    }
  }
}

describe('import cycles', () => {
  it('finds a cycle of type-only imports, and the modules it goes through', () => {
    const files = new Map([
      ['cli/main.ts', "import type { Io } from './serve.js';\nexport interface Options { io: Io }"],
      ['cli/serve.ts', "import type { Options } from './main.js';\nexport interface Io { options?: Options }"],
      ['cli/format.ts', "import type { Options } from './main.js';\nexport const lazy = () => import('./format.js');"],
    ]);
    expect(findImportCycles(files)).toEqual([['cli/main.ts', 'cli/serve.ts', 'cli/main.ts']]);
  });

  it('follows re-exports and index files, and leaves dynamic import() out', () => {
    const files = new Map([
      ['a/index.ts', "export * from './b.js';"],
      ['a/b.ts', "export { c } from '../c.js';"],
      ['c.ts', "import { b } from './a';\nexport const c = 1;"],
      ['d.ts', "export const load = () => import('./e.js');"],
      ['e.ts', "import { load } from './d.js';\nexport const e = load;"],
    ]);
    expect(findImportCycles(files)).toEqual([['a/b.ts', 'c.ts', 'a/index.ts', 'a/b.ts']]);
  });

  it('main/, db/ and common/ import one another without a cycle', () => {
    const files = new Map<string, string>();
    for (const folder of FOLDERS) if (existsSync(join(ROOT, folder))) sourcesUnder(join(ROOT, folder), files);
    expect(files.size).toBeGreaterThan(100);
    expect(findImportCycles(files)).toEqual([]);
  });
});
