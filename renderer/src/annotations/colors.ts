import type { AnnotationColor } from '../../../main/api/contract.js';
import type { MessageKey } from '../i18n/messages.js';

/** The highlight colours, in the order the toolbar offers them. */
export const ANNOTATION_COLORS: readonly AnnotationColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];

export function isAnnotationColor(value: unknown): value is AnnotationColor {
  return ANNOTATION_COLORS.includes(value as AnnotationColor);
}

/** "Highlight yellow": what a colour button does. */
export function highlightLabelKey(color: AnnotationColor): MessageKey {
  return `annotation.highlight.${color}`;
}

/** "Yellow": the colour's name. */
export function colorNameKey(color: AnnotationColor): MessageKey {
  return `annotation.color.${color}`;
}
