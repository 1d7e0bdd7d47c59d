/**
 * Turns an agent transcript (`.data/transcripts/<id>.jsonl`, one conversation) into a scenario file
 * for the `scripted` model: each user message becomes a user step whose `model:` turns are the
 * model's recorded steps (text and tool calls, links as `{{auth_link}}`), with expectations on the
 * tool calls, the status results and the link. The setup (servers, auth levels, what the user had
 * connected) and the user's authentications between turns are read from get_authentication_link
 * results. Used by `npm run scenarios -- --from-transcript FILE`.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { authLinksIn, replaceAuthLinks } from '../server/shared/auth-link.js';
import { AUTH_TOOL_NAME, AuthLinkResult } from '../server/shared/contracts.js';
import { mcpContentTexts } from '../server/shared/mcp-result.js';
import { parseScenario } from './load.js';

const Entry = z.union([
  z.object({
    type: z.literal('turn_start'),
    at: z.string().optional(),
    user: z.string(),
    model: z.string(),
    userMessage: z.string(),
  }),
  z.object({
    type: z.literal('step'),
    text: z.string().default(''),
    toolCalls: z.array(z.object({ toolCallId: z.string(), toolName: z.string(), input: z.unknown() })).default([]),
    toolResults: z
      .array(
        z.object({
          toolCallId: z.string(),
          toolName: z.string(),
          output: z.unknown(),
          isError: z.boolean().default(false),
        }),
      )
      .default([]),
  }),
  z.object({ type: z.literal('turn_end') }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
type Entry = z.infer<typeof Entry>;
type StepEntry = Extract<Entry, { type: 'step' }>;

export class TranscriptError extends Error {}

/** Replaces every auth link in strings (deeply) with the scripted model's placeholder. */
function withPlaceholders(value: unknown): unknown {
  if (typeof value === 'string') return replaceAuthLinks(value, '{{auth_link}}');
  if (Array.isArray(value)) return value.map(withPlaceholders);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v)]));
  return value;
}

