import { describe, expect, it } from 'vitest';
import { findMentions, SuppressedMatches, suppressionAnchor, TermMatcher } from './mentions.js';

const matcher = new TermMatcher([
  { conceptId: 1, term: '重排' },
  { conceptId: 2, term: 'Rerank' },
]);

const TEXT = '检索链路：召回、重排、生成。\nRoPE 要对投影矩阵做对应的重排，否则结果是错的。';
const wrong = TEXT.lastIndexOf('重排');

/** The suppression a person makes on the second 重排 (the reordering of matrices). */
const offHere = (text: string, at: number) => ({ conceptId: 1, ...suppressionAnchor(text, at, at + 2) });

const starts = (text: string, suppressed: SuppressedMatches): number[] => suppressed.filter(text, matcher.find(text)).map((m) => m.start);

describe('SuppressedMatches', () => {
  it('turns off the one occurrence it was made on, not the same word elsewhere', () => {
    const suppressed = new SuppressedMatches([offHere(TEXT, wrong)]);
    expect(starts(TEXT, suppressed)).toEqual([TEXT.indexOf('重排')]);
  });

  it('keeps it off when the note changes elsewhere, or on one side of the words', () => {
    const suppressed = new SuppressedMatches([offHere(TEXT, wrong)]);
    const elsewhere = `新的一段开头。\n${TEXT.replace('召回、', '粗排、召回、')}\n结尾也变了。`;
    expect(starts(elsewhere, suppressed)).toEqual([elsewhere.indexOf('重排')]);
    const after = TEXT.replace('，否则结果是错的。', '。');
    expect(starts(after, suppressed)).toEqual([after.indexOf('重排')]);
    const before = TEXT.replace('RoPE 要对投影', 'RoPE 对 Q、K 的投影');
    expect(starts(before, suppressed)).toEqual([before.indexOf('重排')]);
  });

  it('lets the words count again when both sides were rewritten, or for another concept', () => {
    const suppressed = new SuppressedMatches([offHere(TEXT, wrong)]);
    const rewritten = TEXT.replace('RoPE 要对投影矩阵做对应的重排，否则结果是错的。', '最后做一次重排就好。');
    expect(starts(rewritten, suppressed)).toHaveLength(2);
    const other = new SuppressedMatches([{ ...offHere(TEXT, wrong), conceptId: 2 }]);
    expect(starts(TEXT, other)).toHaveLength(2);
  });

  it('leaves the concept page without the occurrence: fewer mentions, not its section', () => {
    const sections = [
      { ord: 0, start: 0 },
      { ord: 1, start: TEXT.indexOf('RoPE') },
    ];
    const all = findMentions(TEXT, sections, new Set(), matcher);
    expect(all).toMatchObject([{ conceptId: 1, occurrences: 2, sectionOrds: [0, 1] }]);
    const suppressed = findMentions(TEXT, sections, new Set(), matcher, new SuppressedMatches([offHere(TEXT, wrong)]));
    expect(suppressed).toMatchObject([{ conceptId: 1, occurrences: 1, sectionOrds: [0] }]);
  });
});

describe('SuppressedMatches: short lines', () => {
  const lines = 'PPO：用 RM 作为环境奖励\nPPO：clip 限制策略变化\nPPO';
  const ppo = new TermMatcher([{ conceptId: 3, term: 'PPO' }]);
  const at = (text: string) => new SuppressedMatches([{ conceptId: 3, ...suppressionAnchor(text, 0, 3) }]);

  it('does not take a word at the start of another line for the same place', () => {
    const suppressed = at(lines);
    expect(suppressed.filter(lines, ppo.find(lines)).map((m) => m.start)).toEqual([
      lines.indexOf('\nPPO：clip') + 1,
      lines.lastIndexOf('PPO'),
    ]);
  });

  it('keeps a word alone on its line off while that line stays as it was', () => {
    const alone = 'PPO\n下一段。';
    const suppressed = at(alone);
    expect(suppressed.filter(alone, ppo.find(alone))).toEqual([]);
    const moved = '前面加了一段。\nPPO\n下一段改了。';
    expect(suppressed.filter(moved, ppo.find(moved))).toEqual([]);
  });
});
