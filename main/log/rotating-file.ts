import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** How big the log may grow before it is set aside, and how many set-aside files are kept. */
export interface RotationLimits {
  maxBytes: number;
  keep: number;
}

export const DEFAULT_ROTATION: RotationLimits = { maxBytes: 1024 * 1024, keep: 3 };

/**
 * A log file that never grows past a size: when the next line would take it
 * over, `lattice.log` becomes `lattice.log.1` (and `.1` becomes `.2`, up to
 * `keep`; the oldest is dropped). Writes are synchronous on purpose: the
 * lines that matter most are the ones written just before a crash, and
 * Lattice logs rarely, so there is nothing to gain from buffering.
 */
export class RotatingFile {
  private size: number | undefined;

  constructor(
    readonly path: string,
    private readonly limits: RotationLimits = DEFAULT_ROTATION,
  ) {}

  /** Appends one chunk (pino hands over whole lines). */
  write(chunk: string): void {
    const bytes = Buffer.byteLength(chunk);
    if (this.size === undefined) this.size = this.currentSize();
    if (this.size > 0 && this.size + bytes > this.limits.maxBytes) {
      this.rotate();
      this.size = 0;
    }
    appendFileSync(this.path, chunk);
    this.size += bytes;
  }

  private currentSize(): number {
    if (!existsSync(this.path)) {
      mkdirSync(dirname(this.path), { recursive: true });
      return 0;
    }
    return statSync(this.path).size;
  }

  private rotate(): void {
    rmSync(`${this.path}.${this.limits.keep}`, { force: true });
    for (let index = this.limits.keep - 1; index >= 1; index--) {
      const from = `${this.path}.${index}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${index + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
  }
}
