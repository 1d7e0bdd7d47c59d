/**
 * The always-on check: no downstream OAuth token (access or refresh) may appear in any reply, tool
 * result, report or agent log. Known values come from the navigator's credential store; anything
 * shaped like a mock-issued token counts too. Leaks are described masked and then redacted.
 */
import { z } from 'zod';
import { linearService } from '../mock-servers/linear/index.js';
import { slackService } from '../mock-servers/slack/index.js';
import { Turn } from './report-schema.js';

const PREFIXES = [slackService.tokenPrefix, linearService.tokenPrefix].map((p) => p.replace(/[^A-Za-z0-9_]/g, ''));
const TOKEN_SHAPE = new RegExp(`\\b(?:${PREFIXES.join('|')})_(?:at|rt)_[A-Za-z0-9_-]{8,}`, 'g');

const mask = (token: string) => `${token.slice(0, 8)}…${token.slice(-4)} (${token.length} chars)`;

/** Where each known or token-shaped value appears; empty when clean. */
export function findLeaks(secrets: readonly string[], sources: readonly { where: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { where, text } of sources) {
    const found = new Set<string>();
    for (const s of secrets) if (s.length >= 8 && text.includes(s)) found.add(s);
    for (const m of text.matchAll(TOKEN_SHAPE)) found.add(m[0]);
    for (const t of found) out.push(`${mask(t)} in ${where}`);
  }
  return out;
}

/** Replaces every known or token-shaped value in the turns with [REDACTED], in place. */
export function redact(turns: Turn[], secrets: readonly string[]): void {
  let json = JSON.stringify(turns);
  const before = json;
  for (const s of secrets) if (s.length >= 8) json = json.split(s).join('[REDACTED]');
  json = json.replace(TOKEN_SHAPE, '[REDACTED]');
  if (json === before) return;
  turns.splice(0, turns.length, ...z.array(Turn).parse(JSON.parse(json)));
}
