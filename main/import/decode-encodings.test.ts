import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeNoteBytes, NoteFileError } from './decode.js';

// Notes as people save them from Windows editors and older collections,
// encoded here with iconv-lite rather than kept as binary fixtures.

const CHINESE_NOTE = `---
title: 注意力机制面试题
tags: [transformer, 面试]
---
# 注意力机制面试题

## 1. Self-Attention 的计算公式是什么？

$$\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$

其中 $d_k$ 是 key 的维度。除以 $\\sqrt{d_k}$ 是为了防止点积过大，softmax 进入梯度很小的区域。

## 2. 多头注意力（Multi-Head Attention）有什么好处？

- 不同的头关注不同子空间的信息
- 参数量与单头相同：每个头的维度是 $d_{model}/h$

## 3. KV cache 为什么能加速推理？

自回归解码时，之前 token 的 K、V 不变，缓存起来即可。代价：显存随序列长度线性增长，所以有了 MQA、GQA。
RLHF 流程：SFT → RM → PPO，损失 $L = -\\log \\sigma(r_w - r_l)$。
`;

const TRADITIONAL_NOTE = `# 注意力機制面試題

## 為什麼要除以根號 d_k？

點積的方差隨維度增大，softmax 會進入梯度很小的區域：$\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$。

- 多頭注意力：不同的頭關注不同子空間
- KV cache：推理時緩存之前的 K 和 V
`;

const JAPANESE_NOTE = `# 自己注意機構のメモ

トランスフォーマーの自己注意機構は、系列内の各位置が他のすべての位置を参照できる仕組みです。
計算式は $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$ で、KV キャッシュを使うと推論が速くなります。
`;

const ENGLISH_NOTE = `# Notes on RLHF

The \u201creward model\u201d scores each answer \u2014 it\u2019s trained on human preferences.
Don\u2019t forget: PPO keeps the policy close to the SFT model (a KL penalty, beta \u00d7 KL).
Caf\u00e9 na\u00efvet\u00e9 aside, the r\u00e9sum\u00e9 line is \u201cDPO skips the RM\u201d\u2026
`;

const encode = (text: string, encoding: string): Uint8Array => Uint8Array.from(iconv.encode(text, encoding));
const withMark = (mark: number[], body: Uint8Array): Uint8Array => Uint8Array.from([...mark, ...body]);

describe('decodeNoteBytes in the encodings people save notes in', () => {
  it.each([
    ['GBK', 'gbk', CHINESE_NOTE, 'gb18030'],
    ['Big5', 'big5', TRADITIONAL_NOTE, 'big5'],
    ['Shift-JIS', 'shift_jis', JAPANESE_NOTE, 'shift_jis'],
    ['Windows-1252', 'windows-1252', ENGLISH_NOTE, 'windows-1252'],
  ])('reads a note saved as %s and says so', (name, iconvName, note, label) => {
    const bytes = encode(note, iconvName);
    // The fixture must really be in that encoding, not UTF-8 by accident.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeNoteBytes(bytes)).toEqual({
      text: note,
      warnings: [`decoded as ${name}: the file is not UTF-8`],
      encoding: label,
      encodingName: name,
      replaced: 0,
    });
  });

  it('names GB18030 when the file uses its four-byte characters (beyond GBK)', () => {
    const note = `${CHINESE_NOTE}备注：𠮷 是扩展 B 区的字，✓ 已复习。\n`;
    const bytes = encode(note, 'gb18030');
    expect(iconv.encode('✓', 'gbk').toString()).toBe('?'); // GBK cannot hold it: the note needs GB18030
    const decoded = decodeNoteBytes(bytes);
    expect(decoded.text).toBe(note);
    expect(decoded.warnings).toEqual(['decoded as GB18030: the file is not UTF-8']);
  });

  it('reads a GBK note with Windows line ends', () => {
    const decoded = decodeNoteBytes(encode(CHINESE_NOTE.replace(/\n/g, '\r\n'), 'gbk'));
    expect(decoded.text).toBe(CHINESE_NOTE);
  });

  it('reads a long GBK note whose sample for detection ends inside a character', () => {
    // Past the 64 KB sample; the odd ASCII prefix puts a two-byte character across its end.
    let note = 'x';
    while (note.length < 50_000) note += CHINESE_NOTE;
    const bytes = encode(note, 'gbk');
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(decodeNoteBytes(bytes)).toMatchObject({ text: note, encoding: 'gb18030', replaced: 0 });
  });

  it('reads a GBK note whose first 64 KB are all ASCII (a long English part or code) by its Chinese', () => {
    const note = `${'The quick brown fox jumps over the lazy dog. '.repeat(2000)}\n${CHINESE_NOTE}`;
    const bytes = encode(note, 'gbk');
    expect(bytes.indexOf(0x80 + 0x57)).toBeGreaterThan(64 * 1024); // 0xD7 of 注: the first non-ASCII byte
    expect(decodeNoteBytes(bytes)).toMatchObject({ text: note, encoding: 'gb18030', replaced: 0 });
  });

  it.each([
    ['UTF-16 LE', [0xff, 0xfe], 'utf-16le'],
    ['UTF-16 BE', [0xfe, 0xff], 'utf-16be'],
    ['UTF-32 LE', [0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
    ['UTF-32 BE', [0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  ])('reads %s with a byte order mark, with no warning', (_name, mark, label) => {
    const bytes = withMark(mark, encode(CHINESE_NOTE, label));
    expect(decodeNoteBytes(bytes)).toMatchObject({ text: CHINESE_NOTE, warnings: [], encoding: label, replaced: 0 });
  });

  it.each([
    ['UTF-16 LE', 'utf-16le'],
    ['UTF-16 BE', 'utf-16be'],
    ['UTF-32 LE', 'utf-32le'],
    ['UTF-32 BE', 'utf-32be'],
  ])('reads %s without a byte order mark from where its NUL bytes fall', (name, label) => {
    for (const note of [CHINESE_NOTE, JAPANESE_NOTE, ENGLISH_NOTE]) {
      expect(decodeNoteBytes(encode(note, label))).toMatchObject({
        text: note,
        warnings: [`decoded as ${name}: the file has no byte order mark`],
        encoding: label,
      });
    }
  });

  it('still refuses binary files, whose NUL bytes do not read as text', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00,
    ]);
    expect(() => decodeNoteBytes(png)).toThrow(NoteFileError);
    const sqlite = new Uint8Array(64);
    sqlite.set(new TextEncoder().encode('SQLite format 3\0'));
    sqlite[16] = 0x10;
    expect(() => decodeNoteBytes(sqlite)).toThrow(/binary file/);
  });

  it('counts what a legacy encoding cannot read and names it', () => {
    // 0xFF is never a GBK byte: one damaged byte in a GBK note.
    const good = encode(CHINESE_NOTE, 'gbk');
    const at = good.indexOf(0x0a, 100);
    const damaged = Uint8Array.from([...good.subarray(0, at), 0xff, ...good.subarray(at)]);
    const decoded = decodeNoteBytes(damaged);
    expect(decoded).toMatchObject({ encoding: 'gb18030', replaced: 1 });
    expect(decoded.warnings).toEqual(['decoded as GBK: the file is not UTF-8', 'not valid GBK: 1 invalid byte sequence replaced with �']);
    expect(decoded.text.replace('\uFFFD', '')).toBe(CHINESE_NOTE);
  });
});

