/**
 * SECURITY: the same KaTeX options as main/markdown/pipeline.ts
 * (KATEX_OPTIONS) — trust:false refuses \href, \url, \includegraphics and
 * \html*; maxExpand bounds macro bombs. A unit test keeps the two equal.
 */
export const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: false,
  output: 'htmlAndMathml',
  maxExpand: 1000,
  maxSize: 50,
} as const;
