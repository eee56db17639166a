import { describe, expect, it } from 'vitest';
import type { Mastery } from '../../../main/api/contract.js';
import { weakestLink } from './weakest-link.js';

const mastery = (level: Mastery['level'], recall: number): Mastery => ({ level, recall, cards: 4, reviewed: 4, weak: 0, solid: 0 });
const chain = [
  { id: 1, name: 'SFT' },
  { id: 2, name: 'RM' },
  { id: 3, name: 'PPO' },
];

describe('the weakest link of a chain', () => {
  it('is the step at the lowest level, a just-failed concept before one merely slipping in recall', () => {
    const found = weakestLink(
      chain,
      new Map([
        [1, mastery('solid', 0.95)],
        [2, mastery('weak', 1)],
        [3, mastery('learning', 0.7)],
      ]),
    );
    expect(found?.concept.name).toBe('RM');
  });

  it('ranks by recall within a level, then by the order of the chain, and passes over concepts with no card', () => {
    expect(
      weakestLink(
        chain,
        new Map([
          [1, mastery('learning', 0.8)],
          [2, mastery('learning', 0.6)],
          [3, mastery('learning', 0.9)],
        ]),
      )?.concept.name,
    ).toBe('RM');
    expect(
      weakestLink(
        chain,
        new Map([
          [1, mastery('weak', 0.5)],
          [3, mastery('weak', 0.5)],
        ]),
      )?.concept.name,
    ).toBe('SFT');
    expect(
      weakestLink(
        chain,
        new Map([
          [1, mastery('learning', 0)],
          [3, mastery('unstudied', 0)],
        ]),
      )?.concept.name,
    ).toBe('PPO');
    expect(weakestLink(chain, new Map())).toBeNull();
  });
});
