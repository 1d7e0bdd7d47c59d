/**
 * The scenario viewer: opens a harness JSON report (file picker, drop, or `?report=<url>`) and shows
 * its runs (failed first) as a transcript or step by step, the prompt × model matrix, and the
 * difference with a base report. Where it is (report, scenario, turn, tab, view) lives in the URL;
 * a report opened from a file is kept in this tab's session storage so a reload keeps it too.
 * ArrowLeft / ArrowRight step through the turns.
 */
import { useCallback, useEffect, useMemo, useState, type ChangeEvent, type DragEvent } from 'react';
import { cellOfRun, diffReports, failedTurns, matrixOf } from './analysis.js';
import { DiffView } from './DiffView.js';
import { Legend } from './Legend.js';
import { MatrixView } from './MatrixView.js';
import { parseReport, runLabel } from './report.js';
import { RunDetail, type Loaded } from './RunDetail.js';
import { Verdict } from './TurnView.js';
import { readState, writeState, type Tab, type ViewerState } from './url-state.js';

const STORE_KEY = { report: 'navigator-chat.viewer.report', base: 'navigator-chat.viewer.base' } as const;

function remember(key: string, name: string, text: string): void {
  try {
    sessionStorage.setItem(key, JSON.stringify({ name, text }));
  } catch {
    // Too big for session storage: a reload will ask for the file again.
  }
}

function recalled(key: string): { name: string; text: string } | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    const v: unknown = raw ? JSON.parse(raw) : undefined;
    if (
      typeof v === 'object' &&
      v !== null &&
      'name' in v &&
      'text' in v &&
      typeof v.name === 'string' &&
      typeof v.text === 'string'
    )
      return { name: v.name, text: v.text };
  } catch {
    // Unreadable: nothing to restore.
  }
  return undefined;
}

