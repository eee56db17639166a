import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import type { FuseV1Config } from '@electron/fuses';
import { Arch } from 'electron-builder';
import type { AfterPackContext } from 'electron-builder';

/**
 * electron-builder's afterPack hook (electron-builder.yml `afterPack`): flips
 * Electron's fuses in the packaged binary, after the app is copied in and
 * before it is signed, so that the OS's signature check is what keeps them
 * flipped. It runs from out/node/scripts, which `npm run dist` builds first.
 */

/**
 * SECURITY: the fuses Lattice ships with. Lattice never runs Electron as plain
 * Node, takes no NODE_OPTIONS and no debugger, and loads its code only from
 * its own app.asar, whose hash the packager records and Electron checks
 * (macOS and Windows) before loading it: without these, anyone who can start
 * the signed app (or set an environment variable for it) could make it run
 * their own code under its name. Cookies are encrypted at rest with the OS's
 * key store. The fuses not named keep Electron's defaults.
 */
export const LATTICE_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
} as const satisfies Partial<Record<FuseV1Options, boolean>>;

/** What of electron-builder's pack context the hook reads. */
export type PackedApp = Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'arch'> & {
  packager: { appInfo: { productFilename: string }; executableName?: string };
};

const isMac = (platformName: string) => platformName === 'darwin' || platformName === 'mas';

/**
 * The fuse configuration for one packed app. On Apple silicon a binary whose
 * bytes changed after its ad-hoc signature will not start, and electron-builder
 * signs afterwards only where it has an identity: the ad-hoc signature is
 * renewed there, so an unsigned build still runs.
 */
export function fuseConfig(app: Pick<PackedApp, 'electronPlatformName' | 'arch'>): FuseV1Config {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: isMac(app.electronPlatformName) && (app.arch === Arch.arm64 || app.arch === Arch.universal),
    ...LATTICE_FUSES,
  };
}

/**
 * Where the fuse wire lives in the packed app: the executable on Linux (named
 * by `linux.executableName`) and Windows, the .app on macOS (@electron/fuses
 * finds the framework inside it). The same names electron-builder gives them.
 */
export function electronBinaryPath(app: PackedApp): string {
  const { appOutDir, electronPlatformName: platform, packager } = app;
  if (isMac(platform)) return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (platform === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (platform === 'linux') return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
  throw new Error(`no Electron binary known for platform ${platform}`);
}

/** The wire stores each fuse as an ASCII digit. */
const FUSE_BYTE = { false: '0'.charCodeAt(0), true: '1'.charCodeAt(0) } as const;

/**
 * Flips Lattice's fuses in the packed app and reads them back: a binary whose
 * wire does not say what we asked for fails the build rather than ship.
 */
export async function flipLatticeFuses(app: PackedApp): Promise<void> {
  const binary = electronBinaryPath(app);
  await flipFuses(binary, fuseConfig(app));
  const wire = await getCurrentFuseWire(binary);
  for (const [fuse, isOn] of Object.entries(LATTICE_FUSES)) {
    const found = wire[Number(fuse) as FuseV1Options];
    if (found !== FUSE_BYTE[`${isOn}`]) {
      throw new Error(`fuse ${FuseV1Options[Number(fuse)]} reads ${String(found)} in ${binary} after flipping, not ${isOn ? 'on' : 'off'}`);
    }
  }
}

/** electron-builder calls this export by name once per packed platform and architecture. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  await flipLatticeFuses(context);
}
