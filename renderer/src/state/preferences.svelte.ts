import { formatMessage, localeOf } from '../../../common/i18n/format.js';
import type { MessageValues } from '../../../common/i18n/format.js';
import { messageOf } from '../i18n/messages.js';
import type { Locale, MessageKey } from '../i18n/messages.js';
import { readPersisted, writePersisted } from './persisted.js';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type LocaleChoice = Locale | 'system';

const isTheme = (v: unknown): v is ThemeChoice => v === 'light' || v === 'dark' || v === 'system';
const isLocale = (v: unknown): v is LocaleChoice => v === 'en' || v === 'zh' || v === 'system';
const isFontSize = (v: unknown): v is number => typeof v === 'number' && v >= 12 && v <= 28;

function systemLocale(): Locale {
  return localeOf(navigator.language);
}

/** Theme, language and reading font size: remembered across launches, applied to <html>. */
class Preferences {
  #theme = $state<ThemeChoice>(readPersisted('lattice.theme', 'system', isTheme));
  #locale = $state<LocaleChoice>(readPersisted('lattice.locale', 'system', isLocale));
  #fontSize = $state<number>(readPersisted('lattice.fontSize', 17, isFontSize));
  #isLinkingConcepts = $state<boolean>(readPersisted('lattice.conceptLinks', true, (v): v is boolean => typeof v === 'boolean'));
  #systemDark = $state(matchMedia('(prefers-color-scheme: dark)').matches);

  constructor() {
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (this.#systemDark = e.matches));
  }

  get theme(): ThemeChoice {
    return this.#theme;
  }
  set theme(value: ThemeChoice) {
    this.#theme = value;
    writePersisted('lattice.theme', value);
  }

  /** The theme actually shown. */
  get isDark(): boolean {
    return this.#theme === 'dark' || (this.#theme === 'system' && this.#systemDark);
  }

  get localeChoice(): LocaleChoice {
    return this.#locale;
  }
  set localeChoice(value: LocaleChoice) {
    this.#locale = value;
    writePersisted('lattice.locale', value);
  }

  get locale(): Locale {
    return this.#locale === 'system' ? systemLocale() : this.#locale;
  }

  get fontSize(): number {
    return this.#fontSize;
  }
  set fontSize(value: number) {
    this.#fontSize = Math.min(28, Math.max(12, Math.round(value)));
    writePersisted('lattice.fontSize', this.#fontSize);
  }

  /** Whether concept names in notes are underlined as links to their pages. */
  get isLinkingConcepts(): boolean {
    return this.#isLinkingConcepts;
  }
  set isLinkingConcepts(value: boolean) {
    this.#isLinkingConcepts = value;
    writePersisted('lattice.conceptLinks', value);
  }

  /** A UI string in the current language, placeholders and plurals filled (common/i18n/format.ts). */
  t = (key: MessageKey, values: MessageValues = {}): string => formatMessage(this.locale, messageOf(this.locale, key), values);
}

export const preferences = new Preferences();
