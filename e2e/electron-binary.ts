import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed Electron binary, or null where it could not be downloaded (as on machines without GitHub access). */
export function electronBinary(): string | null {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');
  const pathFile = join(root, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
