import { describe, expect, it } from 'vitest';
import { electronNativeBinding, unpackedPath } from './native-binding.js';

describe('electronNativeBinding', () => {
  it('matches the path scripts/postinstall.mjs builds into', async () => {
    // postinstall.mjs is the other half of this contract: ask it directly. (It
    // has no type declarations, hence the widened specifier and the cast.)
    const postinstall = (await import('../../scripts/postinstall.mjs' as string)) as {
      electronBindingPath(v: string, p?: string, a?: string): string;
    };
    const { appRoot } = await import('../app-paths.js');
    const expected = postinstall.electronBindingPath('45.4.1', 'linux', 'x64');
    expect(
      electronNativeBinding({ appRoot: appRoot(), electronVersion: '45.4.1', platform: 'linux', arch: 'x64', isPackaged: false }),
    ).toBe(expected);
  });

  it('names the version, platform and architecture', () => {
    expect(
      electronNativeBinding({ appRoot: '/src/lattice', electronVersion: '45.4.1', platform: 'darwin', arch: 'arm64', isPackaged: false }),
    ).toBe('/src/lattice/native/electron-v45.4.1-darwin-arm64/better_sqlite3.node');
  });

  it('looks outside the asar archive when packaged', () => {
    expect(
      electronNativeBinding({
        appRoot: '/opt/Lattice/resources/app.asar',
        electronVersion: '45.4.1',
        platform: 'linux',
        arch: 'x64',
        isPackaged: true,
      }),
    ).toBe('/opt/Lattice/resources/app.asar.unpacked/native/electron-v45.4.1-linux-x64/better_sqlite3.node');
  });

  it('leaves paths without an archive alone', () => {
    expect(unpackedPath('/src/lattice/native/x.node')).toBe('/src/lattice/native/x.node');
    expect(unpackedPath('/src/my-app.asar.d/native/x.node')).toBe('/src/my-app.asar.d/native/x.node');
  });
});
