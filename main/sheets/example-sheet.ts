import type { AppContext } from '../api/context.js';
import type { SheetItemInput } from '../api/contract.js';
import { chosenLanguage } from '../api/settings.js';
import { SheetSources } from './resolve.js';
import { DEFAULT_LAYOUT, firstSnapshot, normalizeSpec } from './sheet-view.js';

/**
 * One example sheet in a fresh data directory, built from the starter
 * library's RLHF note, so a new person sees what a sheet is before making
 * their own. Made once: a person who deletes it does not get it back.
 */

const EXAMPLE_SETTING = 'sheets.example';
const NOTE_PATH = 'rlhf-pipeline.md';

const INTRO = `这是一张示例速查表：公式、流程图和定义，打印成一页两栏。在阅读器里选中文字、点高亮或小节标题旁的 **＋** 就能“加入速查表”，在概念页也可以。
*An example cheat sheet: add sections, highlights, concepts and formulas from the reader, then export Markdown, HTML or PDF.*`;

/** Formulas of the note worth a caption, found by how they start. */
const FORMULAS: { startsWith: string; caption: string }[] = [
  { startsWith: '\\mathcal{L}_{RM}', caption: '奖励模型 loss（Bradley–Terry）' },
  { startsWith: 'R(x,y)', caption: 'PPO 奖励 = RM 分数 − KL 惩罚' },
  { startsWith: 'L^{CLIP}', caption: 'PPO clipped objective' },
];

/** Creates the example sheet if this data directory never had one; items whose source is missing are left out. */
export function ensureExampleSheet(ctx: AppContext): void {
  if (ctx.settings.get(EXAMPLE_SETTING)) return;
  const starter = ctx.libraries.list().find((l) => l.kind === 'starter');
  const note = starter ? ctx.notes.findByPath(starter.id, NOTE_PATH) : undefined;
  if (!note) return;
  const src = new SheetSources(ctx.store.db, () => chosenLanguage(ctx));
  const slug = (title: string): string => ctx.notes.sections(note.id).find((s) => s.title.startsWith(title))?.slug ?? '';
  const formulas = src.sheets.noteFormulas(note.id);
  const items: SheetItemInput[] = [
    { kind: 'text', markdown: INTRO },
    { kind: 'path', from: '预训练', to: 'PPO' },
    ...FORMULAS.flatMap(({ startsWith, caption }) => {
      const formula = formulas.find((f) => f.tex.trim().startsWith(startsWith));
      return formula ? [{ kind: 'formula' as const, noteId: note.id, tex: formula.tex.trim(), caption }] : [];
    }),
    { kind: 'section', noteId: note.id, section: slug('RLHF 的完整训练流程'), part: 'all' },
    { kind: 'concept', concept: 'SFT' },
    { kind: 'section', noteId: note.id, section: slug('PPO 阶段需要哪几个模型'), part: 'all' },
  ];
  const now = new Date().toISOString();
  ctx.store.transaction(() => {
    const sheetId = src.sheets.create('RLHF 速查 · quick reference', { ...DEFAULT_LAYOUT }, now);
    for (const input of items) {
      const spec = normalizeSpec(src, input);
      const snapshot = firstSnapshot(src, spec);
      if (snapshot) src.sheets.addItem(sheetId, { kind: spec.kind, spec: spec as unknown as Record<string, unknown>, snapshot }, now);
    }
    ctx.settings.set(EXAMPLE_SETTING, now);
  });
}
