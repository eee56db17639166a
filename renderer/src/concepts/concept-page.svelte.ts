import type { ConceptDetail, ConceptLinkType } from '../../../main/api/contract.js';
import { client } from '../api/client.js';
import { conceptIndex } from '../state/concepts.svelte.js';
import { readPersisted, writePersisted } from '../state/persisted.js';

export type MapDepth = 1 | 2;

const DEPTH_KEY = 'lattice.conceptMapDepth';
const isDepth = (v: unknown): v is MapDepth => v === 1 || v === 2;

/** In which direction a new link goes, seen from the page's concept. */
export type LinkDirection = 'out' | 'in';

/**
 * One concept page: the concept, its neighbourhood map, and the person's
 * edits. Every edit answers with the concept as it now stands, so the page
 * shows that and redraws the map (links or names changed).
 */
export class ConceptPageState {
  readonly id: number;
  #detail = $state<ConceptDetail | null>(null);
  #map = $state('');
  #omitted = $state(0);
  #depth = $state<MapDepth>(readPersisted(DEPTH_KEY, 1, isDepth));
  #error = $state<string | null>(null);

  constructor(id: number) {
    this.id = id;
  }

  get detail(): ConceptDetail | null {
    return this.#detail;
  }
  get map(): string {
    return this.#map;
  }
  /** Concepts of the neighbourhood too far out to fit on the map. */
  get omitted(): number {
    return this.#omitted;
  }
  get depth(): MapDepth {
    return this.#depth;
  }
  get error(): string | null {
    return this.#error;
  }

  async load(): Promise<void> {
    try {
      const [detail] = await Promise.all([client.call('concepts.get', { id: this.id }), this.loadMap()]);
      this.#detail = detail;
      this.#error = null;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    }
  }

  async setDepth(depth: MapDepth): Promise<void> {
    this.#depth = depth;
    writePersisted(DEPTH_KEY, depth);
    await this.loadMap();
  }

  private async loadMap(): Promise<void> {
    const map = await client.call('concepts.map', { id: this.id, depth: this.#depth });
    this.#map = map.mermaid;
    this.#omitted = map.omitted;
  }

  /** Shows the concept an edit returned, and what the edit changed elsewhere. */
  private async settle(detail: ConceptDetail, isIndexChanged: boolean): Promise<void> {
    this.#detail = detail;
    await Promise.all([this.loadMap(), isIndexChanged ? conceptIndex.refresh() : Promise.resolve()]);
  }

  async rename(newName: string): Promise<void> {
    await this.settle(await client.call('concepts.rename', { id: this.id, newName }), true);
  }

  async define(definition: string): Promise<void> {
    this.#detail = await client.call('concepts.define', { id: this.id, definition });
  }

  async addAlias(alias: string): Promise<void> {
    await this.settle(await client.call('concepts.addAlias', { id: this.id, alias }), true);
  }

  async removeAlias(alias: string): Promise<void> {
    await this.settle(await client.call('concepts.removeAlias', { id: this.id, alias }), true);
  }

  /** Folds another concept into this one. */
  async mergeIn(otherId: number): Promise<void> {
    await this.settle(await client.call('concepts.merge', { from: otherId, into: this.id }), true);
  }

  async createLink(otherId: number, type: ConceptLinkType, direction: LinkDirection): Promise<void> {
    const [from, to] = direction === 'out' ? [this.id, otherId] : [otherId, this.id];
    await client.call('links.create', { from, to, type });
    await this.refreshLinks();
  }

  async retypeLink(linkId: number, type: ConceptLinkType): Promise<void> {
    await client.call('links.update', { id: linkId, type });
    await this.refreshLinks();
  }

  async deleteLink(linkId: number): Promise<void> {
    await client.call('links.delete', { id: linkId });
    await this.refreshLinks();
  }

  /** Turns an underline the person turned off back on; the note's mentions change, so the page is loaded again. */
  async restoreMention(hiddenId: number): Promise<void> {
    await client.call('concepts.restoreMention', { id: hiddenId });
    this.#detail = await client.call('concepts.get', { id: this.id });
  }

  private async refreshLinks(): Promise<void> {
    await this.settle(await client.call('concepts.get', { id: this.id }), true);
  }
}
