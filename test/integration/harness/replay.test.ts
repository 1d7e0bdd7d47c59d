// Cassettes: record a run (scripted model over HTTP, as --record does for openai:), replay it twice,
// and get the same bytes and the same conversation; a changed conversation fails clearly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../harness/load.js';
import { readCassette } from '../../../harness/models/cassette.js';
import { cassettePath, type ModelSetup } from '../../../harness/models/index.js';
import { stopLlmServer } from '../../../harness/models/llm-server.js';
import type { ScenarioRun } from '../../../harness/report-schema.js';
import { runScenario } from '../../../harness/runner.js';

afterAll(() => stopLlmServer());

const scenario = loadScenario(fileURLToPath(new URL('../../../scenarios/document-example.yaml', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'cassettes-'));

/** The run without what legitimately differs between stacks: timings, ports, link ids, clock times. */
function normalized(run: ScenarioRun): string {
  const turns = run.turns.map((t) => ({ ...t, at_ms: 0, ...('duration_ms' in t ? { duration_ms: 0 } : {}) }));
  return JSON.stringify({ ...run, duration_ms: 0, turn_latency_ms: [], turns })
    .replace(/127\.0\.0\.1:\d+/g, 'HOST')
    .replace(/auth_link_id=[\w-]+/g, 'auth_link_id=ID')
    .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?/g, 'TIME');
}

/** Replays the cassette; returns the run and the exact response bytes served, stack URLs masked. */
async function replay(): Promise<{ run: ScenarioRun; served: string[] }> {
  let models: ModelSetup | undefined;
  const run = await runScenario(scenario, { mode: 'replay', cassetteDir: dir, onModel: (m) => (models = m) });
  const served = (models?.replay?.served ?? []).map((b) =>
    b.replace(/127\.0\.0\.1:\d+/g, 'HOST').replace(/auth_link_id=[\w-]+/g, 'auth_link_id=ID'),
  );
  return { run, served };
}

describe('record and replay', () => {
  it('records a cassette of the whole conversation', async () => {
    const run = await runScenario(scenario, { mode: 'scripted', record: true, cassetteDir: dir });
    expect(run.passed, run.failures.join('\n')).toBe(true);
    const cassette = readCassette(cassettePath(dir, scenario.scenario.name));
    expect(cassette.interactions).toHaveLength(run.llm_requests);
    expect(JSON.stringify(cassette)).toContain('{{auth_link_id}}');
    expect(JSON.stringify(cassette)).not.toMatch(/127\.0\.0\.1:\d+/);
  });

  it('replays byte-for-byte the same responses and the same conversation, twice', async () => {
    const a = await replay();
    const b = await replay();
    expect(a.run.passed, a.run.failures.join('\n')).toBe(true);
    expect(b.run.passed, b.run.failures.join('\n')).toBe(true);
    expect(a.served.length).toBe(a.run.llm_requests);
    expect(b.served).toEqual(a.served);
    expect(normalized(b.run)).toBe(normalized(a.run));
  });

  it('fails clearly when the conversation no longer matches the cassette', async () => {
    const path = cassettePath(dir, scenario.scenario.name);
    const cassette = readCassette(path);
    const req = cassette.interactions[1]?.request as { messages: { role: string; content: unknown }[] };
    const user = req.messages.find((m) => m.role === 'user');
    if (!user) throw new Error('the recorded request has no user message');
    user.content = 'Something else entirely';
    writeFileSync(path, JSON.stringify(cassette));
    const run = await runScenario(scenario, { mode: 'replay', cassetteDir: dir });
    expect(run.passed).toBe(false);
    expect(run.failures.join('\n')).toMatch(
      /request 2 differs: messages\[\d\]\.content: expected "Something else entirely", got "Can you check my Slack messages and create a Linear issue\?"/,
    );
  });
});
