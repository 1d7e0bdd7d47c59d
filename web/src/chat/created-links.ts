/**
 * The link to what a tool call created: a Linear issue's `url` or a Slack message's `permalink` in
 * the tool result (the mocks point them at their read-only pages). Only http(s) links are taken,
 * and nothing else of the result is put into the link.
 */
import { toolResultPayload } from './tool-parts.js';

export interface CreatedLink {
  href: string;
  label: string;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function webUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The created item's link from a successful tool result, or undefined. */
export function createdLink(output: unknown): CreatedLink | undefined {
  const payload = record(toolResultPayload(output));
  if (!payload) return undefined;
  const issue = record(payload['issue']);
  const issueUrl = webUrl(issue?.['url']);
  if (issue && issueUrl)
    return { href: issueUrl, label: `Open ${typeof issue['id'] === 'string' ? issue['id'] : 'the issue'}` };
  const permalink = webUrl(payload['permalink']);
  if (permalink)
    return {
      href: permalink,
      label: `Open the message${typeof payload['channel'] === 'string' ? ` in #${payload['channel']}` : ''}`,
    };
  return undefined;
}
