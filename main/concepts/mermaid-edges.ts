/**
 * Edges of a Mermaid flowchart, read as text: the importer never runs
 * Mermaid. Only `graph` / `flowchart` diagrams have edges; statements that
 * draw nothing (click, style, classDef, class, linkStyle, subgraph, end,
 * direction, %% comments) are skipped. A statement that cannot be read is
 * reported in `problems` and the rest of the diagram still counts.
 */

export interface MermaidEdge {
  /** Node texts (the label, or the id when a node has no label). */
  from: string;
  to: string;
  /** The text on the arrow ('' when none). */
  label: string;
}

export interface MermaidEdges {
  isFlowchart: boolean;
  edges: MermaidEdge[];
  problems: string[];
}

const SKIPPED = /^(click|style|classDef|class|linkStyle|subgraph|end|direction|accTitle|accDescr)\b/;
const HEADER = /^(graph|flowchart)\b/i;
const NODE_ID = /^[\p{L}\p{N}_]+(?:-(?![-.>=])[\p{L}\p{N}_]+)*/u;
/** Node shapes, longest opener first, with the closers each may end with. */
const SHAPES: [string, string[]][] = [
  ['(((', [')))']],
  ['((', ['))']],
  ['([', ['])']],
  ['[(', [')]']],
  ['[[', [']]']],
  ['{{', ['}}']],
  ['[/', ['/]', '\\]']],
  ['[\\', ['\\]', '/]']],
  ['(', [')']],
  ['[', [']']],
  ['{', ['}']],
  ['>', [']']],
];
/** An arrow with no text in it, then an optional `|label|`. */
const PLAIN_ARROW = /^(?:<-->|<==>|-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-|--[ox]|==[ox]|~~~)(?:\s*\|([^|]*)\|)?/;
/** An arrow with its text inside: `-- text -->`, `== text ==>`, `-. text .->`. */
const TEXT_ARROW = /^(?:--|==|-\.)\s+([^|]*?)\s*(?:-{2,}>|-{3,}|={2,}>|={3,}|\.-+>|\.-+)/;

interface Cursor {
  text: string;
  at: number;
}

function skipSpace(c: Cursor): void {
  while (c.at < c.text.length && /\s/.test(c.text[c.at] ?? '')) c.at++;
}

/** Mermaid markup inside a label (line breaks, quotes) as plain text. */
function cleanLabel(raw: string): string {
  return raw
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/^"(.*)"$/s, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads `id` plus an optional shaped label; undefined when no node starts here. */
function readNode(c: Cursor, labels: Map<string, string>): string | undefined {
  skipSpace(c);
  const id = NODE_ID.exec(c.text.slice(c.at))?.[0];
  if (!id) return undefined;
  c.at += id.length;
  const rest = c.text.slice(c.at);
  const shape = SHAPES.find(([open]) => rest.startsWith(open));
  if (shape) {
    const [open, closers] = shape;
    const from = c.at + open.length;
    if (c.text[from] === '"') {
      const quoteEnd = c.text.indexOf('"', from + 1);
      if (quoteEnd < 0) throw new Error(`unclosed quote in node ${id}`);
      const after = c.text.slice(quoteEnd + 1);
      const closer = closers.find((cl) => after.startsWith(cl));
      if (!closer) throw new Error(`node ${id} is not closed`);
      labels.set(id, cleanLabel(c.text.slice(from + 1, quoteEnd)));
      c.at = quoteEnd + 1 + closer.length;
      return id;
    }
    const found = closers
      .map((cl) => ({ cl, at: c.text.indexOf(cl, from) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (!found) throw new Error(`node ${id} is not closed`);
    labels.set(id, cleanLabel(c.text.slice(from, found.at)));
    c.at = found.at + found.cl.length;
  }
  return id;
}

/** `A & B`: one or more nodes joined by ampersands. */
function readNodeGroup(c: Cursor, labels: Map<string, string>): string[] | undefined {
  const first = readNode(c, labels);
  if (first === undefined) return undefined;
  const group = [first];
  for (;;) {
    skipSpace(c);
    if (c.text[c.at] !== '&') return group;
    c.at++;
    const next = readNode(c, labels);
    if (next === undefined) throw new Error('a node is missing after &');
    group.push(next);
  }
}

function readArrow(c: Cursor): { label: string; isInvisible: boolean } | undefined {
  skipSpace(c);
  const rest = c.text.slice(c.at);
  const plain = PLAIN_ARROW.exec(rest);
  if (plain) {
    c.at += plain[0].length;
    return { label: cleanLabel(plain[1] ?? ''), isInvisible: plain[0].startsWith('~~~') };
  }
  const withText = TEXT_ARROW.exec(rest);
  if (withText) {
    c.at += withText[0].length;
    return { label: cleanLabel(withText[1] ?? ''), isInvisible: false };
  }
  return undefined;
}

/** Splits the body into statements: lines, and `;` outside labels. */
function statements(source: string): string[] {
  const out: string[] = [];
  for (const line of source.split('\n')) {
    let depth = 0;
    let inQuote = false;
    let start = 0;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"') inQuote = !inQuote;
      else if (!inQuote && (ch === '[' || ch === '(' || ch === '{')) depth++;
      else if (!inQuote && (ch === ']' || ch === ')' || ch === '}')) depth = Math.max(0, depth - 1);
      else if (ch === ';' && !inQuote && depth === 0) {
        out.push(line.slice(start, i));
        start = i + 1;
      }
    }
    out.push(line.slice(start));
  }
  return out.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('%%'));
}

/** Every edge of a flowchart, chains and `&` groups expanded, labels resolved. */
export function parseMermaidEdges(source: string): MermaidEdges {
  const all = statements(source);
  const header = all[0];
  if (header === undefined || !HEADER.test(header)) return { isFlowchart: false, edges: [], problems: [] };
  const labels = new Map<string, string>();
  const raw: { from: string; to: string; label: string }[] = [];
  const problems: string[] = [];
  for (const statement of all.slice(1)) {
    if (SKIPPED.test(statement)) continue;
    const c: Cursor = { text: statement, at: 0 };
    try {
      let left = readNodeGroup(c, labels);
      if (left === undefined) throw new Error('no node here');
      for (;;) {
        skipSpace(c);
        if (c.at >= c.text.length) break;
        const arrow = readArrow(c);
        if (!arrow) throw new Error(`cannot read "${c.text.slice(c.at, c.at + 20)}"`);
        const right = readNodeGroup(c, labels);
        if (right === undefined) throw new Error('an arrow leads nowhere');
        if (!arrow.isInvisible) for (const from of left) for (const to of right) raw.push({ from, to, label: arrow.label });
        left = right;
      }
    } catch (error) {
      problems.push(`${(error as Error).message}: ${statement.slice(0, 80)}`);
    }
  }
  const text = (id: string): string => labels.get(id) || id;
  return { isFlowchart: true, edges: raw.map((e) => ({ from: text(e.from), to: text(e.to), label: e.label })), problems };
}
