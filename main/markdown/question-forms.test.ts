import { describe, expect, it } from 'vitest';
import {
  askedBeforeColon,
  asksLoosely,
  bulletAsks,
  comparable,
  hasWords,
  headingAsks,
  inlineQuestion,
  isApparatusHeading,
  isElliptical,
  isLookAlike,
  isStatement,
  isTopicList,
  questionText,
  stripEnumerator,
} from './question-forms.js';

describe('bulletAsks', () => {
  it('takes the bullet forms people write, with or without ？', () => {
    for (const bullet of [
      '为什么要除以根号dk',
      '如何优化检索',
      '讲解一下 RoPE',
      'LayerNorm 和 BatchNorm 的区别',
      'FlashAttention 原理',
      'RAG vs 微调',
      'LoRA 和全参微调有什么不同',
      'KV cache 占多少显存？',
      'What is speculative decoding?',
    ]) {
      expect(bulletAsks(bullet), bullet).toBe(true);
    }
  });

  it('leaves statements that merely contain a question word', () => {
    for (const bullet of [
      '原理简单，容易实现',
      '为什么它有效还没有定论，但实验很充分',
      '优点：并行度高',
      '决定了模型如何分配注意力',
      '这也是为什么大家都用它',
      '数据中有错误',
      `为什么${'很'.repeat(200)}长？`,
    ]) {
      expect(bulletAsks(bullet), bullet).toBe(false);
    }
  });
});

describe('headings and numbered items', () => {
  it('ask with a question word anywhere, and not with punctuation alone', () => {
    expect(asksLoosely('MOE为什么比dense难训练')).toBe(true);
    expect(asksLoosely('预训练、SFT、RLHF（DPO vs PPO）')).toBe(true);
    expect(asksLoosely('？？？')).toBe(false);
    expect(asksLoosely('模型结构')).toBe(false);
  });

  it('a statement heading asks only before its colon', () => {
    const heading = 'L1 和 L2正则化差别：L1 让参数稀疏';
    expect(askedBeforeColon(heading)).toBe(heading.indexOf('：') + 1);
    expect(askedBeforeColon('2.任务的复杂性和能力阈值：当模型学会如何组合这些能力')).toBeUndefined();
  });

  it('a topic and its terms after a colon is a topic list; a sentence after a label is not', () => {
    expect(isTopicList('位置编码：RoPE、ALiBi、YaRN')).toBe(true);
    expect(isTopicList('评估指标：依据任务而定，人工评估加自动指标。')).toBe(false);
    expect(isTopicList('模型结构')).toBe(false);
  });

  it('category and reference headings are apparatus', () => {
    for (const heading of ['题库', '面试题', '参考资料', 'References', '1. 参考链接'])
      expect(isApparatusHeading(heading), heading).toBe(true);
    expect(isApparatusHeading('模型结构的问题')).toBe(false);
  });
});

describe('question text', () => {
  it('drops the author numbering and a trailing colon, keeps numbers that are content', () => {
    expect(questionText('11、如何优化rag')).toBe('如何优化rag');
    expect(questionText('4.在模型实际部署过程中，如何解决多用户请求问题')).toBe('在模型实际部署过程中，如何解决多用户请求问题');
    expect(questionText('1.1 什么是 scaling law？')).toBe('什么是 scaling law？');
    expect(questionText('12.rag的幻觉问题：')).toBe('rag的幻觉问题');
    // A section number needs a space after it: `1.5倍` is content.
    expect(questionText('1.5倍的学习率为什么不行')).toBe('1.5倍的学习率为什么不行');
  });

  it('knows TODO lines, bare links and elliptical prompts', () => {
    expect(isLookAlike('TODO：整理 continuous batching')).toBe(true);
    expect(isLookAlike('[ ] 整理 MoE')).toBe(true);
    expect(isLookAlike('https://zhuanlan.zhihu.com/p/636784644')).toBe(true);
    expect(isLookAlike('为什么要缓存 KV')).toBe(false);
    expect(isElliptical('如何提高')).toBe(true);
    expect(isElliptical('怎么解决')).toBe(true);
    expect(isElliptical('如何提高大模型服务的吞吐率')).toBe(false);
  });

  it('reads Q：, Q: and 问： lines', () => {
    expect(inlineQuestion('Q：什么是 KV cache？ A：缓存。')).toBe('什么是 KV cache？ A：缓存。');
    expect(inlineQuestion('问：为什么？')).toBe('为什么？');
    expect(inlineQuestion('Q 的计算量很小。')).toBeUndefined();
  });
});

