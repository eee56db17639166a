import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Lattice } from '../app.js';
import type { SheetExportFormat } from '../api/contract.js';

/** `lattice sheets …`: list the cheat sheets, export one to Markdown, HTML or PDF. */

export interface SheetsCommand {
  sub: string | undefined;
  rest: string[];
  format: string | undefined;
  out: string | undefined;
  isJson: boolean;
  cwd: string;
  stdout: (text: string) => void;
  /** Makes the error the CLI reports as bad usage (exit 2). */
  usage: (message: string) => Error;
}

export async function runSheets(lattice: Lattice, command: SheetsCommand): Promise<number> {
  const { sub, rest, usage } = command;
  if (sub === 'list') {
    if (rest.length) throw usage(`unexpected argument: ${rest[0] ?? ''}`);
    const sheets = await lattice.call('sheets.list', {});
    const rows = sheets.map((s) => ({ id: s.id, title: s.title, items: s.items }));
    command.stdout(
      command.isJson
        ? JSON.stringify(rows, null, 2)
        : rows.length
          ? rows.map((s) => `${String(s.id).padStart(4)}  ${s.title}  (${s.items} item${s.items === 1 ? '' : 's'})`).join('\n')
          : 'no sheets yet',
    );
    return 0;
  }
  if (sub === 'export') {
    const [target, extra] = rest;
    if (!target || extra || !/^\d+$/.test(target)) throw usage('sheets export takes one sheet ID');
    const format = (command.format ?? 'html') as SheetExportFormat;
    if (!['md', 'html', 'pdf'].includes(format)) throw usage('--format must be md, html or pdf');
    if (!command.out) throw usage('sheets export needs --out FILE');
    const path = resolve(command.cwd, command.out);
    const result = await lattice.call('sheets.export', { id: Number(target), format });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(result.content, result.encoding === 'base64' ? 'base64' : 'utf8'));
    const note = result.undrawnDiagrams
      ? ` (${result.undrawnDiagrams} diagram${result.undrawnDiagrams === 1 ? '' : 's'} left as Mermaid source: no Chromium to draw them)`
      : '';
    command.stdout(
      command.isJson
        ? JSON.stringify({ path, format, bytes: result.bytes, undrawnDiagrams: result.undrawnDiagrams }, null, 2)
        : `${format.toUpperCase()} written to ${path} (${result.bytes} bytes)${note}`,
    );
    return 0;
  }
  throw usage(`unknown command: sheets ${sub ?? ''}`.trim());
}
