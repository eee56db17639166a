import type { MessageKey } from '../i18n/messages.js';

/**
 * How a failed call is worded for the person, chosen by the API error's
 * `type` (main/api/errors.ts): NotFound means what they pointed at has gone,
 * Invalid means what they asked for cannot be done as asked, Internal is a
 * bug whose message carries the reference to quote from the log. Anything
 * that is not an API error (the host unreachable, a script error) is said as
 * such. Kept apart from the component so it can be tested without a DOM.
 */
export interface ErrorWords {
  key: MessageKey;
  detail: string;
}

const KEY_BY_TYPE: Record<string, MessageKey> = {
  NotFound: 'notice.error.notFound',
  Invalid: 'notice.error.invalid',
  Internal: 'notice.error.internal',
};

function typeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  const type = (error as { type: unknown }).type;
  return typeof type === 'string' ? type : null;
}

export function errorWords(error: unknown): ErrorWords {
  const detail = error instanceof Error ? error.message : String(error);
  const type = typeOf(error);
  const key = type !== null ? KEY_BY_TYPE[type] : undefined;
  return { key: key ?? 'notice.error.unexpected', detail };
}
