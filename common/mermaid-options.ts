/**
 * Mermaid's settings, the same wherever a diagram is drawn: the renderer (notes,
 * concept maps, the sheet preview) and the headless Chromium that draws a
 * sheet's diagrams for its exports. Process-neutral: plain data.
 */

/**
 * An edge label sits on its edge; Mermaid's own label background is 50%
 * transparent, so the line shows through the words and strikes them out.
 * The label gets an opaque background in the colour of what the diagram is
 * drawn on: `--diagram-bg`, which each place that shows diagrams sets (the
 * reader's page, a map's panel, the sheet's paper), white where nothing sets
 * it (an exported file).
 */
const EDGE_LABEL_CSS = `
.edgeLabel rect, .edgeLabel .background, .labelBkg { opacity: 1 !important; fill: var(--diagram-bg, #fff) !important; background-color: var(--diagram-bg, #fff) !important; }
.edgeLabel { background-color: var(--diagram-bg, #fff) !important; }
`;

/** Options for `mermaid.initialize`. SECURITY: strict security level (no click directives) and plain-text labels, never HTML. */
export function mermaidOptions(isDark: boolean, fontFamily?: string) {
  return {
    startOnLoad: false,
    securityLevel: 'strict' as const,
    theme: isDark ? ('dark' as const) : ('default' as const),
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    themeCSS: EDGE_LABEL_CSS,
    ...(fontFamily ? { fontFamily } : {}),
  };
}
