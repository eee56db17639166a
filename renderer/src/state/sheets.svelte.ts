import type { Sheet, SheetItemInput, SheetQuickAdd, SheetSummary } from '../../../main/api/contract.js';
import { client } from '../api/client.js';
import { st } from '../sheets/sheet-text.js';
import { readPersisted, writePersisted } from './persisted.js';

const TARGET_KEY = 'lattice.sheet.target';
const isId = (value: unknown): value is number | null => value === null || (typeof value === 'number' && Number.isInteger(value));

/**
 * The cheat sheets, and which one "Add to sheet" collects into: the sheet the
 * person last opened (or made), so adding from the reader needs one click.
 */
class SheetsState {
  #list = $state.raw<SheetSummary[]>([]);
  #targetId = $state<number | null>(readPersisted(TARGET_KEY, null, isId));
  #notice = $state<{ text: string; sheetId: number | null; isError: boolean } | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  get list(): SheetSummary[] {
    return this.#list;
  }
  get targetId(): number | null {
    return this.#targetId;
  }
  set targetId(id: number | null) {
    this.#targetId = id;
    writePersisted(TARGET_KEY, id);
  }
  /** The last thing an add did, for the toast. */
  get notice(): { text: string; sheetId: number | null; isError: boolean } | null {
    return this.#notice;
  }

  tell(text: string, sheetId: number | null, isError = false): void {
    this.#notice = { text, sheetId, isError };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.#notice = null), 6000);
  }

  dismiss(): void {
    this.#notice = null;
  }

  async refresh(): Promise<SheetSummary[]> {
    this.#list = await client.call('sheets.list', {});
    return this.#list;
  }

  /** The sheet to add to: the remembered one if it still exists, else the newest, else a new one. */
  async target(): Promise<SheetSummary | Sheet> {
    const list = await this.refresh();
    const found = list.find((s) => s.id === this.#targetId) ?? list[0];
    if (found) {
      this.targetId = found.id;
      return found;
    }
    const created = await client.call('sheets.create', { title: st('defaultTitle') });
    this.targetId = created.id;
    return created;
  }

  /** Adds one item to the target sheet and says so; false (with the reason shown) when it failed. */
  async add(item: SheetItemInput): Promise<boolean> {
    try {
      const sheet = await this.target();
      await client.call('sheets.addItem', { sheetId: sheet.id, item });
      this.tell(st('added', { title: sheet.title }), sheet.id);
      void this.refresh();
      return true;
    } catch (error) {
      this.tell(st('failed', { error: error instanceof Error ? error.message : String(error) }), null, true);
      return false;
    }
  }

  /** A quick-start action on a given sheet. */
  async addMany(sheetId: number, what: SheetQuickAdd): Promise<Sheet> {
    const { sheet, added } = await client.call('sheets.addMany', { sheetId, what });
    this.tell(st('addedMany', { n: added, title: sheet.title }), null);
    return sheet;
  }
}

export const sheets = new SheetsState();
