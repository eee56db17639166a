import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../app-paths.js';
import { dataDirFlag, desktopDataDir } from './data-dir.js';

const userData = join('/home/person/.config', 'Lattice');

describe('desktopDataDir', () => {
  it('reads --data-dir in both spellings', () => {
    expect(dataDirFlag(['electron', '.', '--data-dir', '/tmp/a'])).toBe('/tmp/a');
    expect(dataDirFlag(['lattice', '--data-dir=/tmp/b'])).toBe('/tmp/b');
    expect(dataDirFlag(['lattice', '--data-dir'])).toBeUndefined();
    expect(dataDirFlag(['lattice', '--data-dir', '--inspect'])).toBeUndefined();
  });

  it('prefers --data-dir, then LATTICE_DATA_DIR, then Electron userData — as the CLI does', () => {
    const env = { LATTICE_DATA_DIR: '/srv/lattice' };
    expect(desktopDataDir(['e', '--data-dir', 'rel/dir'], env, userData)).toBe(resolve('rel/dir'));
    expect(desktopDataDir(['e'], env, userData)).toBe(resolveDataDir(undefined, env));
    expect(desktopDataDir(['e'], {}, userData)).toBe(userData);
  });

  it('names the folder the CLI uses when neither is given', () => {
    // For an app named Lattice, Electron's userData on Linux is $XDG_CONFIG_HOME/Lattice.
    const env = { XDG_CONFIG_HOME: '/home/person/.config' };
    expect(resolveDataDir(undefined, env, 'linux')).toBe(userData);
  });
});