describe('comparable', () => {
  /** The rule as first written with regular expressions: the one-pass version must agree with it everywhere. */
  const byRegExp = (text: string): string =>
    stripEnumerator(text)
      .replace(/[\s*_`#>]/g, '')
      .replace(/[？?。.:：!！]+$/, '')
      .toLowerCase();

  it('drops numbering, spacing, Markdown marks and end punctuation, and lower-cases', () => {
    expect(comparable('12. **为什么** 大模型 是 Decoder-only？')).toBe('为什么大模型是decoder-only');
    expect(comparable('### GQA\u3000和 MQA 的区别?!')).toBe('gqa和mqa的区别');
    expect(comparable('什么是 `KV cache`。 ')).toBe('什么是kvcache');
    expect(comparable('？？')).toBe('');
    expect(comparable('')).toBe('');
  });

  it('gives what the regular expressions give on random text made of the characters they treat specially', () => {
    const alphabet = [...' \t\n\u00a0\u2003\u3000\ufeff*_`#>？?。.:：!！、）)1a.ZÄ为什么𝑥'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(next() * 24);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(comparable(text), JSON.stringify(text)).toBe(byRegExp(text));
    }
  });
});

/** bulletAsks' wording, copied from question-forms.ts as it was, for the comparison below. */
const BULLET_OPENS_FOR_TEST =
  /^(为什么|为何|如何|怎么|怎样|什么是|什么叫|是否|能否|讲解|讲讲|讲一下|介绍一下|说说|说一下|谈谈|解释一下|简述|描述一下|比较一下|对比一下|(why|how|what|which|explain|describe|compare)\b)/i;
const BULLET_ENDS_FOR_TEST =
  /([？?]|吗|原理|原理是什么|是什么|有哪些|有什么不同|有什么区别|有何区别|有何不同|的区别|的差别|的不同|的异同|的优缺点|怎么办|怎么做|怎么算|如何实现|如何计算)$/;

