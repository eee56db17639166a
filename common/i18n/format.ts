/**
 * The one way Lattice turns a message into words, in the renderer and in the
 * main process alike (menus, dialogs, sheet exports). Process-neutral: no DOM,
 * no Node, no Electron — only the language and `Intl`.
 *
 * A message is a string with placeholders:
 * - `{name}` is replaced by `values.name`;
 * - `{n, plural, one {# note} other {# notes}}` picks the form that
 *   `Intl.PluralRules` names for `values.n` in the language (`=0 {…}` matches
 *   one number exactly), and `#` inside it is that number.
 * Chinese has no plural forms, so its messages just say `{n} 条笔记`.
 */

export type Locale = 'en' | 'zh';

export const LOCALES: readonly Locale[] = ['en', 'zh'];

/** The language Lattice speaks for a BCP 47 tag (a browser's, an OS's, `LANG`): Chinese for any zh-*, English otherwise. */
export function localeOf(tag: string | null | undefined): Locale {
  return (tag ?? '').trim().toLowerCase().replace('_', '-').startsWith('zh') ? 'zh' : 'en';
}

export const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'zh';

export type MessageValues = Record<string, string | number>;

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale === 'zh' ? 'zh-CN' : 'en-US');
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const PLURAL_HEAD = /^\s*(\w+)\s*,\s*plural\s*,/;
const SELECTOR = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y;

/** The `selector {text}` pairs of a plural's body. */
function pluralOptions(body: string): Map<string, string> {
  const options = new Map<string, string>();
  let at = 0;
  for (;;) {
    SELECTOR.lastIndex = at;
    const match = SELECTOR.exec(body);
    if (!match?.[1]) break;
    const open = SELECTOR.lastIndex - 1;
    const close = closingBrace(body, open);
    if (close === -1) break;
    options.set(match[1], body.slice(open + 1, close));
    at = close + 1;
  }
  return options;
}

/** Fills a message's placeholders and plurals for `locale`. Unknown placeholders stay as written, so a slip shows. */
export function formatMessage(locale: Locale, message: string, values: MessageValues = {}, hash?: number): string {
  let out = '';
  let at = 0;
  while (at < message.length) {
    const open = message.indexOf('{', at);
    if (open === -1) break;
    const close = closingBrace(message, open);
    if (close === -1) break;
    out += hash === undefined ? message.slice(at, open) : message.slice(at, open).replaceAll('#', String(hash));
    const inner = message.slice(open + 1, close);
    const plural = PLURAL_HEAD.exec(inner);
    if (plural?.[1]) {
      const count = Number(values[plural[1]]);
      const options = pluralOptions(inner.slice(plural[0].length));
      const chosen =
        options.get(`=${count}`) ??
        options.get(Number.isFinite(count) ? pluralCategory(locale, count) : 'other') ??
        options.get('other') ??
        '';
      out += formatMessage(locale, chosen, values, Number.isFinite(count) ? count : undefined);
    } else {
      const name = inner.trim();
      out += name in values ? String(values[name]) : `{${inner}}`;
    }
    at = close + 1;
  }
  const rest = message.slice(at);
  return out + (hash === undefined ? rest : rest.replaceAll('#', String(hash)));
}

/** The placeholder names a message uses (plural counts included), for checking that translations agree. */
export function placeholders(message: string): string[] {
  const names = new Set<string>();
  for (let at = message.indexOf('{'); at !== -1; at = message.indexOf('{', at + 1)) {
    const close = closingBrace(message, at);
    if (close === -1) break;
    const inner = message.slice(at + 1, close);
    const plural = PLURAL_HEAD.exec(inner);
    if (plural?.[1]) {
      names.add(plural[1]);
      for (const text of pluralOptions(inner.slice(plural[0].length)).values()) for (const name of placeholders(text)) names.add(name);
    } else {
      names.add(inner.trim());
    }
    at = close;
  }
  return [...names].sort();
}
