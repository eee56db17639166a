import { expect, test } from './fixtures.js';
import { lowContrastControls } from './contrast.js';
import type { LowContrast } from './contrast.js';
import { chooseTheme, SCREENS, shoot } from './screens.js';

/**
 * WCAG AA for every control on every screen, in both themes: the text of each
 * visible button, field, select and button-like link has a contrast of at
 * least 4.5:1 against what is behind it, computed from the page's own styles.
 */
for (const theme of ['light', 'dark'] as const) {
  test(`every control on every screen reads at 4.5:1 or better in the ${theme} theme`, async ({ lattice }) => {
    test.setTimeout(180_000);
    const { page } = lattice;
    await page.setViewportSize({ width: 1280, height: 800 });
    await chooseTheme(page, theme);
    const offenders: (LowContrast & { screen: string })[] = [];
    for (const screen of SCREENS) {
      await screen.open(page);
      await shoot(page, `${screen.name}-${theme}-1280x800`);
      for (const found of await lowContrastControls(page)) offenders.push({ screen: screen.name, ...found });
    }
    const lines = offenders.map((o) => `${o.screen}: ${o.control} “${o.text}” ${o.ratio}:1 (${o.color} on ${o.background})`);
    expect(lines, 'controls whose text is below 4.5:1').toEqual([]);
  });
}
