/**
 * The viewer's place in the URL, so a reload or a shared link opens the same view: `report` (URL of
 * the report), `base` (URL of a report to compare with), `tab` (runs, matrix, diff), `scenario`
 * (run index, 1-based), `turn` (1-based) and `view` (transcript or steps).
 */
export type Tab = 'runs' | 'matrix' | 'diff';
export type RunView = 'transcript' | 'steps';

export interface ViewerState {
  report?: string;
  base?: string;
  tab: Tab;
  /** 0-based run index. */
  run: number;
  /** 0-based turn index. */
  turn: number;
  view: RunView;
}

const index = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
};

export function readState(search: string): ViewerState {
  const q = new URLSearchParams(search);
  const tab = q.get('tab');
  return {
    ...(q.get('report') ? { report: q.get('report') ?? '' } : {}),
    ...(q.get('base') ? { base: q.get('base') ?? '' } : {}),
    tab: tab === 'matrix' || tab === 'diff' ? tab : 'runs',
    run: index(q.get('scenario')),
    turn: index(q.get('turn')),
    view: q.get('view') === 'steps' ? 'steps' : 'transcript',
  };
}

/** The query string for a state (defaults left out, so URLs stay short). */
export function writeState(s: ViewerState): string {
  const q = new URLSearchParams();
  if (s.report) q.set('report', s.report);
  if (s.base) q.set('base', s.base);
  if (s.tab !== 'runs') q.set('tab', s.tab);
  q.set('scenario', String(s.run + 1));
  q.set('turn', String(s.turn + 1));
  if (s.view !== 'transcript') q.set('view', s.view);
  return `?${q.toString()}`;
}
