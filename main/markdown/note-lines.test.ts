import { describe, expect, it } from 'vitest';
import { normalizeEnumerations } from './enumerations.js';
import { fileLinesOf, isBlankLine, lineOf, writtenLines } from './note-lines.js';

/** The line numbering as the finder first wrote it (line arrays and slices): the one-scan version must agree with it. */
function countLines(text: string): number {
  return text.split('\n').length - 1;
}

function writtenLinesBySlices(body: string, normalizedBody: string): number[] {
  const written = body.split('\n');
  const parsed = normalizedBody.split('\n');
  const map: number[] = [];
  let w = 0;
  for (const line of parsed) {
    map.push(Math.min(w, written.length - 1));
    const isInserted = line === '' && w < written.length && (written[w] ?? '').trim() !== '';
    if (!isInserted) w++;
  }
  map.push(written.length);
  return map;
}

function expectSameLines(source: string, body: string, normalizedBody: string): void {
  const lines = fileLinesOf(source, body);
  const oldMap = writtenLinesBySlices(body, normalizedBody);
  const oldFront = source.endsWith(body) ? countLines(source.slice(0, source.length - body.length)) : 0;
  const map = writtenLines(body, normalizedBody, lines);
  const label = JSON.stringify({ source, body, normalizedBody });
  expect(lines.frontLines, label).toBe(oldFront);
  expect(map, label).toEqual(oldMap);
  const fileLines = source.split('\n');
  for (let n = 0; n <= fileLines.length + 1; n++) {
    const line = n >= 1 ? (fileLines[n - 1] ?? '') : '';
    expect(lineOf(source, lines, n), `${label} line ${n}`).toBe(line);
    expect(isBlankLine(source, lines, n), `${label} line ${n}`).toBe(line.trim() === '');
  }
}

describe('note lines', () => {
  it('number the lines of a note with front matter, inserted blank lines and Unicode spaces', () => {
    const body = '1.预训练\n\t1.增加数据多样性\n2、微调\n\u3000\n- a\n\n问：为什么？\n';
    expectSameLines(`---\ntitle: x\n---\n${body}`, body, normalizeEnumerations(body));
    expectSameLines(body, body, normalizeEnumerations(body));
    expectSameLines('', '', '');
    expectSameLines('\n', '\n', '\n');
    // A body that does not begin a line of the file, and one that is not the end of it.
    expectSameLines('---\na: 1\n---x\ny', 'x\ny', 'x\n\ny');
    expectSameLines('x\ny\nz', 'x\ny', '\nx\ny');
  });

  it('agree with the line arrays on random notes', () => {
    const pieces = [
      '',
      ' ',
      '\u3000',
      '\u00a0\ufeff',
      '1.预训练',
      '\t1.增加',
      '11、如何优化rag',
      '- a',
      '  - b',
      '```',
      '# 标题',
      'text',
      '𝑥',
    ];
    const heads = ['', '---\ntitle: t\n---\n', '---\ntitle: t\n---', '\n\n'];
    let seed = 5;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 400; n++) {
      const count = Math.floor(next() * 14);
      const body = Array.from({ length: count }, () => pieces[Math.floor(next() * pieces.length)]).join('\n');
      const head = heads[Math.floor(next() * heads.length)] ?? '';
      expectSameLines(head + body, body, normalizeEnumerations(body));
    }
  });
});