/** The AuthLinkResult in a recorded MCP tool result (structuredContent or the JSON text part). */
function authResult(output: unknown): AuthLinkResult | undefined {
  const r = output as { structuredContent?: unknown; content?: unknown } | undefined;
  const candidates: unknown[] = [r?.structuredContent];
  if (Array.isArray(r?.content))
    for (const text of mcpContentTexts(r.content)) {
      try {
        candidates.push(JSON.parse(text));
      } catch {
        // Prose, not the JSON result.
      }
    }
  for (const c of candidates) {
    const parsed = AuthLinkResult.safeParse(c);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

interface Turn {
  user: string;
  message: string;
  steps: StepEntry[];
  errors: string[];
}

function readTurns(jsonl: string, file: string): { turns: Turn[]; model: string; started?: string } {
  const turns: Turn[] = [];
  let model = '';
  let started: string | undefined;
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new TranscriptError(`${file}:${i + 1}: not a JSON line`);
    }
    const parsed = Entry.safeParse(raw);
    if (!parsed.success)
      throw new TranscriptError(
        `${file}:${i + 1}: not a transcript entry (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
    const e = parsed.data;
    if (e.type === 'turn_start') {
      turns.push({ user: e.user, message: e.userMessage, steps: [], errors: [] });
      model ||= e.model;
      started ??= e.at;
    } else if (e.type === 'step') turns.at(-1)?.steps.push(e);
    else if (e.type === 'error') turns.at(-1)?.errors.push(e.message);
  });
  if (turns.length === 0) throw new TranscriptError(`${file}: no turn_start entry: is this an agent transcript?`);
  return { turns, model, started };
}

const kindOf = (name: string, display: string): 'slack' | 'linear' | undefined =>
  name === 'slack' || name === 'linear'
    ? undefined
    : /slack/i.test(`${name} ${display}`)
      ? 'slack'
      : /linear/i.test(`${name} ${display}`)
        ? 'linear'
        : undefined;

export interface Converted {
  /** The scenario file text (validated by the harness's own loader). */
  yaml: string;
  /** Things the transcript could not say, for the person who reviews the file. */
  notes: string[];
}

/** Converts one transcript; throws TranscriptError for anything that is not a usable transcript. */
export function transcriptToScenario(jsonl: string, file: string, name?: string): Converted {
  const { turns, model, started } = readTurns(jsonl, file);
  const notes: string[] = [];
  const auths = turns.map((t) =>
    t.steps
      .flatMap((s) => s.toolResults.filter((r) => r.toolName === AUTH_TOOL_NAME).map((r) => authResult(r.output)))
      .filter((a) => a !== undefined),
  );
  const first = auths.flat()[0];
  const user = turns[0]?.user ?? 'alice';

  const scenario: Record<string, unknown> = {
    name:
      name ??
      `from transcript ${
        file
          .split('/')
          .at(-1)
          ?.replace(/\.jsonl$/, '') ?? 'conversation'
      }`,
    description: `Generated from ${file} (model ${model || 'unknown'}${started ? `, ${started}` : ''}). Review the expectations before relying on it.`,
    tags: ['from-transcript'],
    modes: ['scripted'],
  };
  if (first) {
    scenario.project = {
      in_chat_auth: true,
      servers: first.servers.map((s) => {
        const kind = kindOf(s.name, s.display_name);
        if (!kind && s.name !== 'slack' && s.name !== 'linear')
          notes.push(`server ${s.name}: could not tell whether a Slack or Linear mock backs it; set its kind`);
        return { name: s.name, ...(kind ? { kind } : {}), display_name: s.display_name, auth_level: s.auth_level };
      }),
    };
  } else
    notes.push('no get_authentication_link result: the project setup is the default (slack and linear, user-level)');
  const connected = first
    ? first.servers
        .filter((s) => s.auth_level === 'user' && !first.unauthenticated_servers.includes(s.name))
        .map((s) => s.name)
    : [];
  scenario.users = [{ id: user, connected }];

  const steps: Record<string, unknown>[] = [];
  let missing: string[] | undefined = first?.unauthenticated_servers;
  turns.forEach((turn, i) => {
    const turnAuths = auths[i] ?? [];
    const seen = turnAuths[0];
    if (seen && missing) {
      const done = missing.filter((s) => !seen.unauthenticated_servers.includes(s));
      if (done.length > 0) steps.push({ action: 'authenticate', servers: done });
      const lost = seen.unauthenticated_servers.filter((s) => !missing?.includes(s));
      if (lost.length > 0)
        notes.push(
          `before message ${i + 1}, ${lost.join(', ')} became unauthenticated (expired or revoked): add expire_token/revoke_token steps`,
        );
    }
    missing = turnAuths.at(-1)?.unauthenticated_servers ?? missing;
    if (turn.steps.length === 0) {
      notes.push(
        `message ${i + 1} ("${turn.message.slice(0, 40)}") got no model step${turn.errors.length ? ` (error: ${turn.errors[0]})` : ''}; it is left out`,
      );
      return;
    }
    const calls = turn.steps.flatMap((s) => s.toolCalls);
    const text = turn.steps.map((s) => s.text).join('\n');
    const expectations: Record<string, unknown> =
      calls.length > 0 ? { tool_calls: calls.map((c) => c.toolName) } : { tool_call_count: [{ name: '*', equals: 0 }] };
    const lastAuth = turnAuths.at(-1);
    if (lastAuth)
      expectations.tool_results = [
        { name: AUTH_TOOL_NAME, status: lastAuth.status, unauthenticated_servers: lastAuth.unauthenticated_servers },
      ];
    if (authLinksIn(text).length > 0) expectations.reply = { mentions_link: true };
    steps.push({
      user: turn.message,
      ...(turn.user !== user ? { as: turn.user } : {}),
      model: turn.steps.map((s) => ({
        ...(s.text ? { text: withPlaceholders(s.text) } : {}),
        ...(s.toolCalls.length > 0
          ? { tool_calls: s.toolCalls.map((c) => ({ name: c.toolName, args: withPlaceholders(c.input ?? {}) })) }
          : {}),
      })),
      expect: expectations,
    });
  });
  if (!steps.some((s) => 'user' in s)) throw new TranscriptError(`${file}: no turn with a model step to script`);
  scenario.steps = steps;
  const yaml = `# yaml-language-server: $schema=./scenario.schema.json\n${stringify(scenario, { lineWidth: 120 })}`;
  parseScenario(yaml, file.replace(/\.jsonl$/, '.yaml'));
  return { yaml, notes };
}

/** File name for a converted scenario: its name as a slug. */
export function scenarioFileName(yaml: string): string {
  const name = /^name: (.+)$/m.exec(yaml)?.[1] ?? 'scenario';
  return `${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.yaml`;
}
