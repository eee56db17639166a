/**
 * KaTeX's options, the same wherever a formula is typeset: the reader
 * (renderer/src/reader/typeset.ts) and the pipeline's HTML for exports
 * (main/markdown/pipeline.ts). Process-neutral: plain data.
 *
 * SECURITY: trust:false refuses \href, \url, \includegraphics and \html*;
 * maxExpand bounds macro bombs. Errors render inline as red source text.
 */
export const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: false,
  output: 'htmlAndMathml',
  maxExpand: 1000,
  maxSize: 50,
} as const;
