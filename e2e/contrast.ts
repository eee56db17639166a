import type { Page } from '@playwright/test';

/** A control whose text is too faint against what is behind it. */
export interface LowContrast {
  control: string;
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * Every visible control (buttons, text inputs, selects, text areas, links
 * styled as buttons) whose text — or placeholder, while it shows — has a
 * contrast ratio below `minimum` against its background, computed from the
 * computed styles: transparent and translucent backgrounds are composited
 * through the ancestors down to the page, and opacity dims both. Disabled
 * controls are left out, as WCAG leaves them out.
 */
export function lowContrastControls(page: Page, minimum = 4.5): Promise<LowContrast[]> {
  return page.evaluate((minimum) => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const numbers = css.match(/[\d.]+%?/g)?.map((n) => (n.endsWith('%') ? (Number(n.slice(0, -1)) / 100) * 255 : Number(n))) ?? [
        0, 0, 0, 0,
      ];
      if (css.startsWith('color(srgb')) return [numbers[0]! * 255, numbers[1]! * 255, numbers[2]! * 255, numbers[3] ?? 1];
      return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0, numbers[3] ?? 1];
    };
    /** `top` drawn over an opaque `bottom`. */
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const channel = (c: number): number => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    /** The opaque colour behind `element`'s text: its own background and every ancestor's, composited from the page up. */
    const backdrop = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let at: Element | null = element; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        const colour = parse(style.backgroundColor);
        colour[3] *= Number(style.opacity);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      let result: Rgba = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (result[3] < 1) result = over(result, [255, 255, 255, 1]);
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const opacityOf = (element: Element): number => {
      let opacity = 1;
      for (let at: Element | null = element; at; at = at.parentElement) opacity *= Number(getComputedStyle(at).opacity);
      return opacity;
    };
    const describe = (element: Element): string => {
      const label = element.getAttribute('aria-label') ?? element.getAttribute('title') ?? element.getAttribute('placeholder') ?? '';
      const classes = Array.from(element.classList).slice(0, 3).join('.');
      return `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ''}${label ? ` [${label}]` : ''}`;
    };

    const offenders: {
      control: string;
      text: string;
      ratio: number;
      color: string;
      background: string;
    }[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=range]):not([type=file]):not([type=color]), a.button, [role=button]',
    );
    for (const control of Array.from(controls)) {
      if (!control.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const box = control.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      if ((control as HTMLButtonElement).disabled || control.getAttribute('aria-disabled') === 'true') continue;
      const isField = control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement;
      const value = isField ? (control as HTMLInputElement).value : (control.innerText ?? '').trim();
      const placeholder = isField && !value ? (control as HTMLInputElement).placeholder : '';
      const text = value || placeholder;
      if (!text.trim()) continue; // no words to read (an icon drawn by CSS, an empty field)
      const colourCss = placeholder ? getComputedStyle(control, '::placeholder').color : getComputedStyle(control).color;
      const background = backdrop(control);
      const colour = parse(colourCss);
      colour[3] *= opacityOf(control);
      const found = ratio(over(colour, background), background);
      if (found < minimum) {
        offenders.push({
          control: describe(control),
          text: `${placeholder ? 'placeholder: ' : ''}${text.slice(0, 40)}`,
          ratio: Math.round(found * 100) / 100,
          color: colourCss,
          background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
        });
      }
    }
    return offenders;
  }, minimum);
}
