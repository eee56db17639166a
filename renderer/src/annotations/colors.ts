import { ANNOTATION_COLORS } from '../../../common/annotation-colors.js';
import type { AnnotationColor } from '../../../common/annotation-colors.js';
import type { MessageKey } from '../i18n/messages.js';

export { ANNOTATION_COLORS };

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
