/** Pictures the media tests write into their temp folders (tests only). */

/** A 1×1 PNG (signature, IHDR, IDAT, IEND), our own bytes. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b1d0f70000000049454e44ae426082',
  'hex',
);