export default function ViewerPage() {
  const [state, setFullState] = useState<ViewerState>(() => readState(window.location.search));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [base, setBase] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const setState = useCallback((patch: Partial<ViewerState>) => setFullState((s) => ({ ...s, ...patch })), []);

  // A file that is not a report replaces the one shown: keeping the old report under the error
  // would look as if the new file had opened.
  const load = useCallback(
    (text: string, name: string, from: 'url' | 'file' | 'restore', which: 'report' | 'base') => {
      const result = parseReport(text);
      if (!result.ok) {
        if (which === 'report') setLoaded(null);
        setError(`${name}: ${result.error}`);
        return;
      }
      setError(null);
      const value = { report: result.report, extras: result.extras, name };
      if (from === 'file') remember(STORE_KEY[which], name, text);
      if (which === 'base') {
        setBase(value);
        if (from === 'file') setState({ base: undefined, tab: 'diff' });
        return;
      }
      setLoaded(value);
      // A newly chosen file starts at its first scenario; a restored or linked one keeps the URL's place.
      if (from === 'file') setState({ report: undefined, run: 0, turn: 0 });
    },
    [setState],
  );

  // Open what the URL names, or what this tab had open before a reload.
  useEffect(() => {
    const initial = readState(window.location.search);
    for (const which of ['report', 'base'] as const) {
      const url = initial[which];
      if (url) {
        fetch(url)
          .then(async (res) => {
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            load(await res.text(), url, 'url', which);
          })
          .catch((err: unknown) =>
            setError(`Could not load ${url}: ${err instanceof Error ? err.message : String(err)}`),
          );
      } else {
        const saved = recalled(STORE_KEY[which]);
        if (saved) load(saved.text, saved.name, 'restore', which);
      }
    }
  }, [load]);

  useEffect(() => {
    if (loaded) history.replaceState(null, '', `${window.location.pathname}${writeState(state)}`);
  }, [state, loaded]);

  const run = loaded?.report.runs[state.run];
  const turnCount = run?.turns.length ?? 0;
  const stepTo = useCallback(
    (turn: number) => setState({ turn: Math.max(0, Math.min(turnCount - 1, turn)) }),
    [setState, turnCount],
  );

  // ← and → step through the turns, unless the person is typing or choosing in a form field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (state.tab !== 'runs' || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'ArrowRight') stepTo(state.turn + 1);
      else if (event.key === 'ArrowLeft') stepTo(state.turn - 1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state.tab, state.turn, stepTo]);

  const readFile = async (event: ChangeEvent<HTMLInputElement>, which: 'report' | 'base') => {
    const file = event.target.files?.[0];
    if (file) load(await file.text(), file.name, 'file', which);
  };
  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) load(await file.text(), file.name, 'file', 'report');
  };

  const matrix = useMemo(
    () => (loaded ? matrixOf(loaded.report, loaded.extras.runCells, loaded.extras.matrix) : null),
    [loaded],
  );
  const diff = useMemo(
    () =>
      loaded && base
        ? diffReports(
            { report: base.report, runCells: base.extras.runCells },
            { report: loaded.report, runCells: loaded.extras.runCells },
          )
        : null,
    [loaded, base],
  );
  // Failed runs first; the URL keeps the report's own run index.
  const order = useMemo(
    () =>
      loaded
        ? loaded.report.runs
            .map((r, i) => ({ r, i }))
            .sort((a, b) => Number(a.r.passed) - Number(b.r.passed) || a.i - b.i)
        : [],
    [loaded],
  );
  const behaviors = useMemo(
    () =>
      loaded
        ? [...new Set(loaded.report.runs.flatMap((r) => r.behaviors))].sort(
            (a, b) => Number(a.slice(1)) - Number(b.slice(1)),
          )
        : [],
    [loaded],
  );

  const openCell = (cell: string, scenario: string) => {
    if (!loaded) return;
    const matches = loaded.report.runs.flatMap((r, i) =>
      r.name === scenario && cellOfRun(loaded.report, loaded.extras.runCells, i) === cell ? [i] : [],
    );
    const pick = matches.find((i) => loaded.report.runs[i]?.passed === false) ?? matches[0];
    if (pick === undefined) return;
    const r = loaded.report.runs[pick];
    setState({ tab: 'runs', run: pick, turn: r ? (failedTurns(r)[0] ?? 0) : 0 });
  };

  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'runs', label: 'Runs' },
    { id: 'matrix', label: 'Matrix' },
    { id: 'diff', label: 'Compare' },
  ];

  return (
    <main id="main" className="page viewer-page">
      <h1>Scenario viewer</h1>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <div className="field">
          <label htmlFor="report-file">Open a harness JSON report</label>
          <input
            id="report-file"
            type="file"
            accept="application/json,.json"
            onChange={(e) => void readFile(e, 'report')}
          />
        </div>
        <p className="muted">
          Choose or drop the file here. Produce one with <code>npm run scenarios -- --reporter json --out DIR</code>, or
          open <code>/viewer?report=URL</code>.
        </p>
      </div>
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      {loaded && (
        <>
          <p className="section" data-testid="report-summary">
            <Verdict passed={loaded.report.passed} />{' '}
            <strong>
              {loaded.report.totals.passed} of {loaded.report.totals.runs} runs passed
            </strong>
            {' · '}model <code>{loaded.report.model}</code>
            {' · '}
            {new Date(loaded.report.started_at).toLocaleString()} · {(loaded.report.duration_ms / 1000).toFixed(1)} s
          </p>
          <Legend behaviors={behaviors} />
          <div className="tabs" role="group" aria-label="Views of the report">
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                className="tab"
                aria-pressed={state.tab === t.id}
                onClick={() => setState({ tab: t.id })}
              >
                {t.label}
              </button>
            ))}
          </div>
          {state.tab === 'runs' && (
            <div className="viewer-grid">
              <nav aria-label="Scenarios">
                <ul className="scenario-list">
                  {order.map(({ r, i }) => (
                    <li key={`${r.name}-${i}`}>
                      <button
                        type="button"
                        className="button secondary block scenario-button"
                        aria-current={i === state.run ? 'true' : undefined}
                        onClick={() => setState({ run: i, turn: failedTurns(r)[0] ?? 0 })}
                      >
                        <span className="scenario-name">{runLabel(r, loaded.report)}</span>
                        <span className="scenario-meta">
                          <Verdict passed={r.passed} />
                          <span className="muted">{r.turns.length} turns</span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </nav>
              <RunDetail loaded={loaded} state={state} setState={setState} />
            </div>
          )}
          {state.tab === 'matrix' && matrix && <MatrixView matrix={matrix} onOpen={openCell} />}
          {state.tab === 'diff' && (
            <DiffView rows={diff} baseName={base?.name ?? null} onBaseFile={(e) => void readFile(e, 'base')} />
          )}
        </>
      )}
    </main>
  );
}
