/**
 * One clause of a user message ("post 'hi' to #random", "don't create anything", "what's in #general")
 * → the actions it asks for, or one short question when a write would need something the clause does
 * not say. Writes are recognized only in explicit frames (verb + target + content); negated clauses
 * ask for nothing and are reported back as declined. Reads are the fallback, because reading is safe.
 */
import type { Action } from './intent.js';
import {
  assigneeIn,
  channelsIn,
  ISSUE_NOUN,
  issueIds,
  LINEAR_WORDS,
  OPEN_WORDS,
  personIn,
  SLACK_WORDS,
  stateIn,
  teamIn,
} from './lexicon.js';
import { normalize } from './text.js';
import { none, quoteOf, trimTail, type ClauseContext, type ClauseResult } from './clause-kit.js';
import { readCreate, readPost, readUpdate } from './writes.js';

export { DEFAULT_TEAM, type ClauseContext, type ClauseResult } from './clause-kit.js';

const FILLER_WORDS =
  "hey|hi|hello|ok|okay|so|and|but|then|also|possibly|maybe|perhaps|remember to|do not forget to|don't forget to|dont forget to|now|please|pls|just|kindly|quickly|first|finally|next|after that|oh|alright|great|cool|thanks|yes|yeah|sure|can you|could you|would you|will you|would you mind|i want you to|i need you to|i would like you to|i would like to|i would like|i want to|i want|i need to|i need|we need|help me|go ahead and|lets|let us|actually|instead|right";
const FILLERS = new RegExp(`^(?:(?:${FILLER_WORDS})\\b[\\s,]*)+`);
const RAW_FILLERS = new RegExp(`^(?:\\W*(?:${FILLER_WORDS.replace(/ /g, '\\s+')})\\b[\\s,]*)+`, 'i');

