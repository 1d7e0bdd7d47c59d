/**
 * The scenario viewer's transcript, legend, keyboard, URL, matrix and diff views (issue 16) in
 * Chromium. The runs come from a real harness run (the document's example, demo model); the failing
 * run, the second matrix cell and the base report are derived from it, because this branch's
 * harness writes one-model reports (the matrix section follows harness/report-schema.ts `Matrix`).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadScenarios } from '../../harness/load.js';
import type { RunReport, ScenarioRun } from '../../harness/report-schema.js';
import { runAll } from '../../harness/runner.js';
import { wilson } from '../../web/src/viewer/analysis.js';
import { ensureWebBuild, openBrowser, poll, ROOT, shot, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';

let good: RunReport;
let stack: BrowserStack;
let browser: BrowserUser & { errors: string[] };

/** The run with its last expectation failed, as a harness run that missed it would be recorded. */
function failing(run: ScenarioRun): ScenarioRun {
  const last = run.turns.map((t) => t.kind).lastIndexOf('expectation');
  const turns = run.turns.map((t, i) =>
    i === last && t.kind === 'expectation' ? { ...t, passed: false, actual: 'no issue was created' } : t,
  );
  const exp = turns[last];
  return {
    ...run,
    passed: false,
    turns,
    failures: [exp?.kind === 'expectation' ? `${exp.id}: expected ${exp.expected}` : 'failed'],
  };
}

function withRuns(runs: Array<ScenarioRun & { cell?: string }>): RunReport {
  const passed = runs.filter((r) => r.passed).length;
  return {
    ...good,
    passed: passed === runs.length,
    totals: { runs: runs.length, passed, failed: runs.length - passed },
    runs,
  };
}

/** A prompt × model report: cell `demo` passes, cell `demo × terse` fails once in two runs. */
function matrixReport(): RunReport & { matrix: unknown } {
  const base = good.runs[0];
  if (!base) throw new Error('no run');
  const runs = [
    { ...base, cell: 'demo', attempt: 1 },
    { ...base, cell: 'demo', attempt: 2 },
    { ...base, cell: 'demo × terse', attempt: 1 },
    { ...failing(base), cell: 'demo × terse', attempt: 2 },
  ];
  const cell = (id: string, passed: number, runCount: number) => ({
    id,
    model: 'demo',
    prompt: id.includes('×') ? 'terse' : 'default',
    passed,
    runs: runCount,
    rate: passed / runCount,
    ci95: wilson(passed, runCount),
    failed: runCount - passed,
    skipped: 0,
    rate_limited: 0,
    rate_limit_retries: 0,
    tokens: { input: 0, output: 0 },
    cost_usd: null,
    latency_ms: { p50: 0, p95: 0, turns: 0 },
    scenarios: [
      {
        name: base.name,
        file: base.file,
        passed,
        runs: runCount,
        rate: passed / runCount,
        ci95: wilson(passed, runCount),
        skipped: 0,
        rate_limited: 0,
        expectations: [],
      },
    ],
  });
  return {
    ...withRuns(runs),
    repeat: 2,
    matrix: {
      models: ['demo'],
      prompts: [{ name: 'default' }, { name: 'terse', file: 'prompts/terse.md' }],
      prices: {},
      cells: [cell('demo', 2, 2), cell('demo × terse', 1, 2)],
    },
  };
}

