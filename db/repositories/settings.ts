import type { Database, Statement } from 'better-sqlite3';

/** SQL for small key/value settings the app keeps about itself (not user preferences of the UI). */
export class SettingsRepository {
  private readonly read: Statement<[string], { value: string }>;
  private readonly write: Statement<[string, string]>;

  constructor(db: Database) {
    this.read = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | undefined {
    return this.read.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.write.run(key, value);
  }
}
