import type { MenuItemConstructorOptions } from 'electron';
import { localeOf } from '../../common/i18n/format.js';
import type { Locale } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';
import type { AppCommand } from '../api/contract.js';

/** The menu's words, in the language the person chose in Settings (the system's until they choose). */
export type MenuLabels = Record<MenuWord, string>;

const MENU_WORDS = [
  'file',
  'importFolder',
  'export',
  'quit',
  'edit',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'selectAll',
  'view',
  'theme',
  'themeLight',
  'themeDark',
  'themeSystem',
  'zoomIn',
  'zoomOut',
  'resetZoom',
  'fullScreen',
  'reload',
  'devTools',
  'help',
  'about',
] as const;
type MenuWord = (typeof MENU_WORDS)[number];

/** The menu's words in one of Lattice's languages, from the catalogue both processes share. */
export function menuWords(language: Locale): MenuLabels {
  return Object.fromEntries(MENU_WORDS.map((word) => [word, translate(language, `menu.${word}`)])) as MenuLabels;
}

/** The menu's words for a system locale tag (zh, zh-CN, zh-TW, … are Chinese; anything else English). */
export function menuLabels(locale: string): MenuLabels {
  return menuWords(localeOf(locale));
}

/** What the menu needs to know and do. */
export interface MenuOptions {
  /** Reload and developer tools appear only while developing. */
  isDevelopment: boolean;
  /** macOS puts Quit in an application menu of its own. */
  isMac: boolean;
  /** Delivers a command to the renderer as an `app.command` event. */
  send(command: AppCommand): void;
  labels?: MenuLabels;
}

/** The application menu. Pure: main.ts turns it into a Menu. */
export function menuTemplate({ isDevelopment, isMac, send, labels = menuWords('en') }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, name: AppCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'Lattice',
      submenu: [
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit', label: labels.quit },
      ],
    });
  }
  template.push({
    label: labels.file,
    submenu: [
      command(labels.importFolder, 'import-folder', 'CmdOrCtrl+O'),
      command(labels.export, 'export', 'CmdOrCtrl+E'),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: labels.quit },
    ],
  });
  // Without an Edit menu, macOS has no copy and paste shortcuts at all.
  template.push({
    label: labels.edit,
    submenu: [
      { role: 'undo', label: labels.undo },
      { role: 'redo', label: labels.redo },
      { type: 'separator' },
      { role: 'cut', label: labels.cut },
      { role: 'copy', label: labels.copy },
      { role: 'paste', label: labels.paste },
      { role: 'selectAll', label: labels.selectAll },
    ],
  });
  template.push({
    label: labels.view,
    submenu: [
      {
        label: labels.theme,
        submenu: [
          command(labels.themeLight, 'theme-light'),
          command(labels.themeDark, 'theme-dark'),
          command(labels.themeSystem, 'theme-system'),
        ],
      },
      { type: 'separator' },
      { role: 'zoomIn', label: labels.zoomIn },
      { role: 'zoomOut', label: labels.zoomOut },
      { role: 'resetZoom', label: labels.resetZoom },
      { type: 'separator' },
      { role: 'togglefullscreen', label: labels.fullScreen },
      ...(isDevelopment
        ? ([
            { type: 'separator' },
            { role: 'reload', label: labels.reload },
            { role: 'toggleDevTools', label: labels.devTools },
          ] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  });
  template.push({ label: labels.help, role: 'help', submenu: [command(labels.about, 'about')] });
  return template;
}
