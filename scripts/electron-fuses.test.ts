import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arch } from 'electron-builder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as hook from './electron-fuses.js';
import { electronBinaryPath, flipLatticeFuses, fuseConfig } from './electron-fuses.js';
import type { PackedApp } from './electron-fuses.js';

/**
 * The hook is run against small stand-ins for Electron's binary: the fuse wire
 * as Electron builds it (a fixed sentinel, the wire's version, its length, one
 * ASCII byte per fuse) between bytes of filler, so these tests see the bytes
 * @electron/fuses really writes. Positions are Electron's own
 * (docs/tutorial/fuses.md), written here as numbers rather than taken from
 * @electron/fuses' enum, so a mix-up in either would show.
 */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's wire as it ships: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, ASAR integrity off, only-ASAR off, V8 snapshot off, file:// privileges on. */
const SHIPPED_WIRE = '10110001';
/** The same wire once Lattice's fuses are flipped; the last two are left as shipped. */
const LATTICE_WIRE = '01001101';

function fakeElectron(wires: string[]): Buffer {
  const filler = Buffer.alloc(4096, 0x90);
  const parts: Buffer[] = [filler];
  for (const wire of wires) parts.push(Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, wire.length]), Buffer.from(wire, 'latin1'), filler);
  return Buffer.concat(parts);
}

/** Every fuse wire in a binary, as its ASCII digits. */
function wiresIn(binary: Buffer): string[] {
  const wires: string[] = [];
  let at = binary.indexOf(SENTINEL);
  while (at !== -1) {
    const start = at + SENTINEL.length;
    const length = binary[start + 1] ?? 0;
    wires.push(binary.subarray(start + 2, start + 2 + length).toString('latin1'));
    at = binary.indexOf(SENTINEL, start);
  }
  return wires;
}

let appOutDir: string;
beforeEach(() => {
  appOutDir = mkdtempSync(join(tmpdir(), 'lattice-fuses-'));
});
afterEach(() => rmSync(appOutDir, { recursive: true, force: true }));

function linuxApp(): PackedApp {
  return {
    appOutDir,
    electronPlatformName: 'linux',
    arch: Arch.x64,
    packager: { appInfo: { productFilename: 'Lattice' }, executableName: 'lattice' },
  };
}

describe('fuseConfig', () => {
  it('turns off running as Node, NODE_OPTIONS and --inspect, and turns on cookie encryption, ASAR integrity and only-from-ASAR', () => {
    const config = fuseConfig({ electronPlatformName: 'linux', arch: Arch.x64 });
    expect(config.version).toBe('1');
    // Keys are the wire positions (0 = RunAsNode … 5 = OnlyLoadAppFromAsar).
    expect(Object.fromEntries(Object.entries(config).filter(([key]) => /^\d+$/.test(key)))).toEqual({
      0: false,
      1: true,
      2: false,
      3: false,
      4: true,
      5: true,
    });
  });

  it('renews the ad-hoc signature only for Apple silicon (and universal) builds', () => {
    expect(fuseConfig({ electronPlatformName: 'darwin', arch: Arch.arm64 }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig({ electronPlatformName: 'mas', arch: Arch.universal }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig({ electronPlatformName: 'darwin', arch: Arch.x64 }).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig({ electronPlatformName: 'linux', arch: Arch.arm64 }).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig({ electronPlatformName: 'win32', arch: Arch.arm64 }).resetAdHocDarwinSignature).toBe(false);
  });
});

describe('electronBinaryPath', () => {
  const packager = { appInfo: { productFilename: 'Lattice' }, executableName: 'lattice' };
  it('is the lower-case executable on Linux, the .exe on Windows, the .app on macOS', () => {
    expect(electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'linux', arch: Arch.x64, packager })).toBe(
      join('/out', 'lattice'),
    );
    expect(electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'win32', arch: Arch.x64, packager })).toBe(
      join('/out', 'Lattice.exe'),
    );
    expect(electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'darwin', arch: Arch.x64, packager })).toBe(
      join('/out', 'Lattice.app'),
    );
    expect(electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'mas', arch: Arch.x64, packager })).toBe(
      join('/out', 'Lattice.app'),
    );
  });
  it('refuses a platform it does not know rather than guess', () => {
    expect(() => electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'aix', arch: Arch.x64, packager })).toThrow(/aix/);
  });
});

describe('flipLatticeFuses on a stand-in binary', () => {
  it('writes Lattice’s fuses into the Linux executable and leaves every other byte alone', async () => {
    const before = fakeElectron([SHIPPED_WIRE]);
    const binary = join(appOutDir, 'lattice');
    writeFileSync(binary, before);
    await flipLatticeFuses(linuxApp());
    const after = readFileSync(binary);
    expect(wiresIn(after)).toEqual([LATTICE_WIRE]);
    expect(after.length).toBe(before.length);
    // The six fuses Lattice sets all differ from Electron's defaults: exactly their six bytes change.
    const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    const changed = [...after].flatMap((byte, index) => (byte === before[index] ? [] : [index]));
    expect(changed).toEqual([0, 1, 2, 3, 4, 5].map((fuse) => wireStart + fuse));
  });

  it('flips both slices of a universal macOS framework', async () => {
    const framework = join(appOutDir, 'Lattice.app', 'Contents', 'Frameworks', 'Electron Framework.framework');
    mkdirSync(framework, { recursive: true });
    writeFileSync(join(framework, 'Electron Framework'), fakeElectron([SHIPPED_WIRE, SHIPPED_WIRE]));
    await flipLatticeFuses({ ...linuxApp(), electronPlatformName: 'darwin' });
    expect(wiresIn(readFileSync(join(framework, 'Electron Framework')))).toEqual([LATTICE_WIRE, LATTICE_WIRE]);
  });

  it('flips the Windows .exe', async () => {
    writeFileSync(join(appOutDir, 'Lattice.exe'), fakeElectron([SHIPPED_WIRE]));
    await flipLatticeFuses({ ...linuxApp(), electronPlatformName: 'win32' });
    expect(wiresIn(readFileSync(join(appOutDir, 'Lattice.exe')))).toEqual([LATTICE_WIRE]);
  });

  it('leaves fuses a later Electron adds as they ship', async () => {
    writeFileSync(join(appOutDir, 'lattice'), fakeElectron([`${SHIPPED_WIRE}1`]));
    await flipLatticeFuses(linuxApp());
    expect(wiresIn(readFileSync(join(appOutDir, 'lattice')))).toEqual([`${LATTICE_WIRE}1`]);
  });

  it('fails the build on a binary without a fuse wire', async () => {
    writeFileSync(join(appOutDir, 'lattice'), Buffer.alloc(4096, 0x90));
    await expect(flipLatticeFuses(linuxApp())).rejects.toThrow(/sentinel/);
  });

  it('fails the build on an Electron too old to have every fuse', async () => {
    writeFileSync(join(appOutDir, 'lattice'), fakeElectron(['1011']));
    await expect(flipLatticeFuses(linuxApp())).rejects.toThrow(/not long enough/);
  });
});

describe('electron-builder.yml', () => {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('runs this hook, compiled, after packing', () => {
    expect(config.afterPack).toBe('./out/node/scripts/electron-fuses.js');
    expect(typeof hook.afterPack).toBe('function');
  });

  it('flips the fuses in one place only, and packs the app into an ASAR archive as only-from-ASAR requires', () => {
    expect(config.electronFuses).toBeUndefined();
    expect(config.asar).not.toBe(false);
  });
});
