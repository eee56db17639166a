import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import type { ImageProblem, NoteImageRef } from '../markdown/local-images.js';
import { cleanSvgImage, sniffImage } from './image-types.js';

/**
 * Finds the pictures a note's image references point at inside its imported
 * folder and hands their bytes to the media store. SECURITY: only files
 * inside the folder are ever read — a path that climbs out of it, or a
 * symlink whose target (its real path) lies outside it, is refused before
 * anything is opened — and only files whose first bytes are a PNG, JPEG,
 * GIF, WebP or SVG, under a size cap, are kept; SVGs are sanitized.
 */

/** Pictures larger than this stay placeholders: a note's folder is not a photo library. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** An SVG is parsed and sanitized as text: a lower cap keeps that quick. */
export const MAX_SVG_BYTES = 5 * 1024 * 1024;

/** What one reference resolved to: a stored picture's hash, or why there is none (with the reference, as the store keeps it). */
export interface ResolvedRef extends NoteImageRef {
  hash: string | null;
  problem: ImageProblem | null;
}

/** Where resolved pictures go (MediaRepository.putMedia, in the app). */
export type PutMedia = (bytes: Uint8Array, mime: string) => string;

export interface FolderImageOptions {
  maxBytes?: number;
  maxSvgBytes?: number;
  /** Files looked at, at most, when building the by-name index for Obsidian embeds. */
  maxIndexedFiles?: number;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|svg)$/i;
const SKIPPED_DIRS = new Set(['node_modules']);
const MAX_DEPTH = 64;

type Outcome = { hash: string } | { problem: ImageProblem };

const fold = (name: string): string => name.normalize('NFC').toLowerCase();

/** Percent-decodes a Markdown link target; a malformed escape leaves it as written. */
function decodePath(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target; // `100%.png` is a name, not an escape
  }
}

/**
 * A path inside the folder ('/'-separated, no leading '/'), from a reference
 * written in a note at `notePath`; undefined when it climbs out of the folder.
 */
export function insideFolder(notePath: string, target: string): string | undefined {
  const cleaned = target.replace(/\\/g, '/');
  // '/img/x.png' means the folder's own root, as in a repository's README.
  const joined = cleaned.startsWith('/') ? cleaned : posix.join(posix.dirname(notePath), cleaned);
  const normal = posix.normalize(joined).replace(/^\/+/, '');
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') return undefined;
  return normal;
}

/**
 * The pictures of one imported folder. Built once per import (or reread) of
 * the folder: a picture several notes show is read and stored once; the
 * by-name index Obsidian embeds need is built only when a first note asks.
 */
export class FolderImages {
  private readonly realRoot: string | undefined;
  private readonly outcomes = new Map<string, Outcome>();
  private byName: Map<string, string[]> | undefined;
  private readonly maxBytes: number;
  private readonly maxSvgBytes: number;
  private readonly maxIndexedFiles: number;

  constructor(
    private readonly root: string,
    private readonly putMedia: PutMedia,
    options: FolderImageOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
    this.maxSvgBytes = options.maxSvgBytes ?? MAX_SVG_BYTES;
    this.maxIndexedFiles = options.maxIndexedFiles ?? 100_000;
    try {
      this.realRoot = realpathSync(root);
    } catch {
      this.realRoot = undefined; // the folder is gone: nothing can be read
    }
  }

  /** Whether the folder is there to read pictures from (a reread keeps what was stored when it is not). */
  get isAvailable(): boolean {
    return this.realRoot !== undefined;
  }

  /** Resolves a note's references, in order; each picture found is stored. */
  resolve(notePath: string, refs: readonly NoteImageRef[]): ResolvedRef[] {
    return refs.map((ref) => {
      const outcome = this.resolveOne(notePath, ref);
      return 'hash' in outcome ? { ...ref, hash: outcome.hash, problem: null } : { ...ref, hash: null, problem: outcome.problem };
    });
  }

