import type { Database } from 'better-sqlite3';
import type { FSRS } from 'ts-fsrs';
import type { ProgressRepository } from '../../db/repositories/progress.js';
import type { DayGrades } from '../../db/repositories/progress.js';
import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { ProgressReport } from '../api/contract.js';
import { fsrsFor } from '../drills/fsrs-card.js';
import { recallAt } from '../drills/interview-course.js';
import { DrillScheduler } from '../drills/scheduler.js';
import { readDrillSettings } from '../drills/settings.js';
import { heatmapOf, monthOf, retentionBy, streakOf, weekOf } from './activity.js';
import { coverageOf, weakCards, weakestOf } from './coverage.js';
import { forecastOf } from './forecast.js';
import { studyDaysFrom, studyDaysUpTo } from './study-days.js';
import { repositoriesOf } from '../../db/store-repositories.js';

/** The heatmap's year. */
export const HEATMAP_DAYS = 365;
/** The forecast's days, today first. */
export const FORECAST_DAYS = 30;
/** Weeks and months of true retention shown. */
export const RETENTION_PERIODS = 12;

/**
 * The progress dashboard's figures, read in a handful of statements: the
 * log summed per study day by SQLite (one range per day), the due cards of
 * the next 30 days and every studied card's memory, each read once.
 */
export class ProgressReader {
  private readonly repo: ProgressRepository;
  private readonly settings: SettingsRepository;
  private readonly scheduler: DrillScheduler;
  private readonly now: () => Date;
  private engine: { retention: number; fsrs: FSRS } | null = null;
  /** The sums of the days before today, which change only when an earlier day's grade is undone or made under a clock set back. */
  private pastDays: { key: string; grades: DayGrades[] } | null = null;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.repo = repositoriesOf(db).progress;
    this.settings = repositoriesOf(db).settings;
    this.now = options.now ?? (() => new Date());
    this.scheduler = new DrillScheduler(db, { now: this.now });
  }

  /** Everything the dashboard shows but readiness (drills.interview). */
  report(): ProgressReport {
    const now = this.now();
    const { desiredRetention, dayStartHour } = readDrillSettings(this.settings);
    // The year holds the twelve months of retention whole: the first of the month eleven months back is under 335 days ago.
    const past = studyDaysUpTo(now, dayStartHour, HEATMAP_DAYS);
    // A grade dated after today was made under a clock that ran ahead: it has happened, so it counts today.
    const ranges = past.map(
      (day, i) => [new Date(day.start).toISOString(), i === past.length - 1 ? '9999' : new Date(day.end).toISOString()] as const,
    );
    const grades = this.gradesPerDay(ranges);
    const heatmap = heatmapOf(past, grades);

    const ahead = studyDaysFrom(now, dayStartHour, FORECAST_DAYS);
    const notes = new Map(this.repo.noteDecks().map((note) => [note.id, note]));
    const due = this.repo.dueCards(new Date(ahead[ahead.length - 1]!.end).toISOString());

    const fsrs = this.fsrs(desiredRetention);
    const at = now.getTime();
    const recalls = this.repo.cardStandings().map((card) => ({
      card,
      recall: recallAt(
        fsrs,
        { state: card.state, stability: card.stability, lastReview: card.lastReview === null ? null : Date.parse(card.lastReview) },
        at,
      ),
    }));
    const weakest = weakestOf(recalls);

    return {
      today: past[past.length - 1]!.date,
      desiredRetention,
      stats: this.scheduler.stats(),
      heatmap,
      streak: streakOf(heatmap),
      retention: {
        weeks: retentionBy(past, grades, weekOf, RETENTION_PERIODS),
        months: retentionBy(past, grades, monthOf, RETENTION_PERIODS),
      },
      forecast: forecastOf(ahead, due, notes),
      coverage: coverageOf(recalls, notes, desiredRetention),
      weakest: weakCards(weakest, this.repo.cardWords(weakest.map((entry) => entry.card.id)), notes),
    };
  }

  /**
   * The grades per study day: today's summed now, the year before it kept
   * from the last call while the days are the same (time zone, day-start
   * hour, date) and the grades before today are too — the dashboard is
   * opened again and again between grades, and a year of the log is most of
   * its cost.
   */
  private gradesPerDay(ranges: (readonly [string, string])[]): DayGrades[] {
    const today = ranges.length - 1;
    const past = ranges.slice(0, today);
    const before = this.repo.gradesBefore(ranges[today]![0]);
    const key = JSON.stringify([past, before.count, before.durationMs]);
    if (this.pastDays?.key !== key) this.pastDays = { key, grades: this.repo.gradesPerDay(past) };
    const todays = this.repo.gradesPerDay([ranges[today]!]).map((sums) => ({ ...sums, day: today }));
    return [...this.pastDays.grades, ...todays];
  }

  private fsrs(retention: number): FSRS {
    if (this.engine?.retention !== retention) this.engine = { retention, fsrs: fsrsFor(retention) };
    return this.engine.fsrs;
  }
}
