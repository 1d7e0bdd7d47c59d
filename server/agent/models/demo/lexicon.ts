/**
 * The words the demo model listens for, in one place: verbs per kind of request, Linear states and
 * their common spellings, priorities, and the small lookups over normalized text (see text.ts) that
 * find channels, issue ids, teams, people and assignees. Each lookup returns undefined rather than guess.
 */

export const STATES = ['Backlog', 'Todo', 'In Progress', 'In Review', 'Done', 'Canceled'] as const;

/** State spellings, most specific first ("in review" before "review"). */
const STATE_WORDS: Array<[RegExp, string]> = [
  [/\bin[ -]?progress\b|\bwip\b|\bwork in progress\b|\bongoing\b|\bstarted\b|\bdoing\b/, 'In Progress'],
  [/\bin[ -]?review\b|\bunder review\b|\breview\b|\bready for review\b/, 'In Review'],
  [/\bto[ -]?do\b|\btodo\b|\bnot started\b/, 'Todo'],
  [/\bbacklog\b|\bicebox\b/, 'Backlog'],
  [/\bcancell?ed\b|\bcancel\b|\bwon'?t ?fix\b|\bwontfix\b|\bwill not fix\b|\babandoned\b/, 'Canceled'],
  [/\bdone\b|\bclosed?\b|\bresolved?\b|\bcompleted?\b|\bfinished\b|\bfixed\b|\bshipped\b/, 'Done'],
];

/** The state a phrase names ("in-progress", "to do", "closed"), or undefined. */
export function stateIn(norm: string): string | undefined {
  for (const [re, state] of STATE_WORDS) if (re.test(norm)) return state;
  return undefined;
}

/** Words that mean "not Done and not Canceled". */
export const OPEN_WORDS =
  /\bopen\b|\bactive\b|\bunresolved\b|\boutstanding\b|\bnot done\b|\bremaining\b|\bpending\b|\bunfinished\b|\bstill to do\b/;

/** Priority named in a create request, in the mock Linear's words; "not urgent" is low, not urgent. */
export function priorityIn(norm: string): string | undefined {
  if (/\bnot urgent\b|\blow[ -]?pri(ority)?\b|\bp3\b|\bno rush\b|\bwhenever\b/.test(norm)) return 'low';
  if (/\burgent\b|\basap\b|\bcritical\b|\bp0\b|\bsev ?1\b|\bemergency\b|\bblocker\b/.test(norm)) return 'urgent';
  if (/\bimportant\b|\bhigh[ -]?pri(ority)?\b|\bp1\b/.test(norm)) return 'high';
  if (/\bmedium[ -]?pri(ority)?\b|\bp2\b/.test(norm)) return 'medium';
  return undefined;
}

export const ISSUE_NOUN = /\b(issues?|tickets?|bugs?|tasks?|stor(?:y|ies)|cards?)\b/;
export const SLACK_WORDS =
  /\bslack\b|#[a-z0-9]|\bchannels?\b|\bdms?\b|\bdirect messages?\b|\bmessages?\b|\binbox\b|\bthreads?\b|\bchats?\b/;
export const LINEAR_WORDS = /\blinear\b|\bbacklog\b|\bsprint\b|\bon my plate\b|\bworking on\b/;

const ID_RE = /\b([a-z]{2,6})-(\d{1,6})\b/gi;

/** Issue identifiers in order ("eng-3" → "ENG-3"), without duplicates. */
export function issueIds(text: string): string[] {
  const ids = [...text.matchAll(ID_RE)].map((m) => `${m[1]}-${m[2]}`.toUpperCase());
  return [...new Set(ids)];
}

const NOT_A_CHANNEL = new Set([
  'slack',
  'a',
  'the',
  'my',
  'which',
  'what',
  'each',
  'every',
  'that',
  'this',
  'one',
  'any',
  'same',
  'right',
  'your',
  'our',
  'other',
  'some',
  'new',
  'private',
  'public',
  'team',
  'whole',
  'in',
  'on',
  'at',
  'to',
  'from',
  'of',
  'for',
  'into',
  'messages',
  'latest',
  'slack',
  'each',
  'per',
]);

/** Channels named in a clause: `#general`, "the general channel", "channel general". */
export function channelsIn(norm: string): string[] {
  // "#482" is a pull request, not a channel: a channel name has a letter.
  const found = [...norm.matchAll(/#(?=[a-z0-9_-]*[a-z])([a-z0-9][a-z0-9_-]{0,79})/g)].map((m) => m[1] ?? '');
  if (found.length === 0) {
    const named = /\b([a-z0-9][a-z0-9_-]{1,79})\s+channel\b/.exec(norm)?.[1];
    if (named && !NOT_A_CHANNEL.has(named)) found.push(named);
    // "channel engineering" only when no "engineering channel" was found ("the engineering channel know ..." is not a channel "know").
    const after = /\bchannel\s+(?:called\s+|named\s+)?([a-z0-9][a-z0-9_-]{1,79})\b/.exec(norm)?.[1];
    if (
      found.length === 0 &&
      after &&
      !NOT_A_CHANNEL.has(after) &&
      !/^(list|messages?|names?|on|in|and|for|about|is|are|to|know|that|saying|says|please|now|today|topic|was|has)$/.test(
        after,
      )
    )
      found.push(after);
  }
  return [...new Set(found.map((c) => c.replace(/[-_]+$/, '')))];
}

const TEAM_STOP = new Set([
  'the',
  'a',
  'my',
  'our',
  'your',
  'linear',
  'whole',
  'entire',
  'same',
  'other',
  'this',
  'that',
  'which',
  'what',
  'every',
  'each',
  'right',
  'any',
  'slack',
  'dev',
  'have',
  'has',
  'is',
  'are',
  'does',
  'do',
  'own',
  'owns',
  'with',
  'for',
  'in',
  'of',
  'to',
  'on',
  'and',
  'or',
]);

function teamName(word: string): string {
  return word.length <= 4 ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1);
}

/** A Linear team: "team OPS", "the design team", "in ENG" (as typed in capitals). */
export function teamIn(norm: string, raw: string): string | undefined {
  for (const re of [/\bteam\s+([a-z]{2,12})\b/, /\b([a-z]{2,12})\s+team(?:'s)?\b/]) {
    const word = re.exec(norm)?.[1];
    if (word && !TEAM_STOP.has(word)) return teamName(word);
  }
  const key = /\b(?:in|for|to|under|into|on)\s+([A-Z]{2,5})\b(?!-\d)/.exec(raw)?.[1];
  return key && key !== 'ID' ? key : undefined;
}

const NOT_A_PERSON = new Set([
  'slack',
  'linear',
  'me',
  'my',
  'the',
  'today',
  'yesterday',
  'this',
  'that',
  'last',
  'everyone',
  'anyone',
  'someone',
  'them',
  'us',
  'team',
  'all',
  'work',
  'channel',
  'channels',
  'general',
  'people',
  'others',
  'here',
  'there',
  'you',
  'it',
  'a',
  'an',
  'him',
  'her',
  'week',
  'morning',
  'tonight',
  'now',
  'recently',
  'before',
  'after',
  'lunch',
  'home',
  'dms',
  'messages',
  'friday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
]);

/** The person a DM request is about: "DMs from Priya", "messages with @bob", "dana's messages", "what did carol say". */
export function personIn(norm: string): string | undefined {
  const candidates = [
    /@([a-z][a-z0-9._-]{0,30})/.exec(norm)?.[1],
    /\b(?:from|with|by)\s+@?([a-z][a-z.-]{1,30})\b/.exec(norm)?.[1],
    /\b([a-z][a-z.-]{1,30})'s\s+(?:dms?|direct messages?|messages?)\b/.exec(norm)?.[1],
    /\bdid\s+([a-z][a-z.-]{1,30})\s+(?:say|send|write|message|dm)\b/.exec(norm)?.[1],
  ];
  return candidates.find((c): c is string => c !== undefined && !NOT_A_PERSON.has(c));
}

/** The assignee of a list filter: "my", "mine", "assigned to me" → "me"; "assigned to dana" / "dana's issues" → "dana". */
export function assigneeIn(norm: string): string | undefined {
  if (/\bunassigned\b|\bnot assigned\b|\bno assignee\b|\bnobody owns\b/.test(norm)) return 'unassigned';
  const to =
    /\bassigned to\s+@?([a-z][a-z.-]{1,30})\b/.exec(norm)?.[1] ??
    /\b(?:is|does|has)\s+([a-z][a-z.-]{1,30})\s+(?:working on|own|have)\b/.exec(norm)?.[1];
  if (to) return to === 'me' || to === 'myself' ? 'me' : NOT_A_PERSON.has(to) ? undefined : to;
  if (
    /\b(my|mine|on my plate|i am working on|am i working on|i am on|am i on|i own|do i own|do i have|i have|me to do|assigned to myself|for me|i am assigned)\b/.test(
      norm,
    )
  )
    return 'me';
  const owner = /\b([a-z][a-z.-]{1,30})'s\s+(?:open\s+|linear\s+)*(?:issues?|tickets?|bugs?|tasks?)\b/.exec(norm)?.[1];
  return owner && !NOT_A_PERSON.has(owner) ? owner : undefined;
}

/** Words that point back at what was just read or created ("post that", "file a ticket for it"). */
export const REFERENCE =
  /^(?:that|this|it|these|those|them|the summary|a summary|this summary|that summary|the results?|what you found|what you read|the messages|those messages|these messages|this info|it all|all of it|all that|everything|the list|this list|the recap|a recap|the above|that one|this one|the one you just created|the issue|the ticket|the new issue|the new ticket)$/;

/** Post "contents" that are no content at all: the demo asks instead of posting them. */
export const EMPTY_CONTENT =
  /^(?:a |an |the |some |my )?(?:message|messages|something|anything|text|note|quick note|update|quick update|status update|post|reminder|announcement|line|word|few words|msg)$/;
