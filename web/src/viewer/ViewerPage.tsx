/**
 * The scenario viewer: opens a harness JSON report (file picker, or `?report=<url>`), lists its
 * scenarios with verdicts, and steps through one scenario's turns with Previous / Next.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import { parseReport, summarize, type Report } from './report.js';
import { TurnView, Verdict } from './TurnView.js';

function ScenarioStepper({ report, index }: { report: Report; index: number }) {
  const scenario = report.scenarios[index];
  const [step, setStep] = useState(0);
  if (!scenario) return null;
  const turns = scenario.turns;
  const turn = turns[step];
  return (
    <section aria-labelledby="scenario-title">
      <div className="section-head">
        <h2 id="scenario-title">{scenario.name}</h2>
        <Verdict passed={scenario.passed} />
      </div>
      <p className="muted">
        {scenario.file && <><code>{scenario.file}</code> · </>}
        {scenario.durationMs !== undefined && `${(scenario.durationMs / 1000).toFixed(1)} s · `}
        {turns.length} turns
      </p>
      {scenario.error && <p className="form-error">{scenario.error}</p>}
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
                <button type="button" className={t.passed === false ? 'fail' : undefined} aria-current={i === step ? 'step' : undefined} aria-label={`Turn ${i + 1}: ${t.kind}${t.passed === false ? ', failed' : ''}`} onClick={() => setStep(i)}>
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
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);

  const load = (text: string) => {
    const result = parseReport(text);
    if (result.ok) {
      setReport(result.report);
      setSelected(0);
      setError(null);
    } else {
      setError(result.error);
    }
  };

  useEffect(() => {
    const url = new URLSearchParams(window.location.search).get('report');
    if (!url) return;
    fetch(url)
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        load(await res.text());
      })
      .catch((err: unknown) => setError(`Could not load ${url}: ${err instanceof Error ? err.message : String(err)}`));
  }, []);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) load(await file.text());
  };
  const counts = report ? summarize(report) : undefined;

  return (
    <main id="main" className="page">
      <h1>Scenario viewer</h1>
      <div className="drop-zone">
        <div className="field">
          <label htmlFor="report-file">Open a harness JSON report</label>
          <input id="report-file" type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} />
        </div>
        <p className="muted">Produce one with <code>npm run scenarios -- --reporter json --out DIR</code>, or open <code>/viewer?report=URL</code>.</p>
      </div>
      {error && <p className="banner error" role="alert">{error}</p>}
      {report && counts && (
        <>
          <p className="section" data-testid="report-summary">
            <strong>{counts.passed} of {counts.total} scenarios passed</strong>
            {report.model && <> · model <code>{report.model}</code></>}
            {report.startedAt && <> · {new Date(report.startedAt).toLocaleString()}</>}
          </p>
          <div className="viewer-grid">
            <nav aria-label="Scenarios">
              <ul className="scenario-list">
                {report.scenarios.map((s, i) => (
                  <li key={`${s.name}-${i}`}>
                    <button type="button" className="button secondary block" aria-current={i === selected ? 'true' : undefined} onClick={() => setSelected(i)}>
                      <span>{s.name}</span>
                      <Verdict passed={s.passed} />
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
