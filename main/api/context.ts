import type { Store } from '../../db/open-store.js';
import type { LibraryRepository } from '../../db/repositories/libraries.js';
import type { NoteRepository } from '../../db/repositories/notes.js';
import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { StoreRepositories } from '../../db/store-repositories.js';
import type { ApiEventName, ApiEvents } from './contract.js';
import { JobQueue } from './jobs.js';

export type EmitEvent = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** What only some transports can do; the desktop app fills it in, the browser host and CLI leave it empty. */
export interface Platform {
  chooseFolder?: () => Promise<string | null>;
  /** Prints a self-contained HTML document to PDF (the desktop app's hidden window); others use headless Chromium. */
  printToPdf?: (html: string, options: { paper: 'A4' | 'Letter' }) => Promise<Uint8Array>;
  /** The person chose another language in the app (the desktop app rebuilds its menu in it). */
  languageChanged?: (language: 'en' | 'zh') => void;
}

/** What every domain's handlers work with: the store, its repositories, and a way to push events. */
export interface AppContext {
  readonly store: Store;
  /** The store's repositories (`store.repositories`): handlers use these and never make their own. */
  readonly repositories: StoreRepositories;
  /** The three every domain reads, named directly. */
  readonly libraries: LibraryRepository;
  readonly notes: NoteRepository;
  readonly settings: SettingsRepository;
  readonly dataDir: string;
  readonly emit: EmitEvent;
  readonly platform: Platform;
  /** Imports and index building, one at a time. */
  readonly jobs: JobQueue;
}

export function createContext(store: Store, dataDir: string, emit: EmitEvent = () => undefined, platform: Platform = {}): AppContext {
  return {
    store,
    repositories: store.repositories,
    libraries: store.repositories.libraries,
    notes: store.repositories.notes,
    settings: store.repositories.settings,
    dataDir,
    emit,
    platform,
    jobs: new JobQueue(),
  };
}
