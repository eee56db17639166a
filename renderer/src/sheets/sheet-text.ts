import { formatMessage } from '../../../common/i18n/format.js';
import type { MessageValues } from '../../../common/i18n/format.js';
import { preferences } from '../state/preferences.svelte.js';

/**
 * The cheat-sheet screens' own words, kept beside them rather than in the
 * shared message table so the feature can be read (and changed) in one place;
 * they are filled in by the same formatter as every other message, plurals
 * included.
 */
const TEXT = {
  en: {
    nav: 'Sheets',
    title: 'Cheat sheets',
    intro: 'Collect sections, highlights, concepts and formulas into one dense sheet, then export Markdown, offline HTML or PDF.',
    empty: 'No sheets yet.',
    newTitle: 'New sheet title',
    create: 'New sheet',
    defaultTitle: 'My cheat sheet',
    items: '{n, plural, one {# item} other {# items}}',
    open: 'Open',
    delete: 'Delete',
    confirmDelete: 'Delete the sheet “{title}”? Notes and highlights stay.',
    loading: 'Opening sheet…',
    failed: 'That did not work: {error}',
    add: 'Add to sheet',
    addSection: 'Add this section to the cheat sheet',
    added: 'Added to “{title}”.',
    addedMany: '{n, plural, one {# item} other {# items}} added to “{title}”.',
    openSheet: 'Open sheet',
    collecting: 'Items you add from the reader go to this sheet.',
    columns: 'Columns',
    paper: 'Paper',
    fontSize: 'Font size (pt)',
    theme: 'Theme',
    themeLight: 'Light',
    themePrint: 'Print (black on white)',
    export: 'Export',
    exporting: 'Exporting…',
    exported: '{file} saved.',
    undrawn: '{n, plural, one {# diagram} other {# diagrams}} could not be drawn and {n, plural, one {is} other {are}} shown as source.',
    quick: 'Quick start',
    quickNote: 'All my highlights in this note',
    quickColor: 'All highlights with colour',
    quickFormulas: 'Every formula in this note',
    pickNote: 'Note…',
    addText: 'Add text',
    newText: 'Your own notes, Markdown and $math$',
    remove: 'Remove from sheet',
    moveUp: 'Move up',
    moveDown: 'Move down',
    drag: 'Drag to reorder',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    partAll: 'Whole section',
    partFirst: 'First paragraph',
    partFormulas: 'Formulas only',
    withMap: 'Show its concept map',
    caption: 'Caption',
    missing: 'Source removed — showing the last known content.',
    emptySheet:
      'This sheet is empty. Add items from the reader (select text, a highlight’s card or ＋ beside a section heading), from a concept page, or use Quick start.',
    kind: { section: 'Section', annotation: 'Highlight', concept: 'Concept', path: 'Path', formula: 'Formula', text: 'Text' },
  },
  zh: {
    nav: '速查表',
    title: '速查表',
    intro: '把小节、高亮、概念和公式收进一张紧凑的速查表，导出 Markdown、离线 HTML 或 PDF。',
    empty: '还没有速查表。',
    newTitle: '新速查表的标题',
    create: '新建速查表',
    defaultTitle: '我的速查表',
    items: '{n} 项',
    open: '打开',
    delete: '删除',
    confirmDelete: '删除速查表“{title}”？笔记和高亮不受影响。',
    loading: '正在打开速查表…',
    failed: '操作失败：{error}',
    add: '加入速查表',
    addSection: '把这一节加入速查表',
    added: '已加入“{title}”。',
    addedMany: '已向“{title}”加入 {n} 项。',
    openSheet: '打开速查表',
    collecting: '在阅读器里加入的内容会放进这张速查表。',
    columns: '栏数',
    paper: '纸张',
    fontSize: '字号（pt）',
    theme: '样式',
    themeLight: '浅色',
    themePrint: '打印（黑白）',
    export: '导出',
    exporting: '正在导出…',
    exported: '已保存 {file}。',
    undrawn: '有 {n} 张图无法绘制，以源码显示。',
    quick: '快速开始',
    quickNote: '这篇笔记里我的全部高亮',
    quickColor: '某种颜色的全部高亮',
    quickFormulas: '这篇笔记里的全部公式',
    pickNote: '选择笔记…',
    addText: '添加文字',
    newText: '你自己的笔记，支持 Markdown 和 $公式$',
    remove: '从速查表移除',
    moveUp: '上移',
    moveDown: '下移',
    drag: '拖动以调整顺序',
    edit: '编辑',
    save: '保存',
    cancel: '取消',
    partAll: '整节',
    partFirst: '只要第一段',
    partFormulas: '只要公式',
    withMap: '显示概念图',
    caption: '标题',
    missing: '来源已删除，显示最后的内容。',
    emptySheet: '这张速查表还是空的。可以在阅读器里加入（选中文字、高亮卡片，或小节标题旁的 ＋），在概念页加入，或使用“快速开始”。',
    kind: { section: '小节', annotation: '高亮', concept: '概念', path: '路径', formula: '公式', text: '文字' },
  },
} as const;

type Key = Exclude<keyof (typeof TEXT)['en'], 'kind'>;

/** A sheet string in the current language, `{name}` placeholders filled. */
export function st(key: Key, values: MessageValues = {}): string {
  return formatMessage(preferences.locale, TEXT[preferences.locale][key], values);
}

/** What an item kind is called. */
export function kindName(kind: keyof (typeof TEXT)['en']['kind']): string {
  return TEXT[preferences.locale].kind[kind];
}
