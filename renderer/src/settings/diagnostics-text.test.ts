import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/messages.js';
import { diagnosticsText } from './diagnostics-text.js';

const base = {
  lattice: '0.1.0',
  runtime: 'Node 22.1.0',
  platform: 'linux 6.1.0 x64',
  logFile: '/data/logs/lattice.log',
  dataDirBytes: 3 * 1024 * 1024 + 200 * 1024,
  isDataDirPartial: false,
  notes: 12,
  cards: 40,
  annotations: 3,
  recentErrors: [],
};

describe('the diagnostics a person copies', () => {
  it('reads line by line, with the page’s user agent and a size a person reads', () => {
    expect(diagnosticsText(base, 'Mozilla/5.0 Chrome/130.0')).toBe(
      [
        'Lattice 0.1.0',
        'Runtime: Node 22.1.0',
        'Browser: Mozilla/5.0 Chrome/130.0',
        'Platform: linux 6.1.0 x64',
        'Data directory: 3.2 MB',
        'Notes: 12 · Cards: 40 · Annotations: 3',
        'Log: /data/logs/lattice.log',
        'Recent errors: none',
        '',
      ].join('\n'),
    );
  });

  it('lists the recent errors under their heading, and says when the size stopped counting early', () => {
    const text = diagnosticsText(
      {
        ...base,
        dataDirBytes: 2048,
        isDataDirPartial: true,
        recentErrors: ['t1 internal error ab12cd34 in notes.get [Error]\n    at f (x.js:1:1)'],
      },
      'UA',
    );
    expect(text).toContain('\nData directory: 2.0 KB or more\n');
    expect(text).toMatch(/\nRecent errors:\nt1 internal error ab12cd34 in notes\.get \[Error\]\n {4}at f \(x\.js:1:1\)\n$/);
  });

  it('has the panel’s words in both languages', () => {
    const keys = Object.keys(messages.en).filter((key) => key.startsWith('settings.diagnostics'));
    expect(keys).toHaveLength(7);
    for (const key of keys) expect((messages.zh as Record<string, string>)[key]).toMatch(/[\u4e00-\u9fff]/);
  });
});
