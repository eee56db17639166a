import type { Database } from 'better-sqlite3';
import { AnkiRepository } from './repositories/anki.js';
import { AnnotationRepository } from './repositories/annotations.js';
import { CardRepository } from './repositories/cards.js';
import { ConceptOverviewRepository } from './repositories/concept-overview.js';
import { ConceptRepository } from './repositories/concepts.js';
import { InterviewCardRepository } from './repositories/interview-cards.js';
import { LibraryRepository } from './repositories/libraries.js';
import { MasteryRepository } from './repositories/mastery.js';
import { MediaRepository } from './repositories/media.js';
import { MentionSuppressionRepository } from './repositories/mention-suppressions.js';
import { NoteRepository } from './repositories/notes.js';
import { ProgressRepository } from './repositories/progress.js';
import { ReviewLogRepository } from './repositories/review-log.js';
import { SearchRepository } from './repositories/search.js';
import { SettingsRepository } from './repositories/settings.js';
import { SheetRepository } from './repositories/sheets.js';
import { StoreHealthRepository } from './repositories/store-health.js';
import { UnreadFileRepository } from './repositories/unread-files.js';

/**
 * One set of repositories per open database: a repository prepares its
 * statements when it is made, so handlers, imports and jobs share these
 * instead of making (and preparing) their own on every call. Each is made on
 * first use, so opening a store prepares nothing it does not need (the
 * browser host answers its first request before most domains are touched).
 */
export class StoreRepositories {
  readonly #db: Database;
  #anki?: AnkiRepository;
  #annotations?: AnnotationRepository;
  #cards?: CardRepository;
  #conceptOverview?: ConceptOverviewRepository;
  #concepts?: ConceptRepository;
  #interviewCards?: InterviewCardRepository;
  #libraries?: LibraryRepository;
  #mastery?: MasteryRepository;
  #media?: MediaRepository;
  #mentionSuppressions?: MentionSuppressionRepository;
  #notes?: NoteRepository;
  #progress?: ProgressRepository;
  #reviewLog?: ReviewLogRepository;
  #search?: SearchRepository;
  #settings?: SettingsRepository;
  #sheets?: SheetRepository;
  #storeHealth?: StoreHealthRepository;
  #unreadFiles?: UnreadFileRepository;

  constructor(db: Database) {
    this.#db = db;
  }

  get anki(): AnkiRepository {
    return (this.#anki ??= new AnkiRepository(this.#db));
  }
  get annotations(): AnnotationRepository {
    return (this.#annotations ??= new AnnotationRepository(this.#db));
  }
  get cards(): CardRepository {
    return (this.#cards ??= new CardRepository(this.#db));
  }
  get conceptOverview(): ConceptOverviewRepository {
    return (this.#conceptOverview ??= new ConceptOverviewRepository(this.#db));
  }
  get concepts(): ConceptRepository {
    return (this.#concepts ??= new ConceptRepository(this.#db));
  }
  get interviewCards(): InterviewCardRepository {
    return (this.#interviewCards ??= new InterviewCardRepository(this.#db));
  }
  get libraries(): LibraryRepository {
    return (this.#libraries ??= new LibraryRepository(this.#db));
  }
  get mastery(): MasteryRepository {
    return (this.#mastery ??= new MasteryRepository(this.#db));
  }
  get media(): MediaRepository {
    return (this.#media ??= new MediaRepository(this.#db));
  }
  get mentionSuppressions(): MentionSuppressionRepository {
    return (this.#mentionSuppressions ??= new MentionSuppressionRepository(this.#db));
  }
  get notes(): NoteRepository {
    return (this.#notes ??= new NoteRepository(this.#db));
  }
  get progress(): ProgressRepository {
    return (this.#progress ??= new ProgressRepository(this.#db));
  }
  get reviewLog(): ReviewLogRepository {
    return (this.#reviewLog ??= new ReviewLogRepository(this.#db));
  }
  get search(): SearchRepository {
    return (this.#search ??= new SearchRepository(this.#db));
  }
  get settings(): SettingsRepository {
    return (this.#settings ??= new SettingsRepository(this.#db));
  }
  get sheets(): SheetRepository {
    return (this.#sheets ??= new SheetRepository(this.#db));
  }
  get storeHealth(): StoreHealthRepository {
    return (this.#storeHealth ??= new StoreHealthRepository(this.#db));
  }
  get unreadFiles(): UnreadFileRepository {
    return (this.#unreadFiles ??= new UnreadFileRepository(this.#db));
  }
}

const sets = new WeakMap<Database, StoreRepositories>();

/**
 * The repositories of an open database, the same set on every call (the
 * store's own: `store.repositories` is this). For code handed only the
 * database (the drill scheduler, sheet sources, re-anchoring).
 */
export function repositoriesOf(db: Database): StoreRepositories {
  let set = sets.get(db);
  if (!set) {
    set = new StoreRepositories(db);
    sets.set(db, set);
  }
  return set;
}
