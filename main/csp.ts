/**
 * SECURITY: the Content-Security-Policy for Lattice's pages, sent as a header
 * by both the desktop app's protocol handler and the browser host. Scripts
 * only from the app itself; no network but the app's own origin (notes never
 * make requests: remote images are placeholders); inline styles are allowed
 * because KaTeX and Mermaid's SVG use style attributes. No frames, plugins,
 * forms or base-URI tricks.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "worker-src 'self' blob:",
].join('; ');

/** Headers for every page and asset Lattice serves. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
