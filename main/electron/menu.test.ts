import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../api/contract.js';
import { menuLabels, menuTemplate, menuWords } from './menu.js';

/** Every item of a template, submenus flattened. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const roles = (template: MenuItemConstructorOptions[]) =>
  items(template)
    .map((item) => item.role)
    .filter(Boolean);

function build(isDevelopment: boolean, isMac = false) {
  const sent: AppCommand[] = [];
  const template = menuTemplate({ isDevelopment, isMac, send: (command) => void sent.push(command) });
  return { template, sent };
}

/** Clicks the item with this label, as Electron would. */
function click(template: MenuItemConstructorOptions[], label: string): void {
  const item = items(template).find((candidate) => candidate.label === label);
  if (!item?.click) throw new Error(`no clickable item ${label}`);
  (item.click as () => void)();
}

describe('menuTemplate', () => {
  it('has File, Edit, View and Help', () => {
    expect(build(false).template.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });

  it('offers reload and developer tools only in development', () => {
    expect(roles(build(false).template)).not.toContain('reload');
    expect(roles(build(false).template)).not.toContain('toggleDevTools');
    expect(roles(build(false).template)).not.toContain('forceReload');
    expect(roles(build(true).template)).toContain('reload');
    expect(roles(build(true).template)).toContain('toggleDevTools');
  });

  it('has zoom, full screen and quit as roles', () => {
    expect(roles(build(false).template)).toEqual(
      expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'quit', 'copy', 'paste']),
    );
  });

  it('sends each command to the renderer', () => {
    const { template, sent } = build(false);
    for (const label of ['Import Folder…', 'Export…', 'Light', 'Dark', 'System', 'About Lattice']) click(template, label);
    expect(sent).toEqual(['import-folder', 'export', 'theme-light', 'theme-dark', 'theme-system', 'about']);
  });

  it('opens a folder with CmdOrCtrl+O', () => {
    const importItem = items(build(false).template).find((item) => item.label === 'Import Folder…');
    expect(importItem?.accelerator).toBe('CmdOrCtrl+O');
  });

  it('puts Quit in the application menu on macOS', () => {
    const { template } = build(false, true);
    expect(template[0]?.label).toBe('Lattice');
    expect(roles([template[0] as MenuItemConstructorOptions])).toContain('quit');
    expect(roles([template[1] as MenuItemConstructorOptions])).toEqual(['close']);
  });

  it('speaks Chinese on a Chinese system', () => {
    expect(menuLabels('zh-CN').importFolder).toBe('导入文件夹…');
    expect(menuLabels('zh-TW').file).toBe('文件');
    expect(menuLabels('en-US').file).toBe('File');
    const template = menuTemplate({ isDevelopment: false, isMac: false, send: () => undefined, labels: menuLabels('zh-CN') });
    expect(template.map((item) => item.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });
});

describe('the menu follows the language chosen in Settings', () => {
  it('is built in Chinese from the shared catalogue when Chinese is chosen', () => {
    const template = menuTemplate({ isDevelopment: false, isMac: false, send: () => undefined, labels: menuWords('zh') });
    expect(template.map((item) => item.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const labels = items(template)
      .map((item) => item.label)
      .filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining(['导入文件夹…', '导出…', '浅色', '深色', '跟随系统', '关于 Lattice', '全选']));
    expect(labels.filter((label) => /[A-Za-z]{3,}/.test(label ?? '') && label !== '关于 Lattice')).toEqual([]);
  });

  it('is built in English when English is chosen, whatever the system says', () => {
    const template = menuTemplate({ isDevelopment: false, isMac: false, send: () => undefined, labels: menuWords('en') });
    expect(template.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(menuWords('en')).not.toEqual(menuLabels('zh-CN'));
  });

  it('has a word for every item in both languages', () => {
    for (const language of ['en', 'zh'] as const) {
      for (const [word, label] of Object.entries(menuWords(language))) expect(label, word).toMatch(/\S/);
    }
  });
});
