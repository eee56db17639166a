/** A URL fragment for a heading: keeps CJK, letters and digits; dashes for spaces. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
  return slug || 'section';
}

/** Gives repeated headings distinct slugs (`a`, `a-2`, `a-3`) in document order. */
export class SlugRegistry {
  private readonly seen = new Map<string, number>();

  next(title: string): string {
    const base = slugify(title);
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  }
}
