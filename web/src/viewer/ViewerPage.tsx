/**
 * The scenario viewer: opens a harness JSON report (file picker, or `?report=<url>`), lists its
 * scenarios with verdicts, and steps through one scenario's turns with Previous / Next.
 */
import { useEffect, useState, type ChangeEvent, type DragEvent } from 'react';
import { parseReport, runLabel, type RunReport, type Turn } from './report.js';
import { TurnView, Verdict } from './TurnView.js';

function failed(t: Turn): boolean {
  return (t.kind === 'expectation' && !t.passed) || (t.kind === 'action' && !t.ok) || t.kind === 'error';
}

function ScenarioStepper({ report, index }: { report: RunReport; index: number }) {
  const scenario = report.runs[index];
  const [step, setStep] = useState(0);
  if (!scenario) return null;
  const turns = scenario.turns;
  const turn = turns[step];
  return (
    <section aria-labelledby="scenario-title">
      <div className="section-head">
        <h2 id="scenario-title">{runLabel(scenario, report)}</h2>
        <Verdict passed={scenario.passed} />
      </div>
      <p className="muted">
        <code>{scenario.file}</code> · {scenario.mode} · {(scenario.duration_ms / 1000).toFixed(1)} s · {turns.length} turns
        {scenario.behaviors.map((b) => <span key={b} className="badge behavior">{b}</span>)}
      </p>
      {scenario.failures.length > 0 && (
        <ul className="form-error failures" aria-label="Failures">
          {scenario.failures.map((f, i) => <li key={i}>{f}</li>)}
        </ul>
      )}
      {turns.length > 0 && (
        <>
          <div className="stepper">
            <button type="button" className="button secondary" onClick={() => setStep((s) => Math.max(0, s - 1))} disabled={step === 0}>← Previous</button>
            <span role="status" aria-live="polite">Turn {step + 1} of {turns.length}</span>
            <button type="button" className="button secondary" onClick={() => setStep((s) => Math.min(turns.length - 1, s + 1))} disabled={step >= turns.length - 1}>Next →</button>
          </div>
          <ol className="turn-dots" aria-label="Jump to turn">
            {turns.map((t, i) => (
              <li key={i}>
                <button type="button" className={failed(t) ? 'fail' : undefined} data-kind={t.kind} title={t.kind} aria-current={i === step ? 'step' : undefined} aria-label={`Turn ${i + 1}: ${t.kind}${failed(t) ? ', failed' : ''}`} onClick={() => setStep(i)}>
                  {i + 1}
                </button>
              </li>
            ))}
          </ol>
          {turn && <TurnView turn={turn} />}
        </>
      )}
    </section>
  );
}

export default function ViewerPage() {
  const [report, setReport] = useState<RunReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);

  const [dragging, setDragging] = useState(false);

  // A file that is not a report replaces the one shown: keeping the old report under the error
  // would look as if the new file had opened.
  const load = (text: string, source: string) => {
    const result = parseReport(text);
    if (result.ok) {
      setReport(result.report);
      setSelected(0);
      setError(null);
    } else {
      setReport(null);
      setError(`${source}: ${result.error}`);
    }
  };

  useEffect(() => {
    const url = new URLSearchParams(window.location.search).get('report');
    if (!url) return;
    fetch(url)
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        load(await res.text(), url);
      })
      .catch((err: unknown) => setError(`Could not load ${url}: ${err instanceof Error ? err.message : String(err)}`));
  }, []);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) load(await file.text(), file.name);
  };
  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) load(await file.text(), file.name);
  };

  return (
    <main id="main" className="page">
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
          <input id="report-file" type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} />
        </div>
        <p className="muted">
          Choose or drop the file here. Produce one with <code>npm run scenarios -- --reporter json --out DIR</code>, or open <code>/viewer?report=URL</code>.
        </p>
      </div>
      {error && <p className="banner error" role="alert">{error}</p>}
      {report && (
        <>
          <p className="section" data-testid="report-summary">
            <Verdict passed={report.passed} /> <strong>{report.totals.passed} of {report.totals.runs} runs passed</strong>
            {' · '}model <code>{report.model}</code>
            {' · '}{new Date(report.started_at).toLocaleString()} · {(report.duration_ms / 1000).toFixed(1)} s
          </p>
          <div className="viewer-grid">
            <nav aria-label="Scenarios">
              <ul className="scenario-list">
                {report.runs.map((s, i) => (
                  <li key={`${s.name}-${i}`}>
                    <button type="button" className="button secondary block scenario-button" aria-current={i === selected ? 'true' : undefined} onClick={() => setSelected(i)}>
                      <span className="scenario-name">{runLabel(s, report)}</span>
                      <span className="scenario-meta">
                        <Verdict passed={s.passed} />
                        <span className="muted">{s.turns.length} turns</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            <ScenarioStepper key={selected} report={report} index={selected} />
          </div>
        </>
      )}
    </main>
  );
}
