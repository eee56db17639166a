import { describe, expect, it } from 'vitest';
import { isOpenableExternal } from './note-links.js';

describe('isOpenableExternal', () => {
  it('lets https links out (after the person agrees) and nothing else', () => {
    expect(isOpenableExternal('https://arxiv.org/abs/1706.03762')).toBe(true);
    for (const href of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>',
      'mailto:a@b.c',
      'not a url',
    ]) {
      expect(isOpenableExternal(href), href).toBe(false);
    }
  });

  it('refuses a link that carries a user name or password, as the desktop app does', () => {
    expect(isOpenableExternal('https://bank.example@evil.example/')).toBe(false);
    expect(isOpenableExternal('https://user:secret@example.com/')).toBe(false);
    expect(isOpenableExternal('https://:secret@example.com/')).toBe(false);
  });
});