describe('the character tests written by code unit', () => {
  let seed = 3;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const randomText = (alphabet: string[], longest: number): string => {
    let text = '';
    const length = Math.floor(next() * longest);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
    return text;
  };

  it('hasWords says what /[\\p{L}\\p{N}]/u says, for every code unit and for random text', () => {
    const differ: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = String.fromCharCode(code);
      if (hasWords(text) !== /[\p{L}\p{N}]/u.test(text)) differ.push(code);
    }
    expect(differ).toEqual([]);
    const alphabet = [...' ？?-*#_、。！\u3000\u00a0\u0301a9为Ä٣'];
    alphabet.push('𝑥', '😀', '\ud835');
    for (let n = 0; n < 2000; n++) {
      const text = randomText(alphabet, 8);
      expect(hasWords(text), JSON.stringify(text)).toBe(/[\p{L}\p{N}]/u.test(text));
    }
    expect(hasWords('')).toBe(false);
  });

  it('stripEnumerator and isElliptical give what their regular expressions gave', () => {
    const byRegExpStrip = (text: string): string =>
      text
        .replace(/^\s*\d{1,3}(?:\.\d{1,3})+[.．]?\s+/, '')
        .replace(/^\s*\(?\d{1,4}\s*[.．、)）]\s*(?!\d)/, '')
        .trim();
    const byRegExpElliptical = (text: string): boolean => {
      const bare = byRegExpStrip(text).replace(/[？?。.:：!！\s]+$/g, '');
      return bare.length <= 6 && /^(如何|怎么|怎样|为什么|为何|原因|解决|方法|优缺点|区别|优势|缺点|优点|影响|作用|原理)/.test(bare);
    };
    const alphabet = [
      '1',
      '2',
      ':',
      '：',
      '.',
      '．',
      '、',
      ')',
      '）',
      '(',
      ' ',
      '\t',
      '\u3000',
      '\ufeff',
      '\u00a0',
      '如何',
      '原因',
      '提高',
      'a',
      '？',
      '。',
      '!',
      '：',
      '𝑥',
    ];
    for (let n = 0; n < 4000; n++) {
      const text = randomText(alphabet, 10);
      expect(stripEnumerator(text), JSON.stringify(text)).toBe(byRegExpStrip(text));
      expect(isElliptical(text), JSON.stringify(text)).toBe(byRegExpElliptical(text));
      expect(questionText(text), JSON.stringify(text)).toBe(
        byRegExpStrip(text)
          .replace(/[：:]+$/, '')
          .trim(),
      );
    }
    // Numbers the hand-written reading of the enumerator must take or leave exactly as the expression did.
    const numbers = [
      '12345. x',
      '1234. x',
      '1. 2',
      '1.2',
      '1 . x',
      '(1) x',
      '((1) x',
      '1、\u30002',
      '1）',
      '1.',
      '1. \t 2',
      '1.  ',
      '0001.a',
    ];
    const digitHeavy = ['1', '2', '3', '4', '5', '.', ' ', '\u3000', '(', ')', '、', 'x'];
    for (let n = 0; n < 3000; n++) numbers.push(randomText(digitHeavy, 9));
    for (const text of numbers) expect(stripEnumerator(text), JSON.stringify(text)).toBe(byRegExpStrip(text));
    expect(isElliptical('19.如何提高\u3000？')).toBe(true);
    expect(isElliptical('如何提高大模型服务的吞吐率')).toBe(false);
    expect(stripEnumerator('')).toBe('');
    expect(stripEnumerator('\u3000 2.3 QLoRA')).toBe('QLoRA');
  });

  it('isApparatusHeading, isStatement and isLookAlike give what their regular expressions alone gave', () => {
    const url = /https?:\/\/\S+/gi;
    const byRegExpApparatus = (text: string): boolean =>
      /^(题库|面试题|面试题目|问题|问题列表|题目|目录|总结|小结|参考|参考文献|参考资料|参考链接|相关链接|相关笔记|延伸阅读|链接|资料|附录|references?|links?|see also|further reading|todo|table of contents|toc)[：:]?$/i.test(
        stripEnumerator(text).replace(/\s+/g, ' ').trim(),
      );
    const ASKS =
      /[？?]|为什么|为何|如何|怎么|怎样|什么|哪些|哪个|哪种|是否|能否|可否|有何|区别|不同|差别|差异|异同|原理|讲解|讲一下|讲讲|介绍一下|说说|谈谈|解释一下|简述|优缺点|优劣|对比|比较|原因|解决方案|怎么办|作用是|\bvs\.?(?=\s|$|[^a-z])|\b(why|how|what|which|when|difference)\b/i;
    const byRegExpStatement = (text: string): boolean => /[：:]\s*(\S)/.exec(text.replace(url, '')) !== null;
    const byRegExpLookAlike = (text: string): boolean => {
      const trimmed = text.trim();
      if (!/[\p{L}\p{N}]/u.test(trimmed) || /^\s*(\[[ xX]?\]|todo\b|待办|待补充|待完善|待整理|fixme\b)/i.test(trimmed)) return true;
      return trimmed.replace(url, '').trim() === '';
    };
    const pieces = [
      ...['题库', '参考资料', 'References', 'SEE ALSO', 'Table of Contents', 'toc', 'TODO', 'links', 'Further reading', '附录', '延伸阅读'],
      ...[
        '1. ',
        '2.3 ',
        ' ',
        '\u3000',
        '：',
        ':',
        '：答案',
        'https://x.cn/a',
        'HTTP://Y.org',
        '为什么',
        'GQA',
        '（对比）',
        '(为什么)',
        '（',
        'todo',
        '待补充',
        'fixme',
        '?',
        '[ ]',
        '𝑥',
      ],
    ];
    for (let n = 0; n < 4000; n++) {
      const count = Math.floor(next() * 4);
      let text = '';
      for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
      expect(isApparatusHeading(text), JSON.stringify(text)).toBe(byRegExpApparatus(text));
      expect(isStatement(text), JSON.stringify(text)).toBe(byRegExpStatement(text));
      expect(isLookAlike(text), JSON.stringify(text)).toBe(byRegExpLookAlike(text));
      expect(headingAsks(text), JSON.stringify(text)).toBe(
        /[\p{L}\p{N}]/u.test(text.replace(/（[^（）]*）|\([^()]*\)/g, ' ')) && ASKS.test(text.replace(/（[^（）]*）|\([^()]*\)/g, ' ')),
      );
    }
    expect(isApparatusHeading('## 参考资料：'.slice(3))).toBe(true);
    const byRegExpBullet = (text: string): boolean => {
      const trimmed = text.trim().replace(/[。.;；]$/, '');
      if (trimmed.length > 120 || !/[\p{L}\p{N}]/u.test(trimmed) || byRegExpStatement(trimmed)) return false;
      if (/[？?]$/.test(trimmed)) return true;
      if (/[，,；;。]/.test(trimmed) && !BULLET_ENDS_FOR_TEST.test(trimmed)) return false;
      return (
        BULLET_OPENS_FOR_TEST.test(trimmed) ||
        BULLET_ENDS_FOR_TEST.test(trimmed) ||
        /\S\s*\bvs\.?\s*\S/i.test(trimmed) ||
        /^.{1,40}[和与跟及].{1,40}(有什么|有何)(不同|区别|差别|差异)/.test(trimmed)
      );
    };
    const bulletPieces = [
      '为什么',
      '如何',
      'KV cache',
      '？',
      '?',
      '。',
      '.',
      ';',
      '；',
      '，',
      '的区别',
      ' vs ',
      '和',
      '有什么不同',
      ' ',
      '\u3000',
      'a',
      '：b',
    ];
    for (let n = 0; n < 4000; n++) {
      const text = randomText(bulletPieces, 6);
      expect(bulletAsks(text), JSON.stringify(text)).toBe(byRegExpBullet(text));
      expect(asksLoosely(text), JSON.stringify(text)).toBe(/[\p{L}\p{N}]/u.test(text) && ASKS.test(text));
    }
    expect(isApparatusHeading('  Further   Reading ')).toBe(true);
    expect(isStatement('原理：略')).toBe(true);
    expect(isLookAlike('  https://example.com/x  ')).toBe(true);
  });
});