describe('short files, where a detector alone is unsure', () => {
  it.each(['注意力机制', 'KV 缓存', '的', '幻觉的原因', '# 面试\n\n显存'])('reads the Chinese %j saved as GBK as Chinese', (text) => {
    expect(decodeNoteBytes(encode(text, 'gbk'))).toMatchObject({ text, encoding: 'gb18030' });
  });

  it('reads short Big5 and Shift-JIS as what they are', () => {
    expect(decodeNoteBytes(encode('注意力機制', 'big5'))).toMatchObject({ text: '注意力機制', encoding: 'big5' });
    expect(decodeNoteBytes(encode('注意機構のメモ', 'shift_jis'))).toMatchObject({ text: '注意機構のメモ', encoding: 'shift_jis' });
  });

  it.each([
    'It\u2019s fine. Don\u2019t worry\n',
    'caf\u00e9',
    'na\u00efve r\u00e9sum\u00e9',
    'Die Gr\u00f6\u00dfe ist gro\u00df. \u00dcbung macht den Meister.',
    '\u201cattention\u201d \u2014 the caf\u00e9\u2019s menu',
    '5 \u00d7 4 \u00b1 1 \u00b0C, \u20ac20',
    'a\u00fe',
  ])('keeps ASCII with a few Windows-1252 bytes Latin: %j', (text) => {
    expect(decodeNoteBytes(encode(text, 'windows-1252'))).toMatchObject({
      text,
      encoding: 'windows-1252',
      replaced: 0,
      warnings: ['decoded as Windows-1252: the file is not UTF-8'],
    });
  });

  it('does not count a � the author wrote as a character that could not be decoded', () => {
    const text = '乱码长这样：ע\uFFFD\uFFFD\n';
    expect(decodeNoteBytes(new TextEncoder().encode(text))).toEqual({
      text,
      warnings: [],
      encoding: 'utf-8',
      encodingName: 'UTF-8',
      replaced: 0,
    });
    expect(decodeNoteBytes(Uint8Array.from([0xff, 0xfe, ...encode(text, 'utf-16le')]))).toMatchObject({ text, warnings: [], replaced: 0 });
  });

  it('does not take bytes Windows-1252 leaves undefined for Latin text', () => {
    // 0x81 and 0x8D are no Windows-1252 character; as double-byte leads they read as characters.
    expect(decodeNoteBytes(Uint8Array.from([0x61, 0x81, 0x40, 0x20, 0x8d, 0x70])).encoding).not.toBe('windows-1252');
  });

  it('keeps UTF-8 with a damaged byte UTF-8, however short', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('注意力'), 0xe6, 0xb3, ...new TextEncoder().encode('机制')]);
    expect(decodeNoteBytes(bytes)).toMatchObject({
      text: '注意力\uFFFD机制',
      encoding: 'utf-8',
      replaced: 1,
      warnings: ['not valid UTF-8: 1 invalid byte sequence replaced with �'],
    });
  });

  it('leaves encodings it does not score to the detector: Cyrillic and Korean', () => {
    const russian = 'Заметки о трансформерах: внимание, ключи и значения, кэш и скорость вывода.';
    expect(decodeNoteBytes(encode(russian, 'windows-1251'))).toMatchObject({ text: russian, encoding: 'windows-1251' });
    const korean = '# 트랜스포머 정리\n\n어텐션은 쿼리와 키의 내적으로 가중치를 구한다.';
    expect(decodeNoteBytes(encode(korean, 'euc-kr'))).toMatchObject({ text: korean, encoding: 'euc-kr' });
  });
});
