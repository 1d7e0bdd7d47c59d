// A real conversation's transcript (agent + navigator + mocks, demo model, the user authenticating
// Slack and then Linear between the turns) becomes a scenario file that the harness loads and that
// passes in scripted mode against a fresh stack; the CLI writes it; bad transcripts are refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../harness/cli.js';
import { parseScenario } from '../../../harness/load.js';
import { stopLlmServer } from '../../../harness/models/llm-server.js';
import { failureDetail } from '../../../harness/reporters/pretty.js';
import { runScenario } from '../../../harness/runner.js';
import { transcriptToScenario } from '../../../harness/transcript-to-scenario.js';
import { transcriptFileName } from '../../../server/agent/transcripts.js';
import type { Stack } from '../../../kit/stack.js';
import { authenticateViaLink, findAuthLink, startAgentStack } from '../agent/support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

describe('transcript to scenario', () => {
  let stack: Stack;
  let transcriptFile: string;
  beforeAll(async () => {
    stack = await startAgentStack();
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'carol'), 'conv-to-scenario');
    const first = await chat.send('Can you check my Slack messages and create a Linear issue?');
    const link = findAuthLink(first.text) ?? '';
    await authenticateViaLink(link, 'carol', ['slack']);
    expect((await chat.send('ok connected')).text).toContain("Linear still isn't");
    await authenticateViaLink(link, 'carol', ['linear']);
    expect((await chat.send('Done!')).text).toContain('Created ENG-');
    await stack.agent.transcripts.flush();
    transcriptFile = join(stack.agent.transcriptsDir, transcriptFileName(chat.id));
  });
  afterAll(async () => {
    await stack?.close();
    await stopLlmServer();
  });

  it('writes the user turns, the model turns with {{auth_link}}, the authentications between them and expectations', () => {
    const { yaml, notes } = transcriptToScenario(readFileSync(transcriptFile, 'utf8'), 'conv-to-scenario.jsonl');
    expect(notes).toEqual([]);
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const doc = parse(yaml) as { users: unknown; project: unknown; modes: string[]; steps: Record<string, unknown>[] };
    expect(doc.modes).toEqual(['scripted']);
    expect(doc.users).toEqual([{ id: 'carol', connected: [] }]);
    expect(doc.project).toEqual({
      in_chat_auth: true,
      servers: [
        { name: 'slack', display_name: 'Slack', auth_level: 'user' },
        { name: 'linear', display_name: 'Linear', auth_level: 'user' },
      ],
    });
    expect(doc.steps.map((s) => s.user ?? `[${String(s.action)} ${JSON.stringify(s.servers)}]`)).toEqual([
      'Can you check my Slack messages and create a Linear issue?',
      '[authenticate ["slack"]]',
      'ok connected',
      '[authenticate ["linear"]]',
      'Done!',
    ]);
    expect(doc.steps[0]).toMatchObject({
      model: [
        {
          text: 'Let me check your authentication status first.',
          tool_calls: [{ name: 'get_authentication_link', args: {} }],
        },
        { text: expect.stringContaining('Please authenticate using this link: {{auth_link}} Once') },
      ],
      expect: {
        tool_calls: ['get_authentication_link'],
        tool_results: [
          {
            name: 'get_authentication_link',
            status: 'authentication_needed',
            unauthenticated_servers: ['slack', 'linear'],
          },
        ],
        reply: { mentions_link: true },
      },
    });
    expect(doc.steps[4]).toMatchObject({
      expect: {
        tool_calls: ['get_authentication_link', 'call_server_tool', 'call_server_tool'],
        tool_results: [{ name: 'get_authentication_link', status: 'fully_authenticated', unauthenticated_servers: [] }],
      },
    });
    expect(yaml).not.toMatch(/auth_link_id=/);
  });

  it('the generated scenario passes in scripted mode against a fresh stack', async () => {
    const { yaml } = transcriptToScenario(readFileSync(transcriptFile, 'utf8'), 'conv-to-scenario.jsonl');
    const run = await runScenario(parseScenario(yaml, 'generated.yaml'), { mode: 'scripted' });
    expect(run.passed, failureDetail(run).join('\n')).toBe(true);
    expect(run.turns.filter((t) => t.kind === 'expectation').length).toBeGreaterThanOrEqual(8);
  });

  it('npm run scenarios -- --from-transcript writes the file; a broken transcript is refused with file:line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'from-transcript-'));
    let out = '';
    expect(await main(['--from-transcript', transcriptFile, '--out', dir], (s) => void (out += s))).toBe(0);
    expect(out).toMatch(/^wrote .*from-transcript-conv-to-scenario\.yaml\n$/);
    expect(readFileSync(join(dir, 'from-transcript-conv-to-scenario.yaml'), 'utf8')).toContain('user: Done!');

    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${readFileSync(transcriptFile, 'utf8').split('\n')[0]}\n{"type":"step","text":\n`);
    out = '';
    expect(await main(['--from-transcript', broken], (s) => void (out += s))).toBe(2);
    expect(out).toBe(`error: ${broken}:2: not a JSON line\n`);
    out = '';
    expect(await main(['--from-transcript', join(dir, 'missing.jsonl')], (s) => void (out += s))).toBe(2);
    expect(out).toContain('cannot read');
  });
});
