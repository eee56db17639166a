import { describe, expect, it } from 'vitest';
import { anchor, anchorAll, explainAnchor } from './anchoring.js';
import type { AnchorResult } from './anchoring.js';
import { describeSpan } from './selectors.js';
import type { AnchorTarget } from './selectors.js';

const note = [
  '# RLHF 流程',
  '经典 RLHF 分三步：SFT 学会遵循指令，RM 学会给回答打分，PPO 在 KL 约束下最大化奖励。',
  '奖励模型的 loss 来自 Bradley–Terry 模型：回答 y_w 优于 y_l 的概率由两者的分数差决定。',
  'PPO 需要同时维护四个模型：策略、参考、奖励和价值模型，显存开销很大。',
  'DPO 把奖励模型隐式地写进策略里，不再需要单独训练 RM，也不需要在线采样。',
].join('\n');

/** Selectors for the first occurrence of `quote` in `text` (or the n-th). */
function targetFor(text: string, quote: string, nth = 0): AnchorTarget {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`no ${quote}`);
  return describeSpan(text, at, at + quote.length);
}

function anchoredText(result: AnchorResult, text: string): string {
  if (result.state !== 'anchored') throw new Error(`orphan (score ${result.score})`);
  return text.slice(result.target.start, result.target.end);
}

function splitsSurrogatePair(text: string, i: number): boolean {
  return /[\ud800-\udbff]/.test(text[i - 1] ?? '') && /[\udc00-\udfff]/.test(text[i] ?? '');
}

