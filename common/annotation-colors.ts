/**
 * The highlight colours, in the order the toolbar offers them: the one list
 * the API's schemas, the store, the Web Annotation export and the renderer
 * all read. Process-neutral: plain data.
 */
export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;

export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
