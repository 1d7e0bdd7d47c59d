/**
 * The small shared vocabulary of clause reading: what a clause yields, the context it is read in,
 * and helpers to cut quotes and trailing politeness from the user's own words.
 */
import type { Action, Question } from './intent.js';

export const DEFAULT_TEAM = 'ENG';

export interface ClauseContext {
  quotes: string[];
  /** A Slack read earlier in this message: "check #x and create a ticket" makes the ticket from it. */
  readInMessage: boolean;
  /** Something was read from Slack earlier in the conversation ("file a ticket for that"). */
  readBefore: boolean;
  /** The latest read of the message / of the conversation was the user's direct messages (private). */
  readDmsInMessage?: boolean;
  readDmsBefore?: boolean;
  /** A result the user may point at with "that" / "it" (a read or a created issue), earlier or in this message. */
  resultBefore: boolean;
  /** The issue "it" refers to. */
  lastIssue?: string;
}

export interface ClauseResult {
  actions: Action[];
  question?: Question;
  declined?: string;
  cannot?: string;
  /** "put it in DES": the team for the issue created just before in the same message. */
  team?: string;
  /** The user asks to connect a service (the status check answers). */
  connect?: boolean;
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const none = (): ClauseResult => ({ actions: [] });
export const ask = (ask: string, example: string): ClauseResult => ({ actions: [], question: { ask, example } });

export function quoteOf(raw: string, quotes: string[]): string | undefined {
  const m = /⟦(\d+)⟧/.exec(raw);
  return m ? quotes[Number(m[1])] : undefined;
}

/** Trailing politeness and service names that are not part of a message or title. */
export function trimTail(s: string): string {
  let t = s.trim();
  for (let i = 0; i < 4; i++) {
    const before = t;
    t = t
      .replace(/(?:^|[\s,]+)(?:on|in|via|over|through)\s+slack\s*$/i, '')
      .replace(
        /[\s,]+(?:please|pls|plz|thanks|thank you|thx|for me|asap|now|right now|real quick|if you can|when you can|ok)\s*$/i,
        '',
      )
      .replace(/[\s.,:;!?-]+$/, '')
      .trim();
    if (t === before) break;
  }
  return t;
}