beforeAll(async () => {
  ensureWebBuild();
  good = await runAll(loadScenarios([join(ROOT, 'scenarios/document-example.yaml')]), {
    model: 'demo',
    concurrency: 1,
  });
  stack = await startBrowserStack();
  browser = await openBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const currentItem = (page: Page) => page.getByTestId('transcript').locator('li[aria-current="step"]');
const urlParam = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

describe('scenario viewer views', () => {
  it('shows a run as a transcript, failures first, with a legend and behavior sentences; ← → step; a reload keeps the place', async () => {
    const { page } = browser;
    const run = good.runs[0];
    if (!run) throw new Error('the harness produced no run');
    const report = withRuns([run, failing(run)]);
    await page.goto(`${stack.appUrl}/viewer`);
    await page.getByLabel('Open a harness JSON report').setInputFiles({
      name: 'two-runs.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(report)),
    });

    // Failed runs are listed first.
    const list = page.getByRole('navigation', { name: 'Scenarios' }).getByRole('button');
    await poll(() => list.first().textContent()).toContain('✗ Failed');
    await list.first().click();
    expect(urlParam(page, 'scenario')).toBe('2');
    // Opening a failed run selects its first failure; the failures box links to it.
    const failedIndex = report.runs[1]?.turns.findIndex((t) => t.kind === 'expectation' && !t.passed) ?? -1;
    await poll(() => urlParam(page, 'turn')).toBe(String(failedIndex + 1));
    const failures = page.getByRole('region', { name: 'Failures' });
    expect(await failures.textContent()).toContain('expected');
    await failures.getByRole('button', { name: `Go to turn ${failedIndex + 1} (expectation)` }).click();
    await poll(() => currentItem(page).getAttribute('class')).toContain('failed');
    expect(await currentItem(page).textContent()).toContain('no issue was created');

    // The transcript: far fewer items than turns; the user's first message as a bubble; tool calls paired with their results.
    const items = page.getByTestId('transcript').locator('> li');
    expect(await items.count()).toBeLessThan(run.turns.length);
    const firstUser = run.turns.find((t) => t.kind === 'user');
    expect(await items.first().textContent()).toContain(firstUser?.kind === 'user' ? firstUser.text : '');
    const tool = page.getByTestId('transcript').locator('li[data-type="tool"]').first();
    expect(await tool.textContent()).toContain('get_authentication_link');
    await tool.getByText('Arguments and result').click();
    expect(await tool.textContent()).toContain('authentication_needed');

    // Behavior IDs with their sentences, next to the scenario and in the legend.
    expect(await page.getByRole('list', { name: 'Behaviors this scenario shows' }).textContent()).toContain(
      'B17 The documented conversation',
    );
    await page.getByTestId('legend').getByText('Legend: colours and behavior IDs').click();
    expect(await page.getByTestId('legend').textContent()).toContain(
      'a failed expectation or action, or a harness error',
    );
    await shot(page, 'viewer-04-transcript', true);
    // The README shows the failed run: failures box, behaviors, transcript (refreshed only on request, like the chat's shot).
    await page.evaluate(() =>
      window.scrollTo(0, (document.querySelector('.tabs')?.getBoundingClientRect().top ?? 0) + window.scrollY - 70),
    );
    const readmeShot = await shot(page, 'viewer-04b-transcript-failure');
    if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(readmeShot, join(ROOT, 'docs/screenshot-viewer.png'));

    // Keyboard: → and ← move the selected turn; the URL follows.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    await poll(() => urlParam(page, 'turn')).toBe(String(failedIndex));
    await page.keyboard.press('ArrowRight');
    await poll(() => urlParam(page, 'turn')).toBe(String(failedIndex + 1));

    // A reload keeps the report (opened from a file), the scenario and the turn.
    await page.reload();
    await poll(() => currentItem(page).textContent()).toContain('no issue was created');
    expect(urlParam(page, 'scenario')).toBe('2');
    expect(browser.errors).toEqual([]);
  });

  it("shows the prompt × model matrix with intervals, opens a cell's runs, and diffs two reports with regressions first", async () => {
    const { page } = browser;
    const matrix = matrixReport();
    const base = withRuns(
      good.runs.flatMap((r) => [
        { ...r, cell: 'demo' },
        { ...r, cell: 'demo × terse' },
      ]),
    );
    await page.route(`${stack.appUrl}/reports/matrix.json`, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(matrix) }),
    );
    await page.route(`${stack.appUrl}/reports/base.json`, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(base) }),
    );
    await page.goto(`${stack.appUrl}/viewer?report=/reports/matrix.json&tab=matrix`);
    const table = page.getByTestId('matrix');
    await poll(() => table.locator('thead th').allTextContents()).toEqual([
      'Scenario',
      expect.stringContaining('demo'),
      expect.stringContaining('demo × terse'),
    ]);
    const name = good.runs[0]?.name ?? '';
    const terse = table.getByRole('button', {
      name: new RegExp(`^${name} with demo × terse: 50% \\(1/2, 95% CI 9–91%\\)`),
    });
    expect(await terse.textContent()).toContain('50%');
    expect(await table.getByRole('button', { name: new RegExp(`with demo: 100% \\(2/2`) }).count()).toBe(1);
    await shot(page, 'viewer-05-matrix', true);

    // Click through: the failing run of that cell opens at its failure.
    await terse.click();
    await poll(() => urlParam(page, 'tab')).toBeNull();
    expect(urlParam(page, 'scenario')).toBe('4');
    await poll(() => currentItem(page).getAttribute('class')).toContain('failed');

    // Diff against a base report where both cells passed every run: the regression comes first.
    await page.goto(`${stack.appUrl}/viewer?report=/reports/matrix.json&base=/reports/base.json&tab=diff`);
    const diff = page.getByTestId('diff');
    await poll(() => diff.locator('tbody tr').first().getAttribute('data-change')).toBe('regressed');
    expect(await diff.locator('tbody tr').first().textContent()).toContain('demo × terse');
    expect(await page.getByTestId('diff-summary').textContent()).toContain('1 regression.');
    await shot(page, 'viewer-06-diff', true);
    expect(browser.errors).toEqual([]);
  });
  it('is readable at 360 px: the transcript, matrix and diff fit without sideways scrolling (tables scroll in their box)', async () => {
    const narrow = await openBrowser({ width: 360, height: 760 });
    try {
      const { page } = narrow;
      const matrix = matrixReport();
      const base = withRuns(
        good.runs.flatMap((r) => [
          { ...r, cell: 'demo' },
          { ...r, cell: 'demo × terse' },
        ]),
      );
      await page.route(`${stack.appUrl}/reports/m.json`, (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify(matrix) }),
      );
      await page.route(`${stack.appUrl}/reports/b.json`, (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify(base) }),
      );
      for (const tab of ['runs', 'matrix', 'diff']) {
        await page.goto(`${stack.appUrl}/viewer?report=/reports/m.json&base=/reports/b.json&tab=${tab}&scenario=4`);
        await page.getByTestId('report-summary').waitFor();
        await page.getByTestId(tab === 'runs' ? 'transcript' : tab).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(360);
      }
      await shot(page, 'viewer-07-narrow-diff');
      expect(narrow.errors).toEqual([]);
    } finally {
      await narrow.close();
    }
  });
});
