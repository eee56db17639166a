/**
 * How large a Mermaid diagram an export draws. Mermaid's layout grows faster
 * than the diagram (a 20,000-line flowchart kept a PDF export busy past its
 * 61 s timeout), Mermaid itself refuses sources over 50,000 characters
 * (its maxTextSize) and more than 500 edges, and a diagram of a thousand lines
 * is unreadable on a page anyway. Diagrams in real notes are tens of lines.
 * A larger one is printed as a placeholder giving its size.
 */
export const MAX_DIAGRAM_LINES = 1_000;
export const MAX_DIAGRAM_CHARS = 50_000;

/** Lines in a diagram's source, counted without splitting it. */
function lineCount(source: string): number {
  let lines = source.length > 0 && !source.endsWith('\n') ? 1 : 0;
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) lines++;
  return lines;
}

export interface DiagramSize {
  lines: number;
  chars: number;
  isTooLarge: boolean;
}

export function diagramSize(source: string): DiagramSize {
  const lines = lineCount(source);
  return { lines, chars: source.length, isTooLarge: lines > MAX_DIAGRAM_LINES || source.length > MAX_DIAGRAM_CHARS };
}
