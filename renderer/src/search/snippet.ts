import DOMPurify from 'dompurify';

/**
 * SECURITY: snippets come from the main process escaped, with <mark> around
 * the matched terms. They pass here too before {@html}: nothing but text and
 * <mark> survives, whatever a note holds.
 */
export function sanitizeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] });
}
