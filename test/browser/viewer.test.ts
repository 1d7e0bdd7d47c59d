/**
 * The scenario viewer in Chromium: a real harness run (the document's example scenario, demo
 * model) produces the JSON report; the viewer opens it from the file picker and from `?report=`
 * and steps through its turns with their verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../harness/load.js';
import type { RunReport } from '../../harness/report-schema.js';
import { runAll } from '../../harness/runner.js';
import { ensureWebBuild, openBrowser, poll, ROOT, shot, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';
import { join } from 'node:path';

let report: RunReport;
let stack: BrowserStack;
let browser: BrowserUser & { errors: string[] };

beforeAll(async () => {
  ensureWebBuild();
  report = await runAll(loadScenarios([join(ROOT, 'scenarios/document-example.yaml')]), {
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

describe('scenario viewer', () => {
  it('opens a harness report from the file picker and steps through the turns with verdicts', async () => {
    const { page } = browser;
    const run = report.runs[0];
    if (!run) throw new Error('the harness produced no run');
    await page.goto(`${stack.appUrl}/viewer`);
    await page.getByLabel('Open a harness JSON report').setInputFiles({
      name: 'report.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(report)),
    });
    await poll(() => page.getByTestId('report-summary').textContent()).toContain(
      `${report.totals.passed} of ${report.totals.runs} runs passed`,
    );
    await page.getByRole('heading', { name: run.name }).waitFor();
    await poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /^Turn / })
        .textContent(),
    ).toBe(`Turn 1 of ${run.turns.length}`);
    await shot(page, 'viewer-01-first-turn', true);

    // Step with Next to the first expectation and check its verdict badge (the step-by-step view; the transcript is the default).
    await page.getByRole('button', { name: 'Step by step' }).click();
    const firstExpectation = run.turns.findIndex((t) => t.kind === 'expectation');
    expect(firstExpectation).toBeGreaterThan(0);
    for (let i = 0; i < firstExpectation; i++) await page.getByRole('button', { name: 'Next →' }).click();
    const turn = page.locator('article.turn');
    expect(await turn.getAttribute('data-kind')).toBe('expectation');
    const expectation = run.turns[firstExpectation];
    const verdict = expectation?.kind === 'expectation' && expectation.passed ? '✓ Passed' : '✗ Failed';
    await poll(() => turn.textContent()).toContain(verdict);
    await shot(page, 'viewer-02-expectation', true);

    await page.getByRole('button', { name: '← Previous' }).click();
    await poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /^Turn / })
        .textContent(),
    ).toBe(`Turn ${firstExpectation} of ${run.turns.length}`);
    // Jump straight to the last turn.
    await page.getByRole('button', { name: new RegExp(`^Turn ${run.turns.length}:`) }).click();
    expect(await page.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('opens a report from ?report= and explains a file that is not a report', async () => {
    const { page } = browser;
    // A report served from anywhere the browser can fetch; here the test answers the request itself.
    await page.route(`${stack.appUrl}/reports/latest.json`, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(report) }),
    );
    await page.goto(`${stack.appUrl}/viewer?report=/reports/latest.json`);
    await page.getByRole('heading', { name: report.runs[0]?.name ?? '' }).waitFor();

    await page
      .getByLabel('Open a harness JSON report')
      .setInputFiles({ name: 'nope.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await poll(() => page.getByRole('alert').textContent()).toContain('nope.json: Not a harness report');
    // The earlier report is gone, so nothing suggests the bad file opened.
    expect(await page.getByTestId('report-summary').count()).toBe(0);
    await shot(page, 'viewer-03-bad-file');

    // Dropping a report on the dashed zone opens it too.
    const dataTransfer = await page.evaluateHandle((json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
      return dt;
    }, JSON.stringify(report));
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await poll(() => page.getByTestId('report-summary').textContent()).toContain(
      `${report.totals.passed} of ${report.totals.runs} runs passed`,
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
