/**
 * Cassettes: recorded LLM traffic of one scenario (scenarios/cassettes/<name>.json). `Recorder`
 * wraps the provider's fetch during a live (or scripted) run; `ReplayModel` serves the recording
 * through msw and fails clearly when the conversation no longer matches ("request 3 differs: ...").
 * Values that change per stack (URLs, the auth link id) are stored as `{{placeholders}}`.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isRecord } from '../../server/shared/guards.js';

export const Cassette = z.object({
  version: z.literal(1),
  scenario: z.string(),
  model: z.string(),
  interactions: z.array(
    z.object({
      request: z.unknown(),
      response: z.object({ status: z.number().int(), content_type: z.string(), body: z.string() }),
    }),
  ),
});
export type Cassette = z.infer<typeof Cassette>;

/** Current value of each placeholder, read at each request (the auth link id appears mid-run). */
export type PlaceholderValues = () => Record<string, string | undefined>;

function entries(values: PlaceholderValues): [string, string][] {
  return Object.entries(values())
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0)
    .sort((a, b) => b[1].length - a[1].length);
}

/** Replaces per-stack values with `{{name}}` (longest value first, so URLs win over their parts). */
export function toTemplate(text: string, values: PlaceholderValues): string {
  let out = text;
  for (const [name, value] of entries(values)) out = out.split(value).join(`{{${name}}}`);
  return out;
}

export function fromTemplate(text: string, values: PlaceholderValues): string {
  let out = text;
  for (const [name, value] of entries(values)) out = out.split(`{{${name}}}`).join(value);
  return out;
}

/** Request body as stored and compared: templated, with run-specific noise (times, uuids) masked. */
export function normalizeRequest(body: string, values: PlaceholderValues): unknown {
  const masked = toTemplate(body, values)
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '{{time}}')
    // Tools show times to the minute too ("on 2026-11-25 22:33"): a recording that crossed a minute must still match.
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '{{time}}')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{{uuid}}');
  try {
    return JSON.parse(masked);
  } catch {
    return masked;
  }
}

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

/** Path and values of the first difference between two JSON values, or undefined when equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length) return `${path}[${i}]: not recorded, got ${short(actual[i])}`;
      if (i >= actual.length) return `${path}[${i}]: expected ${short(expected[i])}, missing`;
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (
    expected &&
    actual &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !Array.isArray(expected) &&
    !Array.isArray(actual)
  ) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(e), ...Object.keys(a)])].sort()) {
      const d = firstDifference(e[k], a[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return expected === actual ? undefined : `${path || '(body)'}: expected ${short(expected)}, got ${short(actual)}`;
}

export function readCassette(path: string): Cassette {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `no cassette at ${path}: record one with --model openai:NAME --record`
        : `cannot read cassette ${path}: ${(e as Error).message}`,
    );
  }
  const parsed = Cassette.safeParse(raw);
  if (!parsed.success)
    throw new Error(`cassette ${path} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function writeCassette(path: string, cassette: Cassette): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(cassette, null, 2)}\n`);
}

/**
 * Joins the text deltas of a Chat Completions SSE body into its first text chunk. A URL split
 * across deltas could not be stored as a placeholder otherwise; the text the client reads is the same.
 */
export function coalesceContent(sse: string): string {
  const events = sse.split('\n\n').filter((e) => e.trim().length > 0);
  let first: Record<string, unknown> | undefined;
  let text = '';
  const kept: (string | Record<string, unknown>)[] = [];
  for (const e of events) {
    const data = e.startsWith('data: ') ? e.slice(6) : undefined;
    let json: unknown;
    try {
      json = data !== undefined && data !== '[DONE]' ? (JSON.parse(data) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    const choice = isRecord(json) && Array.isArray(json.choices) ? (json.choices as unknown[])[0] : undefined;
    const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta : undefined;
    if (!isRecord(json) || !delta || typeof delta.content !== 'string') {
      kept.push(e);
      continue;
    }
    text += delta.content;
    if (!first) {
      first = json;
      kept.push(json);
      continue;
    }
    delete delta.content;
    // A chunk that only carried text is folded into the first one.
    if (Object.keys(delta).length > 0 || (isRecord(choice) && choice.finish_reason != null)) kept.push(json);
  }
  const firstDelta =
    first && Array.isArray(first.choices) && isRecord(first.choices[0]) ? first.choices[0].delta : undefined;
  if (isRecord(firstDelta)) firstDelta.content = text;
  return kept.map((e) => (typeof e === 'string' ? `${e}\n\n` : `data: ${JSON.stringify(e)}\n\n`)).join('');
}

/** Wraps a fetch so each LLM exchange is kept (templated) for a cassette. */
export class Recorder {
  readonly interactions: Cassette['interactions'] = [];
  constructor(private readonly values: PlaceholderValues) {}

  wrap(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const req = new Request(input, init);
      const bodyText = await req.clone().text();
      const res = await inner(req);
      const text = await res.text();
      const contentType = res.headers.get('content-type') ?? 'application/json';
      const stored = contentType.includes('event-stream') ? coalesceContent(text) : text;
      this.interactions.push({
        request: normalizeRequest(bodyText, this.values),
        response: { status: res.status, content_type: contentType, body: toTemplate(stored, this.values) },
      });
      return new Response(text, { status: res.status, headers: res.headers });
    };
  }

  cassette(scenario: string, model: string): Cassette {
    return { version: 1, scenario, model, interactions: this.interactions };
  }
}

/** Serves a cassette request by request; mismatches become scenario problems. */
export class ReplayModel {
  private count = 0;
  readonly problems: string[] = [];
  /** Exact bytes served, per request, for determinism checks. */
  readonly served: string[] = [];

  constructor(
    private readonly cassette: Cassette,
    private readonly values: PlaceholderValues,
  ) {}

  readonly handle = async (request: Request): Promise<Response> => {
    const n = ++this.count;
    const recorded = this.cassette.interactions[n - 1];
    const actual = normalizeRequest(await request.text(), this.values);
    const fail = (message: string) => {
      this.problems.push(message);
      return new Response(JSON.stringify({ error: { message, type: 'cassette_mismatch' } }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    };
    if (!recorded) return fail(`request ${n} was not recorded (the cassette has ${this.cassette.interactions.length})`);
    const diff = firstDifference(recorded.request, actual);
    if (diff) return fail(`request ${n} differs: ${diff}`);
    const body = fromTemplate(recorded.response.body, this.values);
    this.served.push(body);
    return new Response(body, {
      status: recorded.response.status,
      headers: { 'content-type': recorded.response.content_type },
    });
  };

  /** Requests recorded but never asked for. */
  unused(): number {
    return Math.max(0, this.cassette.interactions.length - this.count);
  }
}
