import { describe, expect, it } from 'vitest';
import { TransactionPacer } from './transaction-pacing.js';

describe('TransactionPacer', () => {
  it('starts small and grows at most twofold while transactions are quick', () => {
    const pacer = new TransactionPacer(250, 40);
    expect(pacer.size).toBe(8);
    pacer.record(8, 1);
    expect(pacer.size).toBe(16);
    pacer.record(16, 2);
    expect(pacer.size).toBe(32);
    for (let i = 0; i < 10; i++) pacer.record(pacer.size, 0.5);
    expect(pacer.size).toBe(250);
  });

  it('shrinks at once to what fits in the target when notes are slow to write, down to one note', () => {
    const pacer = new TransactionPacer(250, 40);
    pacer.record(8, 80);
    expect(pacer.size).toBe(4);
    pacer.record(4, 4_000);
    expect(pacer.size).toBe(1);
  });

  it('never passes the batch size asked for', () => {
    const pacer = new TransactionPacer(7, 40);
    expect(pacer.size).toBe(7);
    pacer.record(7, 0);
    expect(pacer.size).toBe(7);
  });
});
