import type { SharedMessageKey } from './i18n/messages.js';

/**
 * Why a local image shows as a placeholder (the `data-problem` codes the
 * Markdown pipeline writes: main/markdown/local-images.ts), as the
 * words both the reader and the sheet exports show.
 */
const KEYS: Record<string, SharedMessageKey> = {
  outside: 'image.outside',
  missing: 'image.missing',
  'not-image': 'image.notImage',
  'too-large': 'image.tooLarge',
  unreadable: 'image.unreadable',
};

/** The message key for a placeholder's reason; an unknown code reads as "not found". */
export function imageProblemKey(code: string): SharedMessageKey {
  return KEYS[code] ?? 'image.missing';
}

/** Every reason code, for the exports' style sheet. */
export const IMAGE_PROBLEMS = Object.keys(KEYS);
