import { describe, expect, it } from 'vitest';
import { applyEdits, seededRng } from './anchoring-edits.js';
import { withCrlf, withFrontMatterEdits } from './anchoring-source-edits.js';
import type { EditContext, TrackedAnnotation } from './anchoring-edits.js';
import { carryIds, classify, docFromText, idsOfSpan, spanF1, textOf, truthSpans } from './anchoring-oracle.js';
import type { Doc, Unit } from './anchoring-oracle.js';
import { summarize, newTally } from './anchoring-report.js';

const fresh = (s: string): Unit[] => Array.from(s, (ch) => ({ s: ch, id: -1, copy: 0 }));

describe('character-identity oracle', () => {
  const text = 'alpha beta gamma\ndelta 😀 epsilon';
  const span = { start: text.indexOf('beta'), end: text.indexOf('beta') + 'beta gamma'.length };

  it('gives every code point an id and finds an unedited span', () => {
    const doc = docFromText(text);
    expect(textOf(doc)).toBe(text);
    const ids = idsOfSpan(doc, span);
    expect(truthSpans(doc, ids)).toEqual([{ ...span, copy: 0 }]);
    // Ids count code points: the emoji is one unit of two code units.
    const emoji = text.indexOf('😀');
    expect(idsOfSpan(doc, { start: emoji, end: emoji + 2 })).toEqual({ from: emoji, to: emoji + 1 });
  });

  it('follows characters through inserts and deletes; inserted text inside widens the span', () => {
    const doc = docFromText(text);
    const ids = idsOfSpan(doc, span);
    const at = doc.findIndex((unit) => unit.s === 'g');
    doc.splice(at, 0, ...fresh('big '));
    doc.splice(0, 6);
    const edited = textOf(doc);
    expect(edited.slice(truthSpans(doc, ids)[0]?.start, truthSpans(doc, ids)[0]?.end)).toBe('beta big gamma');
  });

  it('says deleted when fewer than half the characters survive', () => {
    const doc = docFromText(text);
    const ids = idsOfSpan(doc, span);
    const at = doc.findIndex((unit) => unit.s === 'b');
    doc.splice(at, 6);
    expect(truthSpans(doc, ids)).toEqual([]);
  });

  it('keeps the largest cluster when a move tears an annotation apart', () => {
    const doc = docFromText('one two three\nfour five six\nseven eight nine ten eleven twelve');
    const ids = idsOfSpan(doc, { start: 8, end: 18 });
    // Move "four five six\n" to the end: "three\n" stays, "four" leaves.
    const moved = doc.splice(14, 14);
    doc.push(...moved);
    const truth = truthSpans(doc, ids);
    expect(truth).toHaveLength(1);
    expect(textOf(doc).slice(truth[0]?.start, truth[0]?.end)).toBe('three\n');
  });

  it('accepts any copy of a duplicated paragraph', () => {
    const doc: Doc = docFromText('head\nthe annotated line\ntail');
    const ids = idsOfSpan(doc, { start: 9, end: 18 });
    const copy = doc.slice(5, 24).map((unit) => ({ ...unit, copy: 1 }));
    doc.splice(5, 0, ...copy);
    const truth = truthSpans(doc, ids);
    expect(truth.map((t) => t.copy)).toEqual([0, 1]);
    expect(classify({ start: truth[1]?.start ?? 0, end: truth[1]?.end ?? 0 }, truth)).toMatchObject({ outcome: 'exact', onCopy: true });
  });

  it('classifies anchors against the truth', () => {
    const truth = [{ start: 10, end: 20, copy: 0 }];
    expect(classify({ start: 10, end: 20 }, truth).outcome).toBe('exact');
    expect(classify({ start: 10, end: 21 }, truth).outcome).toBe('near');
    expect(classify({ start: 15, end: 30 }, truth).outcome).toBe('partial');
    expect(classify({ start: 40, end: 50 }, truth).outcome).toBe('wrong');
    expect(classify(null, truth).outcome).toBe('missed');
    expect(classify(null, []).outcome).toBe('rightOrphan');
    expect(classify({ start: 0, end: 5 }, []).outcome).toBe('wrong');
    expect(spanF1({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(0.5);
  });

  it('sums rates with right orphans counted correct', () => {
    const tally = newTally('delete', 1);
    tally.add('rightOrphan', false);
    tally.add('wrong', false);
    tally.add('exact', false);
    tally.add('missed', false);
    expect(summarize([tally])).toEqual({ cases: 4, exact: 0.25, correct: 0.5, orphan: 0.5, wrong: 0.25 });
  });

  it('carries ids across a re-projection by longest common subsequence', () => {
    const before = docFromText('same start, old middle, same end');
    const after = carryIds(before, 'same start, new middle!, same end');
    expect(after.filter((unit) => unit.id >= 0).length).toBeGreaterThan(28);
    expect(after.find((unit) => unit.s === '!')?.id).toBe(-1);
    expect(carryIds(before, textOf(before))).toEqual(before);
  });
});

describe('benchmark edits', () => {
  const text = Array.from({ length: 30 }, (_, i) => `第 ${i} 行：这里是一些用于测试的中文内容，还有 English words ${i}。`).join('\n');
  const base = docFromText(text);
  const annotation: TrackedAnnotation = { ids: idsOfSpan(base, { start: 800, end: 820 }), prefixLength: 32, suffixLength: 32 };
  const context = (): EditContext => ({
    rng: seededRng(7),
    annotations: [annotation],
    targeted: new Set(),
    filler: () => '插入的文字',
    nextCopy: 1,
  });

  it('leaves annotations and their context untouched with far edits', () => {
    const edited = applyEdits(base, 'far', 20, context());
    const truth = truthSpans(edited, annotation.ids)[0];
    expect(textOf(edited).slice(truth?.start, truth?.end)).toBe(text.slice(800, 820));
    expect(textOf(edited)).not.toBe(text);
  });

  it('deletes the annotated span', () => {
    expect(truthSpans(applyEdits(base, 'delete', 1, context()), annotation.ids)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(textOf(applyEdits(base, 'typo', 5, context()))).toBe(textOf(applyEdits(base, 'typo', 5, context())));
  });

  it('changes only line ends and front matter in the source edits', () => {
    const source = '---\ntitle: 笔记\ntags: [a]\n---\n# 标题\n正文第一行\n正文第二行\n';
    expect(withCrlf(source, 20, seededRng(1)).replace(/\r/g, '')).toBe(source);
    const edited = withFrontMatterEdits(source, 5, seededRng(2));
    expect(edited.endsWith('---\n# 标题\n正文第一行\n正文第二行\n')).toBe(true);
  });
});
