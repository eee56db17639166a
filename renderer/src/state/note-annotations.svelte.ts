import type { Annotation, AnnotationColor, ApiArgs } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

type Changes = Omit<ApiArgs<'annotations.update'>, 'id'>;

function byReadingOrder(a: Annotation, b: Annotation): number {
  return a.start - b.start || a.end - b.end || a.createdAt.localeCompare(b.createdAt);
}

/** One note's annotations, as the reader and its sidebar show them. The reader screen owns one per note. */
export class NoteAnnotations {
  readonly noteId: number;
  #items = $state<Annotation[]>([]);
  #error = $state<string | null>(null);
  #isLoaded = $state(false);

  constructor(noteId: number) {
    this.noteId = noteId;
  }

  get items(): Annotation[] {
    return this.#items;
  }
  /** Placed annotations, in reading order. */
  get anchored(): Annotation[] {
    return this.#items.filter((a) => a.state === 'anchored');
  }
  /** Those the last re-import could not place with confidence. */
  get orphans(): Annotation[] {
    return this.#items.filter((a) => a.state === 'orphan');
  }
  get error(): string | null {
    return this.#error;
  }
  get isLoaded(): boolean {
    return this.#isLoaded;
  }

  find(id: string): Annotation | undefined {
    return this.#items.find((a) => a.id === id);
  }

  async load(): Promise<void> {
    try {
      this.#items = (await client.call('annotations.list', { noteId: this.noteId })).sort(byReadingOrder);
      this.#error = null;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#isLoaded = true;
    }
  }

  async create(start: number, end: number, color: AnnotationColor): Promise<Annotation> {
    const created = await client.call('annotations.create', { noteId: this.noteId, start, end, color });
    this.#items = [...this.#items, created].sort(byReadingOrder);
    return created;
  }

  async update(id: string, changes: Changes): Promise<Annotation> {
    const updated = await client.call('annotations.update', { id, ...changes });
    this.#items = this.#items.map((a) => (a.id === id ? updated : a)).sort(byReadingOrder);
    return updated;
  }

  async remove(id: string): Promise<void> {
    await client.call('annotations.delete', { id });
    this.#items = this.#items.filter((a) => a.id !== id);
  }
}