  private resolveOne(notePath: string, ref: NoteImageRef): Outcome {
    if (!this.realRoot) return { problem: 'missing' };
    const target = ref.isEmbed ? ref.target : decodePath(ref.target.split(/[?#]/, 1)[0] ?? '');
    if (target === '') return { problem: 'missing' };
    const relative = insideFolder(notePath, target);
    if (relative === undefined) return { problem: 'outside' };
    const direct = this.load(relative);
    if (!('problem' in direct) || direct.problem !== 'missing') return direct;
    // Obsidian finds `![[x.png]]`, and `![](x.png)` written with its shortest-path setting, anywhere in the vault.
    const isBareName = !target.includes('/') && !target.includes('\\');
    if (ref.isEmbed || isBareName) {
      const found = this.findByName(notePath, target.replace(/\\/g, '/'));
      if (found !== undefined) return this.load(found);
    }
    return direct;
  }

  /**
   * Obsidian's choice among files of that name: the note's own folder
   * first, then the shortest path (ties: the first in code-point order, so
   * the choice does not depend on the order the disk lists files in). A
   * target with folders matches files whose path ends with it.
   */
  private findByName(notePath: string, target: string): string | undefined {
    const name = fold(posix.basename(target));
    const suffix = fold(target.replace(/^\/+/, ''));
    const candidates = (this.index().get(name) ?? []).filter((path) => {
      const folded = fold(path);
      return folded === suffix || folded.endsWith(`/${suffix}`);
    });
    const here = posix.dirname(notePath);
    const sameFolder = candidates.find((path) => posix.dirname(path) === here);
    if (sameFolder !== undefined) return sameFolder;
    let best: string | undefined;
    for (const path of candidates) {
      if (best === undefined || path.length < best.length || (path.length === best.length && path < best)) best = path;
    }
    return best;
  }

  /** Picture files of the folder by folded name; dot-folders (.git, .obsidian, .trash) are not the vault's, as in Obsidian. */
  private index(): Map<string, string[]> {
    if (this.byName) return this.byName;
    const byName = new Map<string, string[]>();
    let seen = 0;
    const walk = (dir: string, prefix: string, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // an unreadable folder holds nothing we can show
      }
      for (const entry of entries) {
        if (++seen > this.maxIndexedFiles) return;
        if (entry.name.startsWith('.')) continue;
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), path, depth + 1);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && IMAGE_NAME.test(entry.name)) {
          const key = fold(entry.name);
          const list = byName.get(key) ?? [];
          list.push(path);
          byName.set(key, list);
        }
      }
    };
    if (this.realRoot) walk(this.realRoot, '', 0);
    this.byName = byName;
    return byName;
  }

  /** Reads, checks and stores the file at `relative` inside the folder, once per import. */
  private load(relative: string): Outcome {
    const absolute = join(this.root, ...relative.split('/'));
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      return { problem: 'missing' };
    }
    // SECURITY: the real path, after every symlink, must still be inside the folder's real path.
    const realRoot = this.realRoot as string;
    if (!real.startsWith(realRoot + sep)) return { problem: 'outside' };
    const known = this.outcomes.get(real);
    if (known) return known;
    const read = this.read(real);
    // Stored outside read()'s error handling: a full disk is the import's failure, not a placeholder.
    const outcome: Outcome = 'problem' in read ? read : { hash: this.putMedia(read.bytes, read.mime) };
    this.outcomes.set(real, outcome);
    return outcome;
  }

  private read(real: string): { bytes: Uint8Array; mime: string } | { problem: ImageProblem } {
    let fd: number;
    try {
      if (!statSync(real).isFile()) return { problem: 'not-image' };
      fd = openSync(real, 'r');
    } catch {
      return { problem: 'unreadable' };
    }
    try {
      const size = fstatSync(fd).size;
      if (size > this.maxBytes) return { problem: 'too-large' };
      // Read at most one byte past the cap: a file that grew since it was measured is refused, not read whole.
      const bytes = Buffer.alloc(Math.min(size + 1, this.maxBytes + 1));
      let length = 0;
      while (length < bytes.length) {
        const read = readSync(fd, bytes, length, bytes.length - length, length);
        if (read === 0) break;
        length += read;
      }
      if (length > this.maxBytes) return { problem: 'too-large' };
      const content = bytes.subarray(0, length);
      const mime = sniffImage(content);
      if (!mime) return { problem: 'not-image' };
      if (mime !== 'image/svg+xml') return { bytes: content, mime };
      if (length > this.maxSvgBytes) return { problem: 'too-large' };
      const clean = cleanSvgImage(content);
      return clean ? { bytes: clean, mime } : { problem: 'not-image' };
    } catch {
      return { problem: 'unreadable' };
    } finally {
      closeSync(fd);
    }
  }
}
