/**
 * Loads scenario YAML files. Parses with the `yaml` document API so every error names the file,
 * the line and the field (`scenarios/x.yaml:12 steps[3].expect.reply.contains: expected string`),
 * then validates with the zod schema and a few cross-field checks the schema cannot express.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { OPERATORS, toRegExp } from './match.js';
import { isSimulateStep, isUserStep, Scenario, serverKind } from './scenario-schema.js';

export interface LoadedScenario {
  /** Path as given, relative to the working directory when inside it. */
  file: string;
  scenario: Scenario;
  /** 1-based line of each step, for reports. */
  stepLines: number[];
}

export class ScenarioLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioLoadError';
  }
}

type PathSeg = string | number;

export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(root)';
}

/** Offset of the deepest node along `path` that exists in the document. */
function locate(doc: Document, path: readonly PathSeg[]): number {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0] ?? 0;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value;
      const valueStart = isScalar(node) || isMap(node) || isSeq(node) ? node.range?.[0] : undefined;
      // The last segment points at its key: that is where the author reads the field name.
      offset = (i === path.length - 1 ? (keyStart ?? valueStart) : (valueStart ?? keyStart)) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (!(isScalar(item) || isMap(item) || isSeq(item))) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Union errors: report the branch that got furthest, which is the one the author meant. */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  base: PathSeg[] = [],
): { path: PathSeg[]; message: string }[] {
  const out: { path: PathSeg[]; message: string }[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSeg[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((b) => flattenIssues(b, path));
      const depth = (b: { path: PathSeg[] }[]) => Math.max(...b.map((i) => i.path.length));
      const best = branches.reduce((a, b) =>
        depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a,
      );
      out.push(...best);
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown field' });
    } else {
      out.push({ path, message: issue.message.replace(/^Invalid input: /, '') });
    }
  }
  return out;
}

/** Checks the schema cannot express: references to users and servers, scripted turns present. */
function crossChecks(s: Scenario): { path: PathSeg[]; message: string }[] {
  const problems: { path: PathSeg[]; message: string }[] = [];
  const users = new Set(s.users.map((u) => u.id));
  const servers = new Set(s.project.servers.map((x) => x.name));
  s.project.servers.forEach((srv, i) => {
    try {
      serverKind(srv);
    } catch (e) {
      problems.push({ path: ['project', 'servers', i, 'kind'], message: (e as Error).message });
    }
  });
  s.users.forEach((u, i) =>
    u.connected.forEach((name, j) => {
      if (!servers.has(name))
        problems.push({ path: ['users', i, 'connected', j], message: `no server named ${name} in project.servers` });
    }),
  );
  s.steps.forEach((step, i) => {
    if (step.as && !users.has(step.as))
      problems.push({ path: ['steps', i, 'as'], message: `no user ${step.as} in users` });
    if (isUserStep(step)) {
      if (s.modes.includes('scripted') && !step.model?.length)
        problems.push({
          path: ['steps', i, 'model'],
          message: 'required: scripted mode needs the model turns of every user step',
        });
    } else if (isSimulateStep(step)) {
      if (s.modes.includes('scripted'))
        problems.push({
          path: ['modes'],
          message:
            'a simulate: step cannot be scripted; list demo (and replay once recorded; openai: models run any scenario)',
        });
    } else {
      if (step.action === 'add_server') servers.add(step.server.name);
      const named =
        'servers' in step
          ? (step.servers ?? [])
          : 'server' in step && typeof step.server === 'string'
            ? [step.server]
            : [];
      for (const name of named)
        if (!servers.has(name))
          problems.push({
            path: ['steps', i, 'server' in step ? 'server' : 'servers'],
            message: `no server named ${name}`,
          });
    }
    for (const key of Object.keys(step.expect?.state ?? {}))
      if (!servers.has(key))
        problems.push({ path: ['steps', i, 'expect', 'state', key], message: `no server named ${key}` });
    findBadOperators(step.expect, ['steps', i, 'expect'], problems);
  });
  for (const key of Object.keys(s.always?.state ?? {}))
    if (!servers.has(key)) problems.push({ path: ['always', 'state', key], message: `no server named ${key}` });
  return problems;
}

const REGEX_KEYS = new Set(['matches', 'not_matches', 'regex', '$regex', '$matches']);

/** Every regular expression in the file must compile: a typo is a load error, not a failed run. */
function findBadRegexes(
  value: unknown,
  path: PathSeg[],
  out: { path: PathSeg[]; message: string }[],
  key?: string,
): void {
  if (Array.isArray(value)) value.forEach((v, i) => findBadRegexes(v, [...path, i], out, key));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) findBadRegexes(v, [...path, k], out, k);
  else if (typeof value === 'string' && key !== undefined && REGEX_KEYS.has(key))
    try {
      toRegExp(value);
    } catch (e) {
      out.push({ path, message: `not a regular expression: ${(e as Error).message}` });
    }
}

function findBadOperators(value: unknown, path: PathSeg[], out: { path: PathSeg[]; message: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => findBadOperators(v, [...path, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') && !OPERATORS.includes(k))
        out.push({ path: [...path, k], message: `unknown operator (use ${OPERATORS.join(', ')})` });
      findBadOperators(v, [...path, k], out);
    }
}

/** Parses and validates one scenario from text; `file` is used in messages only. */
export function parseScenario(text: string, file: string): LoadedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => `${file}:${lineCounter.linePos(offset).line}`;
  if (doc.errors.length > 0)
    throw new ScenarioLoadError(doc.errors.map((e) => `${at(e.pos[0])} ${e.message.split('\n')[0]}`));
  const parsed = Scenario.safeParse(doc.toJS());
  const problems = parsed.success ? crossChecks(parsed.data) : flattenIssues(parsed.error.issues);
  if (parsed.success) {
    parsed.data.steps.forEach((step, i) => findBadRegexes(step.expect, ['steps', i, 'expect'], problems));
    findBadRegexes(parsed.data.always, ['always'], problems);
    findBadOperators(parsed.data.always, ['always'], problems);
  }
  if (problems.length > 0 || !parsed.success)
    throw new ScenarioLoadError(problems.map((p) => `${at(locate(doc, p.path))} ${formatPath(p.path)}: ${p.message}`));
  const stepLines = parsed.data.steps.map((_, i) => lineCounter.linePos(locate(doc, ['steps', i])).line);
  return { file, scenario: parsed.data, stepLines };
}

/** Reads and validates one scenario file. */
export function loadScenario(path: string): LoadedScenario {
  const rel = relative(process.cwd(), path);
  const file = rel && !rel.startsWith('..') ? rel : path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioLoadError([`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseScenario(text, file);
}

/** Loads several files, collecting every file's problems before failing. */
export function loadScenarios(paths: readonly string[]): LoadedScenario[] {
  const loaded: LoadedScenario[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    try {
      loaded.push(loadScenario(p));
    } catch (e) {
      if (e instanceof ScenarioLoadError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ScenarioLoadError(problems);
  const names = new Map<string, string>();
  for (const l of loaded) {
    const prev = names.get(l.scenario.name);
    if (prev) problems.push(`${l.file}: scenario name "${l.scenario.name}" is also used by ${prev}`);
    names.set(l.scenario.name, l.file);
  }
  if (problems.length > 0) throw new ScenarioLoadError(problems);
  return loaded;
}