describe('anchor', () => {
  it('accepts the old position when the text there is unchanged', () => {
    const target = targetFor(note, '显存开销很大');
    const result = anchor(target, note);
    expect(result).toEqual({ state: 'anchored', target, method: 'position', score: 1 });
  });

  it('keeps the old position when only the context around it changed', () => {
    const target = targetFor(note, '显存开销很大');
    const edited = note.replace('价值模型，', '价值网络，');
    const result = anchor(target, edited);
    expect(result).toMatchObject({ state: 'anchored', method: 'position', target: { start: target.start, end: target.end } });
    // The returned selectors describe the new text.
    if (result.state === 'anchored') expect(result.target.quote.prefix).toContain('价值网络');
  });

  it('finds moved text exactly and returns fresh selectors', () => {
    const target = targetFor(note, 'Bradley–Terry 模型');
    const edited = `前言：这是一份复习笔记。\n${note}`;
    const result = anchor(target, edited);
    expect(result).toMatchObject({ state: 'anchored', method: 'exact' });
    expect(anchoredText(result, edited)).toBe('Bradley–Terry 模型');
    if (result.state === 'anchored') expect(result.target).toEqual(describeSpan(edited, result.target.start, result.target.end));
  });

  it('follows a paragraph moved elsewhere in the note', () => {
    const lines = note.split('\n');
    const target = targetFor(note, '不再需要单独训练 RM');
    const edited = [lines[0], lines[4], lines[1], lines[2], lines[3]].join('\n');
    expect(anchoredText(anchor(target, edited), edited)).toBe('不再需要单独训练 RM');
  });

  it('tells repeated phrases apart by their context', () => {
    const text = '第一段：奖励模型负责打分，输出一个标量。\n第二段：价值模型估计回报，奖励模型负责打分并且冻结参数。';
    const target = targetFor(text, '奖励模型负责打分', 1);
    // Text inserted before both occurrences moves them; context picks the second.
    const edited = `新增一行。\n${text}`;
    const result = anchor(target, edited);
    expect(result.state).toBe('anchored');
    if (result.state === 'anchored') expect(result.target.start).toBe(edited.lastIndexOf('奖励模型负责打分'));
  });

  it('tells identical paragraphs apart by closeness to the old position', () => {
    const paragraph = 'The KV cache stores keys and values of past tokens so decoding does not recompute them.';
    const text = [paragraph, 'Some other text in between that is long enough to separate them.', paragraph].join('\n');
    const target = targetFor(text, 'keys and values', 1);
    const edited = `A new first line.\n${text}`;
    const result = anchor(target, edited);
    expect(result.state).toBe('anchored');
    if (result.state === 'anchored') expect(result.target.start).toBe(edited.lastIndexOf('keys and values'));
  });

  it('finds a quote that was edited (a typo fixed) approximately', () => {
    const text = 'Layer normalization normalizes across the feature dimension, unlike batch normalizaton which uses the batch.';
    const target = targetFor(text, 'unlike batch normalizaton which uses the batch');
    const edited = `Intro.\n${text.replace('normalizaton', 'normalization')}`;
    const result = anchor(target, edited);
    expect(result).toMatchObject({ state: 'anchored', method: 'approximate' });
    expect(anchoredText(result, edited)).toBe('unlike batch normalization which uses the batch');
  });

  it('makes an orphan of text rewritten beyond recognition, never attaching it elsewhere', () => {
    const target = targetFor(note, 'PPO 需要同时维护四个模型');
    const edited = note.replace(
      'PPO 需要同时维护四个模型：策略、参考、奖励和价值模型，显存开销很大。',
      '这一段被整体改写成了完全不同的内容，讨论的是数据清洗。',
    );
    expect(anchor(target, edited).state).toBe('orphan');
  });

  it('makes an orphan of a deleted span even when a short phrase of it recurs elsewhere', () => {
    const target = targetFor(note, '奖励模型');
    expect(note.split('奖励模型').length).toBe(3);
    const edited = note.replace('奖励模型的 loss 来自 Bradley–Terry 模型：回答 y_w 优于 y_l 的概率由两者的分数差决定。\n', '');
    const result = anchor(target, edited);
    expect(result.state).toBe('orphan');
  });

  it('makes orphans of empty quotes, empty texts and quotes longer than the text', () => {
    expect(anchor({ quote: { exact: '', prefix: '', suffix: '' }, start: 0, end: 0 }, note)).toEqual({ state: 'orphan', score: 0 });
    expect(anchor(targetFor(note, 'SFT'), '').state).toBe('orphan');
    const long = targetFor(note, note.slice(0, 60));
    expect(anchor(long, note.slice(0, 30)).state).toBe('orphan');
  });

  it('anchors in a 1 MB text quickly, even with the old offsets far off', () => {
    const filler = Array.from({ length: 15_000 }, (_, i) => `第 ${i} 段：这是用来填充的普通文本，讨论注意力、显存与并行。`).join('\n');
    const text = `${filler}\n独一无二的关键句子就在这里。\n${filler}`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const target = targetFor(text, '独一无二的关键句子');
    const huge = `${'开头新增的内容。'.repeat(1000)}\n${text}`;
    const started = performance.now();
    const result = anchor(target, huge);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(anchoredText(result, huge)).toBe('独一无二的关键句子');
  });

  it('re-anchors a very long quote with a few edits', () => {
    let seed = 1;
    const words = Array.from({ length: 40_000 }, () => `w${(seed = (seed * 48271) % 2147483647) % 5000}`).join(' ');
    const start = 100_000;
    const target = describeSpan(words, start, start + 20_000);
    const edited = `Inserted first line.\n${words.slice(0, start + 500)}XYZ${words.slice(start + 503, start + 9000)}${words.slice(start + 9010)}`;
    const started = performance.now();
    const result = anchor(target, edited);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ state: 'anchored', method: 'approximate' });
    if (result.state === 'anchored') expect(result.target.start).toBe(start + 'Inserted first line.\n'.length);
  });

  it('anchors CJK text by its sentence context', () => {
    const text = '温度越高分布越平。温度越低分布越尖。采样前先除以温度。';
    const target = targetFor(text, '分布越', 1);
    expect(target.quote.prefix).toBe('温度越高分布越平。温度越低');
    const edited = text.replace('采样前先除以温度。', '采样前先把 logits 除以温度 T。');
    const result = anchor(target, `补充：\n${edited}`);
    expect(result.state).toBe('anchored');
    if (result.state === 'anchored') expect(result.target.start).toBe(`补充：\n${edited}`.lastIndexOf('分布越'));
  });

  it('never returns offsets that split an emoji', () => {
    const text = 'Status: 🚀 launched 🎉 today, with 👍 reviews and more text after it.';
    const target = targetFor(text, '🚀 launched 🎉');
    // The first emoji is replaced by another one: two code units differ.
    const edited = `New line.\n${text.replace('🚀', '🛸')}`;
    const result = anchor(target, edited);
    expect(result.state).toBe('anchored');
    if (result.state === 'anchored') {
      expect(splitsSurrogatePair(edited, result.target.start)).toBe(false);
      expect(splitsSurrogatePair(edited, result.target.end)).toBe(false);
      expect(anchoredText(result, edited)).toBe('🛸 launched 🎉');
    }
  });

  it('matches composed and decomposed characters alike, with offsets into the given text', () => {
    const composed = 'Der Schrödinger-Gleichung folgt die Wellenfunktion. Café au lait.';
    const target = targetFor(composed, 'Schrödinger-Gleichung');
    const decomposed = `Vorwort.\n${composed.normalize('NFD')}`;
    const result = anchor(target, decomposed);
    expect(anchoredText(result, decomposed).normalize('NFC')).toBe('Schrödinger-Gleichung');
    // And a quote stored decomposed finds composed text.
    const storedNfd: AnchorTarget = {
      ...target,
      quote: { exact: target.quote.exact.normalize('NFD'), prefix: target.quote.prefix, suffix: target.quote.suffix },
    };
    expect(anchoredText(anchor(storedNfd, composed), composed)).toBe('Schrödinger-Gleichung');
  });

  it('gives anchorAll the same results as anchor on each', () => {
    const targets = ['SFT 学会遵循指令', '显存开销很大', '不需要在线采样', 'Bradley–Terry'].map((quote) => targetFor(note, quote));
    const edited = `新的第一行。\n${note.replace('显存开销很大', '显存开销非常大')}`;
    expect(anchorAll(targets, edited)).toEqual(targets.map((target) => anchor(target, edited)));
  });

  it('explains its candidates', () => {
    const target = targetFor(note, '显存开销很大');
    const { candidates, confidence } = explainAnchor(target, `x\n${note}`);
    expect(candidates[0]).toMatchObject({ errors: 0, parts: { quote: 1, prefix: 1, suffix: 1 } });
    expect(confidence).toBeGreaterThan(7.5);
  });
});
