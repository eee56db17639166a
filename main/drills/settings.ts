import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { DrillSettings } from '../api/contract.js';
import { RETENTION_MAX, RETENTION_MIN } from '../api/contract/drills.js';

export type { DrillSettings };
export { RETENTION_MAX, RETENTION_MIN };

export const DEFAULT_DRILL_SETTINGS: DrillSettings = {
  desiredRetention: 0.9,
  newCardsPerDay: 20,
  maxReviewsPerDay: 200,
  dayStartHour: 4,
};

const KEYS: Record<keyof DrillSettings, string> = {
  desiredRetention: 'drills.desiredRetention',
  newCardsPerDay: 'drills.newCardsPerDay',
  maxReviewsPerDay: 'drills.maxReviewsPerDay',
  dayStartHour: 'drills.dayStartHour',
};

/** Raised when a setting is outside what Lattice allows; the message names the range. */
export class DrillSettingError extends RangeError {
  override name = 'DrillSettingError';
}

function check(key: keyof DrillSettings, value: number): string | null {
  if (!Number.isFinite(value)) return `${key} must be a number`;
  switch (key) {
    case 'desiredRetention':
      return value >= RETENTION_MIN && value <= RETENTION_MAX
        ? null
        : `desired retention must be between ${RETENTION_MIN} and ${RETENTION_MAX}`;
    case 'newCardsPerDay':
    case 'maxReviewsPerDay':
      return Number.isInteger(value) && value >= 0 && value <= 100_000 ? null : `${key} must be a whole number from 0 to 100000`;
    case 'dayStartHour':
      return Number.isInteger(value) && value >= 0 && value <= 23 ? null : 'the day must start at a whole hour from 0 to 23';
  }
}

/**
 * Reads the drill settings. A stored value that is missing or out of range
 * (written by hand, or by another version) reads as its default rather than
 * scheduling with it.
 */
export function readDrillSettings(settings: SettingsRepository): DrillSettings {
  const result = { ...DEFAULT_DRILL_SETTINGS };
  for (const key of Object.keys(KEYS) as (keyof DrillSettings)[]) {
    const stored = settings.get(KEYS[key]);
    if (stored === undefined) continue;
    const value = Number(stored);
    if (check(key, value) === null) result[key] = value;
  }
  return result;
}

/** Stores the given settings after checking every one; nothing is stored if one is out of range. */
export function writeDrillSettings(settings: SettingsRepository, changes: Partial<DrillSettings>): DrillSettings {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof DrillSettings, number][];
  for (const [key, value] of entries) {
    if (!(key in KEYS)) throw new DrillSettingError(`unknown drill setting ${String(key)}`);
    const problem = check(key, value);
    if (problem) throw new DrillSettingError(problem);
  }
  for (const [key, value] of entries) settings.set(KEYS[key], String(value));
  return readDrillSettings(settings);
}
