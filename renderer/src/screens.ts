/**
 * The screens a person reaches from the top bar, each loaded on first visit
 * as its own chunk. The library and the reader stay in the first bundle: the
 * app opens on one of them, and every kilobyte of script before the first
 * note is painted is parsed on the start-up path (DESIGN.md: ≤ 1 s).
 */
export const screens = {
  concept: () => import('./concepts/ConceptPage.svelte'),
  concepts: () => import('./concepts/ConceptOverview.svelte'),
  conceptPath: () => import('./concepts/PathFinder.svelte'),
  sheets: () => import('./sheets/SheetList.svelte'),
  sheet: () => import('./sheets/SheetEditor.svelte'),
  annotations: () => import('./annotations/AllAnnotations.svelte'),
  import: () => import('./import/Import.svelte'),
  settings: () => import('./Settings.svelte'),
  drillsUnanswered: () => import('./drills/Unanswered.svelte'),
  drillsOrphans: () => import('./drills/Orphans.svelte'),
  drillsInterview: () => import('./drills/InterviewPlan.svelte'),
  drillsMock: () => import('./drills/MockInterview.svelte'),
  drillsHome: () => import('./drills/DrillsHome.svelte'),
  drillsReview: () => import('./drills/ReviewSession.svelte'),
  progress: () => import('./progress/ProgressDashboard.svelte'),
  card: () => import('./progress/CardPage.svelte'),
};
