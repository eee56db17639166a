import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AnkiPackageError, readAnkiPackage } from './read-apkg.js';
import { legacyFixture } from './test-support.js';

/*
 * A package comes from a stranger: what it says about its own sizes may be a
 * lie. The bound on what it unpacks to (MAX_UNPACKED_BYTES) is checked on
 * the sizes the zip states, which is safe only because fflate allocates each
 * entry at its stated size and never writes past it: a lie makes a truncated
 * (damaged) entry, never a larger one. These tests hold both halves.
 */

/** Every uncompressed-size field of the zip (local headers and central directory) set to `size`. */
function withStatedSize(zip: Uint8Array, size: number): Uint8Array {
  const out = Uint8Array.from(zip);
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= out.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    else if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

const refusal = (bytes: Uint8Array): unknown => {
  try {
    readAnkiPackage(bytes);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('a package that lies about its sizes', () => {
  it('is refused, before anything is unpacked, when it states more than 512 MB', () => {
    const honest = zipSync({ 'collection.anki2': legacyFixture() });
    const error = refusal(withStatedSize(honest, 600 * 1024 * 1024));
    expect(error).toBeInstanceOf(AnkiPackageError);
    expect((error as Error).message).toBe('the package unpacks to more than 512 MB');
  });

  it('unpacks no more than it states: 20 MB of zeros stated as 1,000 bytes come out as 1,000 bytes, and are refused as unreadable', () => {
    const bomb = withStatedSize(zipSync({ 'collection.anki2': new Uint8Array(20 * 1024 * 1024) }, { level: 9 }), 1000);
    expect(bomb.length).toBeLessThan(100_000);
    // What the size bound relies on: the entry is cut at its stated size, not grown to what it holds.
    expect(unzipSync(bomb)['collection.anki2']?.length).toBe(1000);
    const error = refusal(bomb);
    expect(error).toBeInstanceOf(AnkiPackageError);
    expect((error as Error).message).toMatch(/^the collection could not be read/);
  });
});
