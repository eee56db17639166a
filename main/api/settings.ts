import { z } from 'zod';
import { LOCALES } from '../../common/i18n/format.js';
import type { Locale } from '../../common/i18n/format.js';
import type { AppContext } from './context.js';
import type { DomainHandlers } from './handler.js';

/**
 * The language Lattice speaks, as the person chose it in Settings. The
 * renderer owns the choice (it may follow the system); it tells the main
 * process whenever the language it shows changes, and everything the main
 * process words for a person — the desktop menu and dialogs, concept maps,
 * sheets and their exports — follows it.
 */

const LANGUAGE_SETTING = 'ui.language';

/** The language last chosen in the app, if one ever was. */
export function storedLanguage(ctx: Pick<AppContext, 'settings'>): Locale | undefined {
  const stored = ctx.settings.get(LANGUAGE_SETTING);
  return stored === 'en' || stored === 'zh' ? stored : undefined;
}

/**
 * The language last chosen in the app. Before any window has said one (the
 * command line on a data directory the app never opened): English, the
 * language of the command line's own words — and the same on every machine,
 * whatever its locale.
 */
export function chosenLanguage(ctx: Pick<AppContext, 'settings'>): Locale {
  return storedLanguage(ctx) ?? 'en';
}

export function settingsHandlers(ctx: AppContext): DomainHandlers<'settings.setLanguage'> {
  return {
    'settings.setLanguage': {
      schema: z.strictObject({ language: z.enum(LOCALES as [Locale, ...Locale[]]) }),
      run: ({ language }) => {
        const previous = ctx.settings.get(LANGUAGE_SETTING);
        ctx.settings.set(LANGUAGE_SETTING, language);
        if (previous !== language) ctx.platform.languageChanged?.(language);
        return { language };
      },
    },
  };
}
