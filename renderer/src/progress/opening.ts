import { client } from '../api/client.js';
import { router } from '../state/router.svelte.js';

/**
 * Read when the app's first bundle loads, before anything navigates: the app
 * was opened on no place in particular (the library's `#/`, which is also
 * where the host's `#token=…` link lands), not on a deep link a person or
 * another app asked for.
 */
const isPlainOpening = location.hash === '' || location.hash === '#/';
/** Once per window: a reload, or coming back to the library, never bounces the person to the dashboard again. */
const SHOWN_KEY = 'lattice.progressShownFirst';

/**
 * On opening, when reviews of cards already studied are due, the progress
 * dashboard is the first thing shown (what is due, what is weak); a deep link
 * is left alone, and so is a library with nothing studied yet (new cards
 * alone are no reason to leave the library someone has just opened).
 */
export async function showProgressFirstIfDue(): Promise<void> {
  if (!isPlainOpening || sessionStorage.getItem(SHOWN_KEY) !== null) return;
  sessionStorage.setItem(SHOWN_KEY, '1');
  try {
    const { dueToday } = await client.call('drills.stats', {});
    // The person may have gone somewhere while the count was on its way: leave them there.
    const isStillOnLibrary = location.hash === '' || location.hash === '#/';
    if (dueToday.learning + dueToday.review > 0 && isStillOnLibrary) router.go('#/progress');
  } catch {
    // a hint, not a duty: the library stays
  }
}
