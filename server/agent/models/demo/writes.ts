/**
 * Writes, recognized only in explicit frames: a post needs a channel and a message ("let #x know that
 * Y", "post 'Y' to #x"), an issue needs a title or Slack messages read for it, a state change needs an
 * issue and a state. Anything less becomes one question with an example; content that names data
 * rather than a message ("post my issues to #x") is asked about, never posted as text.
 */
import type { Action } from './intent.js';
import { ask, cap, DEFAULT_TEAM, quoteOf, trimTail, type ClauseContext, type ClauseResult } from './clause-kit.js';
import {
  channelsIn,
  EMPTY_CONTENT,
  ISSUE_NOUN,
  issueIds,
  priorityIn,
  REFERENCE,
  SLACK_WORDS,
  stateIn,
  teamIn,
} from './lexicon.js';
import { normalize } from './text.js';

const POST_VERB =
  /^(post|posting|send|sending|announce|share|say|write|tell|let|remind|ping|notify|broadcast|drop|put|message|dm)\b/;

export function readPost(raw: string, norm: string, c: ClauseContext): ClauseResult | undefined {
  const verb = POST_VERB.exec(norm)?.[1];
  if (!verb || /^(?:tell|send|share|let|give|notify|ping|remind|message) me\b|^share with me\b/.test(norm))
    return undefined;
  const channels = channelsIn(norm);
  if (channels.length === 0) {
    if (
      verb === 'put' ||
      ((verb === 'write' || verb === 'say') && !(quoteOf(raw, c.quotes) !== undefined && /\bslack\b/.test(norm)))
    )
      return undefined;
    if (/\b(email|e-mail|sms|text message|letter|fax|tweet|invite|calendar|meeting)\b/.test(norm)) return undefined;
    const slackWord = /\bslack\b|\bchannel\b/.test(norm);
    if (!slackWord && /^let\s+@?(?!me\b|us\b|everyone|everybody|people|folks|the\b)[a-z]+\s+know\b/.test(norm)) {
      return {
        actions: [],
        cannot:
          'send direct messages (I can only post in a channel, for example: let #general know that the deploy is done)',
      };
    }
    if (
      !slackWord &&
      /^(?:dm|direct message|message|ping|tell|send|remind|notify)\s+(?:a\s+(?:dm|message)\s+to\s+)?@?(?!everyone|everybody|the\b|a\b|an\b|it\b|that\b|this\b|them\b|people|folks)[a-z]+/.test(
        norm,
      )
    ) {
      return {
        actions: [],
        cannot: 'send direct messages (I can only post in a channel, for example: post "ship it" to #general)',
      };
    }
    if (!slackWord && !/^(?:post|posting|announce|broadcast|remind)\b/.test(norm)) return undefined;
  }
  if (verb === 'let' && !/\blet\b.*\bknow\b/.test(norm)) return undefined;
  // The content, cut from the original words; a frame that carries it wins over a looser one.
  let content = quoteOf(raw, c.quotes);
  const ch = String.raw`(?:everyone|everybody|folks|people|the team)?\s*(?:in|on|at)?\s*(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel)`;
  const frames = [
    new RegExp(String.raw`\blet\s+${ch}\s+know\s*:?\s+(.+)$`, 'i'),
    new RegExp(String.raw`\b(?:tell|message)\s+${ch}\s*:?\s+(.+)$`, 'i'),
    new RegExp(String.raw`\bremind\s+${ch}\s*:?\s+(?:to\s+)?(.+)$`, 'i'),
    new RegExp(String.raw`\b(?:ping|notify)\s+${ch}\s*:?\s+(?:with\s+)?(.+)$`, 'i'),
    new RegExp(
      String.raw`\b(?:post|send|announce|share|say|write|broadcast|drop|put)\s+(.+?)\s+(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel\b)`,
      'i',
    ),
    new RegExp(
      String.raw`\b(?:post|send|announce|share|say|write|broadcast|drop|put)\s+(?:(?:a |a quick )?(?:message|note|line|post|reminder)\s+|this\s+|the following\s+)?(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel\b)\s*(?::|\bsaying\b|\bthat says\b|\bwith the text\b|\bthat\b)\s*(.+)$`,
      'i',
    ),
    new RegExp(
      String.raw`\b(?:post|send|announce|share|say|write|broadcast|drop|put)\s+(?:a message\s+|this\s+|the following\s+)?(?:to|in|on|into|at)\s+(?:the\s+)?(?:#[\w-]+(?![\w-])|[\w-]+\s+channel\b)\s*(?:,|\bwith\b)?\s*(.+)$`,
      'i',
    ),
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
  const excluded = new Set(
    [...norm.matchAll(/\b(?:not|except|but not|instead of|rather than|excluding)\s+(?:in\s+|to\s+)?#([\w-]+)/g)].map(
      (m) => m[1],
    ),
  );
  const inContent = new Set(content === undefined && framed ? channelsIn(normalize(framed)) : []);
  const targets = channels.filter((x) => !excluded.has(x) && !inContent.has(x));
  const askWhat = () =>
    targets[0]
      ? ask(`What should I post to #${targets[0]}?`, `post "ship it" to #${targets[0]}`)
      : ask('Which channel should I post to, and what should it say?', 'post "ship it" to #general');
  // Frames 0-3 (let/tell/remind/ping) and 5 (after ":", "saying", "that") carry a message as typed.
  const loose = frame === 4 || frame >= 6;
  const reads: Action[] = [];
  if (content === undefined && framed !== undefined && !/⟦\d+⟧/.test(framed)) {
    const f = framed.toLowerCase().replace(/^that\s+/, '');
    const of = /^(?:a |the )?(?:summary|recap|digest|tl;?dr|overview|rundown)(?: of (.+))?$/.exec(f);
    if (REFERENCE.test(f) || (of && (!of[1] || REFERENCE.test(of[1]) || /^the messages$/.test(of[1])))) content = '';
    else if (
      of?.[1] &&
      (channelsIn(normalize(of[1])).length > 0 || /\b(?:dms?|direct messages|slack messages|my messages)\b/.test(of[1]))
    ) {
      // "post a summary of #incidents to #engineering": read it, then post its summary.
      const source = channelsIn(normalize(of[1]))[0];
      reads.push(
        source
          ? { kind: 'slack_read_channel', channel: source, summarize: true }
          : { kind: 'slack_read_dms', summarize: true },
      );
      content = '';
    } else if (
      /^about\b/.test(f) ||
      (frame !== 5 && /^(?:what|whatever|which|who|how|everything|all|anything)\b/.test(f))
    )
      return askWhat();
    // Unquoted words after post/send/share/announce must read as a message, not as data to fetch ("post my issues").
    else if (loose && /^(?:a|an|the|my|our|your|his|her|their|this|these|those|some|all|every|each|any)\b/.test(f))
      return askWhat();
    else if (!EMPTY_CONTENT.test(f) && f.length > 0)
      content = (frame === 2 && !/^that\b/i.test(framed) ? 'Reminder: ' : '') + cap(framed.replace(/^that\s+/i, ''));
  }
  if (targets.length === 0) {
    const example = content ? `post "${content}" to #general` : 'post "ship it" to #general';
    return ask(
      content
        ? `Which channel should I post "${content}" to?`
        : 'Which channel should I post to, and what should it say?',
      example,
    );
  }
  if (content === '') {
    if (!c.resultBefore && reads.length === 0) return askWhat();
    const actions: Action[] = [...reads, ...targets.map((channel): Action => ({ kind: 'slack_post', channel }))];
    // Direct messages are private: posting what they say to a channel needs a plain "yes".
    const fromDms =
      reads.some((a) => a.kind === 'slack_read_dms') ||
      (reads.length === 0 && (c.readDmsInMessage ?? (!c.readInMessage && c.readDmsBefore === true)));
    if (fromDms) {
      return {
        actions: [],
        question: {
          ask: `That would share what your private direct messages say in ${targets.map((t) => `#${t}`).join(' and ')}. Should I post it?`,
          example: `post "ship it" to #${targets[0]}`,
          proposal: actions,
        },
      };
    }
    return { actions };
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
    /\b(?:about|regarding|re:|to track|saying|that says)\s+(.+)$/i,
    /\b(?:for|on)\s+(.+)$/i,
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
        .replace(
          /\s*,?\s+(?:it is|it's|its|this is|that is|mark it|make it|as|with)\s+(?:not\s+)?(?:an?\s+)?(?:urgent|important|critical|high|low|medium|p[0-3])\b.*$/i,
          '',
        )
        .replace(/\s*,\s*(?:(?:high|low|medium)[ -]priority|urgent|important|not urgent|p[0-3]|asap)\s*$/i, '')
        .replace(/\s*,?\s+(?:urgently|asap)\s*$/i, ''),
    );
    const lower = t
      .toLowerCase()
      .replace(/^(?:the\s+)?(?:team\s+\w+|\w+\s+team)\b\s*/, '')
      .replace(/^(?:from|about|for|out of|based on|using|with)\s+/, '');
    if (t.length === 0 || /^(?:team\s+\w+|\w+\s+team|me|myself|us|[A-Z]{2,5})$/i.test(t)) continue;
    if (/^(?:all|every|each|any|these|those|what|whatever|which|who|some|them)\b/.test(lower) && !REFERENCE.test(lower))
      return {};
    if (
      REFERENCE.test(lower) ||
      /^(?:to )?follow(?:ing)?[- ]?up(?: on (?:it|that|this|them))?$|^(?:what|anything) (?:you|i) (?:found|read)|^(?:the |these |those )?(?:slack )?(?:messages|dms|discussion|thread|conversation)$/.test(
        lower,
      )
    )
      return { ref: true };
    return { title: cap(t) };
  }
  if (
    /\bfollow[- ]?up\b|\bfor (?:that|this|it|them)\b|\bfrom (?:that|this|it|them|these|those)\b|\bout of (?:that|this|it)\b/i.test(
      raw,
    )
  )
    return { ref: true };
  return {};
}

export function readCreate(raw: string, norm: string, c: ClauseContext): ClauseResult | undefined {
  if (!CREATE.test(norm)) return undefined;
  // "create tickets for ..." asks for several at once: the demo makes one issue per request.
  if (
    /^\w+\s+(?:(?:some|several|multiple|many|the|new|linear)\s+)*(?:issues|tickets|bugs|tasks)\b/.test(norm) &&
    quoteOf(raw, c.quotes) === undefined
  ) {
    return ask(
      'Which one issue should I create? I create one at a time.',
      'create a Linear issue titled "Fix the login timeout"',
    );
  }
  const actions: Action[] = [];
  // "create an issue from my Slack messages / from #incidents": read first, then make the issue from it.
  const from =
    /\bfrom\s+(?:my\s+|the\s+|our\s+)?(#[\w-]+|[\w-]+\s+channel|slack(?:\s+messages)?|dms?|direct messages|messages)\b/.exec(
      norm,
    )?.[1];
  if (from) {
    const channel = channelsIn(from)[0];
    actions.push(channel ? { kind: 'slack_read_channel', channel } : { kind: 'slack_read_dms' });
  }
  const team = teamIn(norm, raw) ?? DEFAULT_TEAM;
  const quoted = quoteOf(raw, c.quotes);
  const { title, ref } = quoted !== undefined ? { title: quoted, ref: false } : titleOf(raw);
  const priority = priorityIn(norm);
  const who =
    /\bassign(?:ed)?\s+(?:it\s+|this\s+|that\s+|the issue\s+)?to\s+@?([a-z][a-z.-]*)/.exec(norm)?.[1] ??
    (/\bfor me to\b/.test(norm) ? 'me' : undefined);
  const assignee = who === 'myself' ? 'me' : who;
  const extra = { ...(priority ? { priority } : {}), ...(assignee ? { assignee } : {}) };
  if (title) return { actions: [...actions, { kind: 'linear_create_issue', team, title, ...extra }] };
  if (from || c.readInMessage || (ref && c.readBefore))
    return { actions: [...actions, { kind: 'linear_create_issue', team, ...extra }] };
  return ask('What should the Linear issue be called?', 'create a Linear issue titled "Fix the login timeout"');
}

const UPDATE_VERB =
  /^(move|mark|set|change|update|close|resolve|complete|finish|reopen|re-open|cancel|start|put|bump|push|transition|switch|flip|drag|send back)\b/;
const IT = /\b(?:it|that|this|that one|this one|the issue|the ticket|the new (?:issue|ticket)|the one)\b/;

export function readUpdate(raw: string, norm: string, c: ClauseContext): ClauseResult | undefined {
  const arrow = /^([a-z]{2,6}-\d{1,6})\s*(?:->|→|=>|>)\s*(.+)$/.exec(norm);
  if (arrow?.[1] && arrow[2] && stateIn(arrow[2]))
    return {
      actions: [{ kind: 'linear_update_state', id: arrow[1].toUpperCase(), state: stateIn(arrow[2]) as string }],
    };
  const verb = /^(?:update|fill|catch) me\b/.test(norm) ? undefined : UPDATE_VERB.exec(norm)?.[1];
  let ids = issueIds(raw);
  if (!verb) {
    // "ENG-3 is done": a statement, not a request; ask before changing anything.
    const claim =
      /\b(?:is|are|was|got|should be|needs to be|must be|can be)\s+(?:now\s+|already\s+|actually\s+)?(.+)$/.exec(
        norm,
      )?.[1];
    const question =
      /^(?:is|are|was|were|has|have|did|does|do|what|which|how|why|when|can|could)\b/.test(norm) || /\?\s*$/.test(raw);
    const said = ids.length === 1 && claim && !question && !/\b(?:when|if|once)\b/.test(norm) ? ids[0] : undefined;
    const to = claim ? stateIn(claim) : undefined;
    return said && to
      ? {
          actions: [],
          question: {
            ask: `Should I move ${said} to ${to}?`,
            example: `move ${said} to ${to}`,
            proposal: [{ kind: 'linear_update_state', id: said, state: to }],
          },
        }
      : undefined;
  }
  if (ids.length === 0 && /\b(?:all|every|each|everything|them all|my issues|my tickets|these|those)\b/.test(norm)) {
    return ask(
      `Which issue should I ${verb}? I change one issue at a time.`,
      verb === 'move' || verb === 'mark' ? 'mark ENG-3 as Done' : `${verb} ENG-3`,
    );
  }
  const team = /^(?:put|move|file|add)\s+(?:it|that|this)\s+(?:in|into|under|to)\s+/.test(norm)
    ? teamIn(norm, raw)
    : undefined;
  if (ids.length === 0 && team && stateIn(norm) === undefined) return { actions: [], team };
  if (ids.length === 0) {
    if (
      !IT.test(norm) ||
      ISSUE_NOUN.test(norm.replace(/\bthe (?:new )?(?:issue|ticket)\b/, '')) ||
      SLACK_WORDS.test(norm)
    )
      return undefined;
    if (!c.lastIssue)
      return ask(
        `Which issue do you mean?`,
        `${['move', 'put', 'set', 'change', 'update', 'mark'].includes(verb) ? 'move ENG-3 to In Progress' : `${verb} ENG-3`}`,
      );
    ids = [c.lastIssue];
  }
  const quoted = quoteOf(raw, c.quotes);
  const rest =
    ids.reduce((s, id) => s.replace(new RegExp(`\\b${id}\\b`, 'gi'), ' '), norm) +
    (quoted ? ` ${quoted.toLowerCase()}` : '');
  let state: string | undefined;
  const target = /\b(?:to|into|as)\s+(.+)$/.exec(rest)?.[1];
  if (/\bre-?open\b/.test(norm)) state = 'Todo';
  else if (target && stateIn(target)) state = stateIn(target);
  else if (/\b(?:to|as|into|in|back to)\b/.test(rest) || verb === 'mark' || verb === 'set')
    state = stateIn(rest.replace(/\b(?:move|mark|set|change|update)\b/g, ''));
  if (!state && /\b(?:close|resolve|complete|finish)\b/.test(norm)) state = 'Done';
  if (!state && /\bcancel\b/.test(norm)) state = 'Canceled';
  if (!state && /\bstart\b/.test(norm)) state = 'In Progress';
  if (ids.length > 1) {
    // "move ENG-3 to done and ENG-4 to review": each id takes the state named after it; ids with none share the last one named.
    const lower = norm.toLowerCase();
    const at = ids.map((id) => lower.indexOf(id.toLowerCase()));
    const own = ids.map((id, i) =>
      stateIn(lower.slice((at[i] ?? 0) + id.length, i + 1 < at.length ? at[i + 1] : undefined)),
    );
    const named = own.filter((s): s is string => s !== undefined);
    if (new Set(named).size > 1) {
      const each = own.map((s, i) => s ?? own.slice(i + 1).find((x) => x !== undefined));
      if (each.some((s) => s === undefined))
        return ask(
          `Which state should each of ${ids.join(' and ')} go to?`,
          `move ${ids[0]} to Done and ${ids[1]} to In Review`,
        );
      return { actions: ids.map((id, i) => ({ kind: 'linear_update_state', id, state: each[i] as string })) };
    }
  }
  if (!state) return ask(`Which state should I move ${ids.join(' and ')} to?`, `move ${ids[0]} to In Progress`);
  return { actions: ids.map((id) => ({ kind: 'linear_update_state', id, state })) };
}
