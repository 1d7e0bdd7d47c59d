/**
 * One clause of a user message ("post 'hi' to #random", "don't create anything", "what's in #general")
 * → the actions it asks for, or one short question when a write would need something the clause does
 * not say. Writes are recognized only in explicit frames (verb + target + content); negated clauses
 * ask for nothing and are reported back as declined. Reads are the fallback, because reading is safe.
 */
import type { Action, Question } from './intent.js';
import {
  assigneeIn,
  channelsIn,
  EMPTY_CONTENT,
  ISSUE_NOUN,
  issueIds,
  LINEAR_WORDS,
  OPEN_WORDS,
  personIn,
  priorityIn,
  REFERENCE,
  SLACK_WORDS,
  stateIn,
  teamIn,
} from './lexicon.js';
import { normalize } from './text.js';

export const DEFAULT_TEAM = 'ENG';

export interface ClauseContext {
  quotes: string[];
  /** A Slack read earlier in this message: "check #x and create a ticket" makes the ticket from it. */
  readInMessage: boolean;
  /** Something was read from Slack earlier in the conversation ("file a ticket for that"). */
  readBefore: boolean;
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
  /** The user asks to connect a service (the status check answers). */
  connect?: boolean;
}

const FILLER_WORDS =
  'hey|hi|hello|ok|okay|so|and|but|then|also|now|please|pls|just|kindly|quickly|first|finally|next|after that|oh|alright|great|cool|thanks|yes|yeah|sure|can you|could you|would you|will you|would you mind|i want you to|i need you to|i would like you to|i would like to|i would like|i want to|i want|i need to|i need|we need|help me|go ahead and|lets|let us|actually|instead|right';
const FILLERS = new RegExp(`^(?:(?:${FILLER_WORDS})\\b[\\s,]*)+`);
const RAW_FILLERS = new RegExp(`^(?:\\W*(?:${FILLER_WORDS.replace(/ /g, '\\s+')})\\b[\\s,]*)+`, 'i');

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const none = (): ClauseResult => ({ actions: [] });
const ask = (ask: string, example: string): ClauseResult => ({ actions: [], question: { ask, example } });

function quoteOf(raw: string, quotes: string[]): string | undefined {
  const m = /⟦(\d+)⟧/.exec(raw);
  return m ? quotes[Number(m[1])] : undefined;
}

/** Trailing politeness and service names that are not part of a message or title. */
function trimTail(s: string): string {
  let t = s.trim();
  for (let i = 0; i < 4; i++) {
    const before = t;
    t = t
      .replace(/(?:^|[\s,]+)(?:on|in|via|over|through)\s+slack\s*$/i, '')
      .replace(/[\s,]+(?:please|pls|plz|thanks|thank you|thx|for me|asap|now|right now|real quick|if you can|when you can|ok)\s*$/i, '')
      .replace(/[\s.,:;!?-]+$/, '')
      .trim();
    if (t === before) break;
  }
  return t;
}