const NEGATION = /^(?:do not|don't|dont|never|no need to|not|stop|please do not|without|no)\b/;
const NEGATED_WRITE =
  /\b(?:do not|don't|dont|did not|should not|must not|will not|would not|never|no need to|without)\s+(?:\w+\s+){0,4}?(post|posting|send|sending|announce|announcing|share|tell|message|dm|remind|say|create|creating|open|opening|file|filing|make|update|updating|move|moving|close|closing|change|changing|touch|write|writing|notify|ping|ticket)\b/;

function declinedWord(verb: string): string {
  if (/^(post|send|announce|share|tell|write|notify|ping|message|dm|remind|say)/.test(verb))
    return 'post anything to Slack';
  if (/^(create|open|file|make|ticket)/.test(verb)) return 'create any Linear issue';
  return 'change any Linear issue';
}

/** Requests no tool can serve: said back honestly instead of doing something near it. */
const CANNOT: Array<[RegExp, string]> = [
  [
    /^(?:tell|let|notify|ping|alert|remind|message|email) me\b.*\b(?:when|if|once|whenever)\b|^(?:notify|alert) me\b|^keep (?:an eye|watch)\b|^watch\b/,
    'watch for changes and tell you later (I only act when you write to me)',
  ],
  [/^(?:delete|remove|archive|destroy|trash|erase)\b/, 'delete or archive anything'],
  [/^(?:assign|reassign|unassign)\b/, 'change who an issue is assigned to (I can move issues between states)'],
  [
    /^(?:rename|edit|retitle|reword)\b|^change (?:the )?(?:title|description|priority|name)\b/,
    "edit an issue's title, description or priority (I can move issues between states)",
  ],
  [
    /^(?:comment|reply|react|respond|pin|unpin|star|upvote)\b/,
    'comment, reply in a thread or react (I can post a new message to a channel)',
  ],
  [
    /^(?:email|e-mail|invite|schedule|book|call|text|sms|phone)\b|\b(?:email|e-mail|calendar|meeting|invite|invitation)\b/,
    'send emails or invites or manage calendars',
  ],
];

function readCannot(norm: string): ClauseResult | undefined {
  const hit = CANNOT.find(([re]) => re.test(norm));
  return hit ? { actions: [], cannot: hit[1] } : undefined;
}

// ---------------------------------------------------------------- reads

const SEARCH =
  /\b(?:search|find|look for|look up|lookup|grep|anything about|anything on|any mentions?|mentions? of|mentioning|talking about|said about|say about|messages about|discussions? about|related to)\b/;
const SUMMARY =
  /\b(?:summarize|summarise|summary|recap|tl;?dr|catch me up|digest|sum up|gist|overview|highlights|brief me)\b/;
const STATUS_TALK =
  /\b(?:is|are|am|now|got|have|has been|just|i|'s)\s+(?:now\s+)?(?:connected|authenticated|linked|authori[sz]ed|logged in|signed in|reconnected)\b|^(?:connected|authenticated|reconnected)\b|^(?:slack|linear|both|they|it)(?:'s|\s+is|\s+are)?\s+(?:now\s+)?(?:done|ok|okay|ready|good|connected|set up|working)\W*$/;

function searchQuery(raw: string, quotes: string[]): string | undefined {
  const quoted = quoteOf(raw, quotes);
  if (quoted) return quoted;
  const m =
    /\b(?:for|about|mentioning|mentions? of|regarding|containing|related to)\s+(.+)$/i.exec(raw) ??
    /\b(?:on|search(?: slack)?|find|look up)\s+(.+)$/i.exec(raw);
  if (!m?.[1]) return undefined;
  const q = trimTail(
    m[1].replace(
      /\s+(?:in|on|from|across)\s+(?:slack|linear|#[\w-]+|the\s+[\w-]+\s+channel|all channels|any channel|channels)\b.*$/i,
      '',
    ),
  )
    .replace(/^(?:(?:the|a|an|any|some|all|messages?|posts?)\s+)+(?:(?:about|for|on|mentioning)\s+)?/i, '')
    .replace(/\s+(?:issues?|tickets?|bugs?|messages?|one)$/i, '')
    .trim();
  return q.length > 0 && !/^(?:slack|messages?|anything|something|it|that)$/i.test(q) ? q : undefined;
}

function readReads(raw: string, norm: string, c: ClauseContext): ClauseResult {
  const ids = issueIds(raw);
  const channels = channelsIn(norm);
  const summarize = SUMMARY.test(norm);
  const linearish =
    ISSUE_NOUN.test(norm) ||
    LINEAR_WORDS.test(norm) ||
    /\bteams?\b/.test(norm) ||
    (/^(?:what|which|show|list|any)\b/.test(norm) && stateIn(norm) !== undefined);
  const slackish = SLACK_WORDS.test(norm) || /\b(?:said|say|posted|wrote)\b/.test(norm);
  if (STATUS_TALK.test(norm)) return none();
  if (
    /\b(?:connect|link|authenticate|authorize|log ?in to|sign ?in to|hook up|set up)\b/.test(norm) &&
    /\b(?:slack|linear|account|accounts|services?)\b/.test(norm) &&
    !channels.length &&
    !ids.length
  )
    return { actions: [], connect: true };
  if (SEARCH.test(norm)) {
    const query = searchQuery(raw, c.quotes);
    if (query && linearish && !/\bslack\b|#/.test(norm)) return { actions: [listIssues(raw, norm, query)] };
    if (
      query &&
      (!linearish || /\bslack\b/.test(norm)) &&
      !(ids.length > 0 && issueIds(query).length > 0 && !/\bslack\b/.test(norm))
    )
      return { actions: [{ kind: 'slack_search', query }] };
  }
  if (
    ids.length === 0 &&
    c.lastIssue &&
    /^(?:show|open|get|display|read)\s+(?:it|that|this)(?:\s+(?:to me|again))?$|^(?:what about|and)\s+(?:it|that one)$/.test(
      norm,
    )
  )
    ids.push(c.lastIssue);
  if (ids.length > 0) return { actions: ids.map((id) => ({ kind: 'linear_get_issue', id })) };
  if (/\bchannels\b/.test(norm) && channels.length === 0) {
    return {
      actions: [
        { kind: 'slack_list_channels' },
        ...(/\bteams\b/.test(norm) ? [{ kind: 'linear_list_teams' } as const] : []),
      ],
    };
  }
  if (/\bteams\b/.test(norm) && !slackish) return { actions: [{ kind: 'linear_list_teams' }] };
  if (channels.length > 0)
    return {
      actions: channels.map((channel) => ({
        kind: 'slack_read_channel',
        channel,
        ...(summarize ? { summarize } : {}),
      })),
    };
  const person = personIn(norm);
  const dms =
    /\b(?:dms?|direct messages?|private messages?|inbox)\b/.test(norm) ||
    (person !== undefined && /\b(?:from|did|'s)\b/.test(norm) && !linearish);
  if (dms || (slackish && !linearish)) {
    return {
      actions: [
        {
          kind: 'slack_read_dms',
          ...(person && (dms || /\b(?:from|did)\b/.test(norm)) ? { with: person } : {}),
          ...(summarize ? { summarize } : {}),
        },
      ],
    };
  }
  if (linearish || /\b(?:what am i working on|my plate|assigned to)\b/.test(norm)) {
    const quoted = quoteOf(raw, c.quotes);
    const about = quoted ?? /\b(?:about|mentioning|regarding|related to)\s+(.+)$/i.exec(raw)?.[1];
    return { actions: [listIssues(raw, norm, about ? trimTail(about) : undefined)] };
  }
  return none();
}

function listIssues(raw: string, norm: string, query: string | undefined): Action {
  const team = teamIn(norm, raw);
  const state = stateIn(norm.replace(/\bopen\b/g, ' '));
  const open = !state && OPEN_WORDS.test(norm);
  const assignee = assigneeIn(norm);
  return {
    kind: 'linear_list_issues',
    ...(team ? { team } : {}),
    ...(state ? { state } : {}),
    ...(assignee ? { assignee } : {}),
    ...(query ? { query } : {}),
    ...(open ? { open: true } : {}),
  };
}

/** Reads one clause. */
export function readClause(rawClause: string, c: ClauseContext): ClauseResult {
  const raw = rawClause.replace(/^[\s,;:.!?-]+/, '');
  let norm = normalize(raw).replace(FILLERS, '').trim();
  let cleanRaw = raw.replace(RAW_FILLERS, '');
  // "ENG-5: move to done" reads as "move to done ENG-5".
  const lead = /^([a-z]{2,6}-\d{1,6})\s*:\s*(.+)$/i;
  if (lead.test(norm) && lead.test(cleanRaw)) {
    norm = norm.replace(lead, '$2 $1');
    cleanRaw = cleanRaw.replace(lead, '$2 $1');
  }
  // "... without posting anything": the part after "without" is declined, the rest still counts.
  const without = /\bwithout\s+(\w+)/.exec(norm);
  let declined: string | undefined;
  if (without && without.index > 0) {
    declined = declinedWord(without[1] ?? '');
    norm = norm.slice(0, without.index).trim();
  }
  const negated = NEGATION.test(norm)
    ? (NEGATED_WRITE.exec(norm) ?? /^(?:do not|don't|dont|never|no need to|not|stop|no)\s+(\w+)/.exec(norm))
    : NEGATED_WRITE.exec(norm);
  if (negated) {
    const ids = issueIds(cleanRaw);
    if (ids.length === 1) c.lastIssue = ids[0];
    return { actions: [], declined: declinedWord(negated[1] ?? '') };
  }
  const mentioned = issueIds(cleanRaw);
  const withDeclined = (r: ClauseResult): ClauseResult => {
    if (mentioned.length === 1) c.lastIssue = mentioned[0];
    return declined ? { ...r, declined } : r;
  };
  const rawBody = without && without.index > 0 ? cleanRaw.replace(/\bwithout\b.*$/i, '') : cleanRaw;
  return withDeclined(
    readCreate(rawBody, norm, c) ??
      readUpdate(rawBody, norm, c) ??
      readPost(rawBody, norm, c) ??
      readCannot(norm) ??
      readReads(rawBody, norm, c),
  );
}

const CONDITION = /\b(?:if|unless|in case|otherwise|provided that|as long as|assuming|once)\b/;

/** A request the demo would follow that does `a`, for the example in a question. */
export function example(a: Action): string {
  if (a.kind === 'linear_update_state') return `move ${a.id} to ${a.state}`;
  if (a.kind === 'slack_post') return a.text ? `post "${a.text}" to #${a.channel}` : `post that to #${a.channel}`;
  if (a.kind === 'linear_create_issue')
    return a.title
      ? `create a Linear issue titled "${a.title}"`
      : 'create a Linear issue titled "Fix the login timeout"';
  return 'show my open Linear issues';
}

/** A write in a sentence that hangs on a condition ("if so, close it") is not the demo's to decide: it asks, and "yes" does it. */
export function conditional(sentence: string, actions: Action[]): ClauseResult | undefined {
  const writes = actions.filter(
    (a) => a.kind === 'slack_post' || a.kind === 'linear_create_issue' || a.kind === 'linear_update_state',
  );
  if (writes.length === 0 || !CONDITION.test(normalize(sentence))) return undefined;
  return {
    actions: [],
    question: {
      ask: `I don't act on conditions myself: should I ${example(writes[0] as Action)} now?`,
      example: example(writes[0] as Action),
      proposal: writes,
    },
  };
}
