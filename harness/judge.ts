/**
 * Judged expectations (`reply: { judge: RUBRIC }`, scenario-level `judge:`): a judge model grades a
 * reply or a whole conversation against a rubric and answers a verdict and a reason, like promptfoo's
 * `llm-rubric` and LangWatch Scenario's `judgeAgent`. Verdicts are cached on disk by a content hash of
 * (judge model, rubric, text graded) so a re-run costs nothing and is deterministic; the cache is the
 * judge's cassette (commit it to make CI reproducible). Per-stack values (ports, link ids) are replaced
 * by placeholders before hashing, so the same conversation hashes the same on every stack.
 */
import { generateText, type LanguageModel } from 'ai';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_JUDGE_CACHE = '.data/judge-cache';

export const JUDGE_SYSTEM = `You grade an AI assistant in a conversation against a rubric.
Read the rubric and the text to grade, then answer with JSON only, no prose around it:
{"verdict": "pass" | "fail", "reason": "<one sentence saying why>"}
Say "pass" only when the text meets every point of the rubric.`;

const Verdict = z.object({ verdict: z.enum(['pass', 'fail']), reason: z.string().min(1) });

export interface Judgement {
  /** `error`: the judge's answer was not a verdict (reported as not run, never as passed). */
  verdict: 'pass' | 'fail' | 'error';
  reason: string;
  cached: boolean;
}

/** Reads the first JSON object in a model's answer (models wrap JSON in prose or code fences). */
export function parseVerdict(text: string): z.infer<typeof Verdict> | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = Verdict.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function judgeKey(model: string, rubric: string, subject: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: 1, model, rubric, subject }))
    .digest('hex');
}

export class Judge {
  /** Requests actually sent to the judge model (cache misses). */
  requests = 0;

  constructor(
    readonly name: string,
    private readonly model: LanguageModel,
    readonly cacheDir = DEFAULT_JUDGE_CACHE,
  ) {}

  /** Grades `subject` (already free of per-stack values) against `rubric`. */
  async grade(rubric: string, subject: string): Promise<Judgement> {
    const key = judgeKey(this.name, rubric, subject);
    const file = join(this.cacheDir, `${key}.json`);
    const cached = readCached(file);
    if (cached) return { ...cached, cached: true };
    this.requests++;
    let text: string;
    try {
      const result = await generateText({
        model: this.model,
        system: JUDGE_SYSTEM,
        prompt: `Rubric:\n${rubric}\n\nText to grade:\n${subject}`,
        temperature: 0,
        maxRetries: 0,
      });
      text = result.text;
    } catch (e) {
      return { verdict: 'error', reason: `the judge model failed: ${(e as Error).message}`, cached: false };
    }
    const verdict = parseVerdict(text);
    if (!verdict)
      return {
        verdict: 'error',
        reason: `the judge did not answer a verdict: ${JSON.stringify(text.slice(0, 200))}`,
        cached: false,
      };
    mkdirSync(this.cacheDir, { recursive: true });
    // Written whole then renamed: parallel runs never read half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ model: this.name, rubric, ...verdict }, null, 2)}\n`);
    renameSync(tmp, file);
    return { ...verdict, cached: false };
  }
}

function readCached(file: string): { verdict: 'pass' | 'fail'; reason: string } | undefined {
  try {
    const parsed = Verdict.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