const NEGATION = /^(?:do not|don't|dont|never|no need to|not|stop|please do not|without|no)\b/;
const NEGATED_WRITE = /\b(?:do not|don't|dont|did not|should not|must not|will not|would not|never|no need to|without)\s+(?:\w+\s+){0,4}?(post|posting|send|sending|announce|announcing|share|tell|message|dm|remind|say|create|creating|open|opening|file|filing|make|update|updating|move|moving|close|closing|change|changing|touch|write|writing|notify|ping|ticket)\b/;

function declinedWord(verb: string): string {
  if (/^(post|send|announce|share|tell|write|notify|ping|message|dm|remind|say)/.test(verb)) return 'post anything to Slack';
  if (/^(create|open|file|make|ticket)/.test(verb)) return 'create any Linear issue';
  return 'change any Linear issue';
}

// ---------------------------------------------------------------- writes

const POST_VERB = /^(post|posting|send|sending|announce|share|say|write|tell|let|remind|ping|notify|broadcast|drop|put|message|dm)\b/;

function readPost(raw: string, norm: string, c: ClauseContext): ClauseResult | undefined {
  const verb = POST_VERB.exec(norm)?.[1];
  if (!verb || /^(?:tell|send|share|let|give) me\b|^share with me\b/.test(norm)) return undefined;
  const channels = channelsIn(norm);
  if (channels.length === 0) {
    if (verb === 'put' || verb === 'write' || verb === 'say') return undefined;
    if (/\b(email|e-mail|sms|text message|letter|fax|tweet|invite|calendar|meeting)\b/.test(norm)) return undefined;
    const slackWord = /\bslack\b|\bchannel\b/.test(norm);
    if (!slackWord && /^(?:dm|direct message|message|ping|tell|send|remind|notify)\s+(?:a\s+(?:dm|message)\s+to\s+)?@?(?!everyone|everybody|the\b|a\b|an\b|it\b|that\b|this\b|them\b|people|folks)[a-z]+/.test(norm)) {
      return { actions: [], cannot: 'send direct messages (I can only post in a channel, for example: post "ship it" to #general)' };
    }
    if (!slackWord && !/^(?:post|posting|announce|broadcast|remind)\b/.test(norm)) return undefined;
  }
  if (verb === 'let' && !/\blet\b.*\bknow\b/.test(norm)) return undefined;
  // The content, cut from the original words; a frame that carries it wins over a looser one.
  let content = quoteOf(raw, c.quotes);
  const ch = String.raw`(?:everyone|everybody|folks|people|the team)?\s*(?:in|on|at)?\s*(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel)`;
  const frames = [
    new RegExp(String.raw`\blet\s+${ch}\s+know\s+(.+)$`, 'i'),
    new RegExp(String.raw`\btell\s+${ch}\s+(.+)$`, 'i'),
    new RegExp(String.raw`\bremind\s+${ch}\s+(?:to\s+)?(.+)$`, 'i'),
    new RegExp(String.raw`\b(?:ping|notify)\s+${ch}\s+(?:with\s+)?(.+)$`, 'i'),
    new RegExp(String.raw`\b(?:post|send|announce|share|say|write|broadcast|drop|put)\s+(.+?)\s+(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel\b)`, 'i'),
    new RegExp(String.raw`\b(?:post|send|announce|share|say|write|broadcast|drop|put)\s+(?:a message\s+|this\s+|the following\s+)?(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel\b)\s*(?::|\bsaying\b|\bthat says\b|\bwith the text\b|\bthat\b)\s*(.+)$`, 'i'),
    new RegExp(String.raw`\b(?:post|send|announce|share|say|write|broadcast|drop|put)\s+(?:a message\s+|this\s+|the following\s+)?(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel\b)\s*(?:,|\bwith\b)?\s*(.+)$`, 'i'),
    /\bannounce\s+(.+)$/i,
  ];
  let framed: string | undefined;
  let frame = -1;
  for (const [i, re] of frames.entries()) {
    const m = re.exec(raw);
    if (m?.[1]) {
      framed = trimTail(m[1].replace(/\s+(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+|[\w-]+\s+channel)\s*$/i, ''));
      frame = i;
      if (framed.length > 0 && !EMPTY_CONTENT.test(framed.toLowerCase())) break;
    }
  }
  // Targets: the channels named outside the content, less those excluded ("not #random").
  const excluded = new Set([...norm.matchAll(/\b(?:not|except|but not|instead of|rather than|excluding)\s+(?:in\s+|to\s+)?#([\w-]+)/g)].map((m) => m[1]));
  const inContent = new Set(content === undefined && framed ? channelsIn(normalize(framed)) : []);
  const targets = channels.filter((x) => !excluded.has(x) && !inContent.has(x));
  const askWhat = () =>
    targets[0] ? ask(`What should I post to #${targets[0]}?`, `post "ship it" to #${targets[0]}`) : ask('Which channel should I post to, and what should it say?', 'post "ship it" to #general');
  // Frames 0-3 (let/tell/remind/ping) and 5 (after ":", "saying", "that") carry a message as typed.
  const loose = frame === 4 || frame >= 6;
  const reads: Action[] = [];
  if (content === undefined && framed !== undefined && !/⟦\d+⟧/.test(framed)) {
    const f = framed.toLowerCase().replace(/^that\s+/, '');
    const of = /^(?:a |the )?(?:summary|recap|digest|tl;?dr|overview|rundown)(?: of (.+))?$/.exec(f);
    if (REFERENCE.test(f) || (of && (!of[1] || REFERENCE.test(of[1]) || /^the messages$/.test(of[1])))) content = '';
    else if (of?.[1] && (channelsIn(normalize(of[1])).length > 0 || /\b(?:dms?|direct messages|slack messages|my messages)\b/.test(of[1]))) {
      // "post a summary of #incidents to #engineering": read it, then post its summary.
      const source = channelsIn(normalize(of[1]))[0];
      reads.push(source ? { kind: 'slack_read_channel', channel: source, summarize: true } : { kind: 'slack_read_dms', summarize: true });
      content = '';
    } else if (/^about\b/.test(f) || (frame !== 5 && /^(?:what|whatever|which|who|how|everything|all|anything)\b/.test(f))) return askWhat();
    // Unquoted words after post/send/share/announce must read as a message, not as data to fetch ("post my issues").
    else if (loose && /^(?:a|an|the|my|our|your|his|her|their|this|these|those|some|all|every|each|any)\b/.test(f)) return askWhat();
    else if (!EMPTY_CONTENT.test(f) && f.length > 0) content = (frame === 2 && !/^that\b/i.test(framed) ? 'Reminder: ' : '') + cap(framed.replace(/^that\s+/i, ''));
  }
  if (targets.length === 0) {
    const example = content ? `post "${content}" to #general` : 'post "ship it" to #general';
    return ask(content ? `Which channel should I post "${content}" to?` : 'Which channel should I post to, and what should it say?', example);
  }
  if (content === '') {
    if (!c.resultBefore && reads.length === 0) return askWhat();
    return { actions: [...reads, ...targets.map((channel): Action => ({ kind: 'slack_post', channel }))] };
  }
  if (content === undefined) return askWhat();
  return { actions: targets.map((channel) => ({ kind: 'slack_post', channel, text: content })) };
}

const CREATE =
  /^(?:(?:create|file|make|add|log|raise|submit|report|write up|draft|cut|spin up)\s+(?:(?:a|an|one|new|another|the|this|that|me|us|linear|quick|separate|up|proper|follow[- ]?up|urgent|important|critical|small|minor|major|high|low|medium|priority|high-priority|low-priority)\s+){0,3}(?:issues?|tickets?|bugs?|tasks?|story|card)\b|(?:open|start)\s+(?:a|an|one|new|another)\s+(?:(?:new|linear|quick|separate|follow[- ]?up)\s+){0,2}(?:issue|ticket|bug|task|story|card)\b|(?:a\s+)?(?:new|another)\s+(?:linear\s+)?(?:issue|ticket|bug|task)\b|(?:track|add|put|log|file)\s+(?:this|that|it|these|them)\s+(?:in|to|into|on)\s+linear\b|(?:file|create|open|log|make)\s+one\b)/;

function titleOf(raw: string): { title?: string; ref?: boolean } {
  const patterns = [
    /\b(?:titled|entitled|called|named|with (?:the )?title|title|subject)\s*:?\s+(.+)$/i,
    /:\s+(.+)$/,
    /\b(?:about|regarding|re:|for|to track|saying|that says|on)\s+(.+)$/i,
    /\b(?:issue|ticket|bug|task|one)\s+to\s+(?!linear\b|the backlog\b|backlog\b|team\b|the board\b|follow)(.+)$/i,
  ];
  for (const re of patterns) {
    const m = re.exec(raw);
    if (!m?.[1]) continue;
    const t = trimTail(
      m[1]
        .replace(/\s*,?\s+(?:in|for|on|to|under|into)\s+(?:the\s+)?(?:team\s+\w+|\w+\s+team|[A-Z]{2,5})\b.*$/, '')
        .replace(/\s*,?\s+(?:in|on|to|into)\s+linear\b.*$/i, '')
        .replace(/\s*,?\s+(?:and\s+)?assign(?:ed)?\b.*$/i, '')
        .replace(/\s*,?\s+(?:it is|it's|its|this is|that is|mark it|make it|as|with)\s+(?:not\s+)?(?:an?\s+)?(?:urgent|important|critical|high|low|medium|p[0-3])\b.*$/i, '')
        .replace(/\s*,\s*(?:(?:high|low|medium)[ -]priority|urgent|important|not urgent|p[0-3]|asap)\s*$/i, '')
        .replace(/\s*,?\s+(?:urgently|asap)\s*$/i, ''),
    );
    const lower = t
      .toLowerCase()
      .replace(/^(?:the\s+)?(?:team\s+\w+|\w+\s+team)\b\s*/, '')
      .replace(/^(?:from|about|for|out of|based on|using|with)\s+/, '');
    if (t.length === 0 || /^(?:team\s+\w+|\w+\s+team|me|myself|us|[A-Z]{2,5})$/i.test(t)) continue;
    if (/^(?:all|every|each|any|these|those|what|whatever|which|who|some|them)\b/.test(lower) && !REFERENCE.test(lower)) return {};
    if (REFERENCE.test(lower) || /^(?:to )?follow(?:ing)?[- ]?up(?: on (?:it|that|this|them))?$|^(?:what|anything) (?:you|i) (?:found|read)|^(?:the |these |those )?(?:slack )?(?:messages|dms|discussion|thread|conversation)$/.test(lower)) return { ref: true };
    return { title: cap(t) };
  }
  if (/\bfollow[- ]?up\b|\bfor (?:that|this|it|them)\b|\bfrom (?:that|this|it|them|these|those)\b|\bout of (?:that|this|it)\b/i.test(raw)) return { ref: true };
  return {};
}

function readCreate(raw: string, norm: string, c: ClauseContext): ClauseResult | undefined {
  if (!CREATE.test(norm)) return undefined;
  // "create tickets for ..." asks for several at once: the demo makes one issue per request.
  if (/^\w+\s+(?:(?:some|several|multiple|many|the|new|linear)\s+)*(?:issues|tickets|bugs|tasks)\b/.test(norm) && quoteOf(raw, c.quotes) === undefined) {
    return ask('Which one issue should I create? I create one at a time.', 'create a Linear issue titled "Fix the login timeout"');
  }
  const actions: Action[] = [];
  // "create an issue from my Slack messages / from #incidents": read first, then make the issue from it.
  const from = /\bfrom\s+(?:my\s+|the\s+|our\s+)?(#[\w-]+|[\w-]+\s+channel|slack(?:\s+messages)?|dms?|direct messages|messages)\b/.exec(norm)?.[1];
  if (from) {
    const channel = channelsIn(from)[0];
    actions.push(channel ? { kind: 'slack_read_channel', channel } : { kind: 'slack_read_dms' });
  }
  const team = teamIn(norm, raw) ?? DEFAULT_TEAM;
  const quoted = quoteOf(raw, c.quotes);
  const { title, ref } = quoted !== undefined ? { title: quoted, ref: false } : titleOf(raw);
  const priority = priorityIn(norm);
  const who = /\bassign(?:ed)?\s+(?:it\s+|this\s+|that\s+|the issue\s+)?to\s+@?([a-z][a-z.-]*)/.exec(norm)?.[1] ?? (/\bfor me to\b/.test(norm) ? 'me' : undefined);
  const assignee = who === 'myself' ? 'me' : who;
  const extra = { ...(priority ? { priority } : {}), ...(assignee ? { assignee } : {}) };
  if (title) return { actions: [...actions, { kind: 'linear_create_issue', team, title, ...extra }] };
  if (from || c.readInMessage || (ref && c.readBefore)) return { actions: [...actions, { kind: 'linear_create_issue', team, ...extra }] };
  return ask('What should the Linear issue be called?', 'create a Linear issue titled "Fix the login timeout"');
}

const UPDATE_VERB = /^(move|mark|set|change|update|close|resolve|complete|finish|reopen|re-open|cancel|start|put|bump|push|transition|switch|flip|drag|send back)\b/;
const IT = /\b(?:it|that|this|that one|this one|the issue|the ticket|the new (?:issue|ticket)|the one)\b/;

function readUpdate(raw: string, norm: string, c: ClauseContext): ClauseResult | undefined {
  const verb = UPDATE_VERB.exec(norm)?.[1];
  let ids = issueIds(raw);
  if (!verb) {
    // "ENG-3 is done": a statement, not a request; ask before changing anything.
    const said = ids.length === 1 && /\b(?:is|are|was|got)\s+(?:now\s+)?(?:done|fixed|closed|finished|resolved|complete|completed)\b/.test(norm) ? ids[0] : undefined;
    return said ? { actions: [], question: { ask: `Should I move ${said} to Done?`, example: `move ${said} to Done`, proposal: [{ kind: 'linear_update_state', id: said, state: 'Done' }] } } : undefined;
  }
  if (ids.length === 0 && /\b(?:all|every|each|everything|them all|my issues|my tickets|these|those)\b/.test(norm)) {
    return ask(`Which issue should I ${verb}? I change one issue at a time.`, verb === 'move' || verb === 'mark' ? 'mark ENG-3 as Done' : `${verb} ENG-3`);
  }
  if (ids.length === 0) {
    if (!IT.test(norm) || ISSUE_NOUN.test(norm.replace(/\bthe (?:new )?(?:issue|ticket)\b/, '')) || SLACK_WORDS.test(norm)) return undefined;
    if (!c.lastIssue) return ask(`Which issue should I ${verb}?`, `${verb === 'move' ? 'move ENG-3 to In Progress' : `${verb} ENG-3`}`);
    ids = [c.lastIssue];
  }
  const quoted = quoteOf(raw, c.quotes);
  const rest = ids.reduce((s, id) => s.replace(new RegExp(`\\b${id}\\b`, 'gi'), ' '), norm) + (quoted ? ` ${quoted.toLowerCase()}` : '');
  let state: string | undefined;
  if (/\bre-?open\b/.test(norm)) state = 'Todo';
  else if (/\b(?:to|as|into|in|back to)\b/.test(rest) || verb === 'mark' || verb === 'set') state = stateIn(rest.replace(/\b(?:move|mark|set|change|update)\b/g, ''));
  if (!state && /\b(?:close|resolve|complete|finish)\b/.test(norm)) state = 'Done';
  if (!state && /\bcancel\b/.test(norm)) state = 'Canceled';
  if (!state && /\bstart\b/.test(norm)) state = 'In Progress';
  if (!state) return ask(`Which state should I move ${ids.join(' and ')} to?`, `move ${ids[0]} to In Progress`);
  return { actions: ids.map((id) => ({ kind: 'linear_update_state', id, state })) };
}

/** Requests no tool can serve: said back honestly instead of doing something near it. */
const CANNOT: Array<[RegExp, string]> = [
  [/^(?:delete|remove|archive|destroy|trash|erase)\b/, 'delete or archive anything'],
  [/^(?:assign|reassign|unassign)\b/, 'change who an issue is assigned to (I can move issues between states)'],
  [/^(?:rename|edit|retitle|reword)\b|^change (?:the )?(?:title|description|priority|name)\b/, "edit an issue's title, description or priority (I can move issues between states)"],
  [/^(?:comment|reply|react|respond|pin|unpin|star|upvote)\b/, 'comment, reply in a thread or react (I can post a new message to a channel)'],
  [/^(?:email|e-mail|invite|schedule|book|call|text|sms|phone)\b|\b(?:email|e-mail|calendar|meeting|invite|invitation)\b/, 'send emails or invites or manage calendars'],
];

function readCannot(norm: string): ClauseResult | undefined {
  const hit = CANNOT.find(([re]) => re.test(norm));
  return hit ? { actions: [], cannot: hit[1] } : undefined;
}

// ---------------------------------------------------------------- reads

const SEARCH = /\b(?:search|find|look for|look up|lookup|grep|anything about|anything on|any mentions?|mentions? of|mentioning|talking about|said about|say about|messages about|discussions? about|related to)\b/;
const SUMMARY = /\b(?:summarize|summarise|summary|recap|tl;?dr|catch me up|digest|sum up|gist|overview|highlights|brief me)\b/;
const STATUS_TALK = /\b(?:is|are|am|now|got|have|has been|just|i)\s+(?:now\s+)?(?:connected|authenticated|linked|authori[sz]ed|logged in|signed in|reconnected)\b|^(?:connected|authenticated|reconnected)\b/;

function searchQuery(raw: string, quotes: string[]): string | undefined {
  const quoted = quoteOf(raw, quotes);
  if (quoted) return quoted;
  const m =
    /\b(?:for|about|mentioning|mentions? of|regarding|containing|related to)\s+(.+)$/i.exec(raw) ?? /\b(?:on|search(?: slack)?|find|look up)\s+(.+)$/i.exec(raw);
  if (!m?.[1]) return undefined;
  const q = trimTail(m[1].replace(/\s+(?:in|on|from|across)\s+(?:slack|linear|#[\w-]+|the\s+[\w-]+\s+channel|all channels|any channel|channels)\b.*$/i, ''))
    .replace(/^(?:(?:the|a|an|any|some|all|messages?|posts?)\s+)+(?:(?:about|for|on|mentioning)\s+)?/i, '')
    .trim();
  return q.length > 0 && !/^(?:slack|messages?|anything|something|it|that)$/i.test(q) ? q : undefined;
}

function readReads(raw: string, norm: string, c: ClauseContext): ClauseResult {
  const ids = issueIds(raw);
  const channels = channelsIn(norm);
  const summarize = SUMMARY.test(norm);
  const linearish = ISSUE_NOUN.test(norm) || LINEAR_WORDS.test(norm) || /\bteams?\b/.test(norm) || (/^(?:what|which|show|list|any)\b/.test(norm) && stateIn(norm) !== undefined);
  const slackish = SLACK_WORDS.test(norm) || /\b(?:said|say|posted|wrote)\b/.test(norm);
  if (STATUS_TALK.test(norm)) return none();
  if (/\b(?:connect|link|authenticate|authorize|log ?in to|sign ?in to|hook up|set up)\b/.test(norm) && /\b(?:slack|linear|account|accounts|services?)\b/.test(norm) && !channels.length && !ids.length) return { actions: [], connect: true };
  if (SEARCH.test(norm)) {
    const query = searchQuery(raw, c.quotes);
    if (query && linearish && !/\bslack\b|#/.test(norm)) return { actions: [listIssues(raw, norm, query)] };
    if (query && (!linearish || /\bslack\b/.test(norm)) && !(ids.length > 0 && issueIds(query).length > 0 && !/\bslack\b/.test(norm)))
      return { actions: [{ kind: 'slack_search', query }] };
  }
  if (ids.length === 0 && c.lastIssue && /^(?:show|open|get|display|read)\s+(?:it|that|this)(?:\s+(?:to me|again))?$|^(?:what about|and)\s+(?:it|that one)$/.test(norm)) ids.push(c.lastIssue);
  if (ids.length > 0) return { actions: ids.map((id) => ({ kind: 'linear_get_issue', id })) };
  if (/\bchannels\b/.test(norm) && channels.length === 0) {
    return { actions: [{ kind: 'slack_list_channels' }, ...(/\bteams\b/.test(norm) ? [{ kind: 'linear_list_teams' } as const] : [])] };
  }
  if (/\bteams\b/.test(norm) && !slackish) return { actions: [{ kind: 'linear_list_teams' }] };
  if (channels.length > 0) return { actions: channels.map((channel) => ({ kind: 'slack_read_channel', channel, ...(summarize ? { summarize } : {}) })) };
  const person = personIn(norm);
  const dms = /\b(?:dms?|direct messages?|private messages?|inbox)\b/.test(norm) || (person !== undefined && /\b(?:from|did|'s)\b/.test(norm) && !linearish);
  if (dms || (slackish && !linearish)) {
    return { actions: [{ kind: 'slack_read_dms', ...(person && (dms || /\b(?:from|did)\b/.test(norm)) ? { with: person } : {}), ...(summarize ? { summarize } : {}) }] };
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
  const negated = NEGATION.test(norm) ? NEGATED_WRITE.exec(norm) ?? /^(?:do not|don't|dont|never|no need to|not|stop|no)\s+(\w+)/.exec(norm) : NEGATED_WRITE.exec(norm);
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
  return withDeclined(readCreate(rawBody, norm, c) ?? readUpdate(rawBody, norm, c) ?? readPost(rawBody, norm, c) ?? readCannot(norm) ?? readReads(rawBody, norm, c));
}
