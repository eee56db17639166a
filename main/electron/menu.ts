import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../api/contract.js';

/** The menu's words; the renderer's UI language follows the system too. */
export interface MenuLabels {
  file: string;
  importFolder: string;
  export: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  theme: string;
  themeLight: string;
  themeDark: string;
  themeSystem: string;
  zoomIn: string;
  zoomOut: string;
  resetZoom: string;
  fullScreen: string;
  reload: string;
  devTools: string;
  help: string;
  about: string;
}

const ENGLISH: MenuLabels = {
  file: 'File', importFolder: 'Import Folder…', export: 'Export…', quit: 'Quit',
  edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
  view: 'View', theme: 'Theme', themeLight: 'Light', themeDark: 'Dark', themeSystem: 'System',
  zoomIn: 'Zoom In', zoomOut: 'Zoom Out', resetZoom: 'Actual Size', fullScreen: 'Toggle Full Screen',
  reload: 'Reload', devTools: 'Toggle Developer Tools',
  help: 'Help', about: 'About Lattice',
};

const CHINESE: MenuLabels = {
  file: '文件', importFolder: '导入文件夹…', export: '导出…', quit: '退出',
  edit: '编辑', undo: '撤销', redo: '重做', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选',
  view: '视图', theme: '主题', themeLight: '浅色', themeDark: '深色', themeSystem: '跟随系统',
  zoomIn: '放大', zoomOut: '缩小', resetZoom: '实际大小', fullScreen: '切换全屏',
  reload: '重新加载', devTools: '切换开发者工具',
  help: '帮助', about: '关于 Lattice',
};

/** Chinese menus for a Chinese system (zh, zh-CN, zh-TW, …), English otherwise. */
export function menuLabels(locale: string): MenuLabels {
  return locale.toLowerCase().startsWith('zh') ? CHINESE : ENGLISH;
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
export function menuTemplate({ isDevelopment, isMac, send, labels = ENGLISH }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, name: AppCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'Lattice',
      submenu: [{ role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit', label: labels.quit }],
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
        submenu: [command(labels.themeLight, 'theme-light'), command(labels.themeDark, 'theme-dark'), command(labels.themeSystem, 'theme-system')],
      },
      { type: 'separator' },
      { role: 'zoomIn', label: labels.zoomIn },
      { role: 'zoomOut', label: labels.zoomOut },
      { role: 'resetZoom', label: labels.resetZoom },
      { type: 'separator' },
      { role: 'togglefullscreen', label: labels.fullScreen },
      ...(isDevelopment
        ? ([{ type: 'separator' }, { role: 'reload', label: labels.reload }, { role: 'toggleDevTools', label: labels.devTools }] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  });
  template.push({ label: labels.help, role: 'help', submenu: [command(labels.about, 'about')] });
  return template;
}
