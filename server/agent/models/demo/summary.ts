/**
 * A deterministic extractive summary of Slack messages: messages are grouped into topics (a reply,
 * a shared keyword or a mention of the author joins a message to the topic before it), topics are
 * ranked (size, people, work words, recency) and each is said in its opening sentence with who took
 * part. Nothing is paraphrased, so nothing is invented. Issue titles and posted summaries come from here.
 */
import { isRecord } from '../../../shared/guards.js';
import type { ToolOutput } from './conversation.js';
import { slackMessages, type SlackMessage } from './render.js';

export const WORK_WORDS =
  /\b(issue|bug|fix|error|errors|incident|inc-\d+|timeout|timeouts|broke|broken|failing|fails?|crash(es)?|outage|regression|race|flaky|down|sev\d|mitigat\w*|owner|blocker)\b/i;

const STOP = new Set(
  'about above after again against also been before being below between both could does doing down during each from further have having here into just more most other over same should some such than that their them then there these they this those through under until very what when where which while will with would your yours ours please thanks everyone today tomorrow anyone someone something need needs time week next last good great sure yes okay'.split(
    ' ',
  ),
);

function keywords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z0-9][a-z0-9_#-]{3,}/g) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)).map((w) => w.replace(/(?<=\w{3})(?:es|s)$/, '')));
}

/** Softer signs of work worth following up (dates, releases, reviews): break ties between chat topics. */
const TASK_WORDS =
  /\b(deploy\w*|release|freeze|review|deadline|planning|maintenance|rotat\w+|migrat\w+|launch|customers?|proposal|estimate|postmortem)\b/i;
const IDS = /\b[A-Z]{2,6}-\d+\b|#\d+\b/g;
const GREETING = /^(?:good (?:morning|afternoon|evening)|hi|hello|hey|morning|thanks|thank you)\b[\w\s,!]{0,20}$/i;

const REPLY =
  /^(?:thanks|thank you|\+1|agreed|yes|yep|sure|looking|works|ok|okay|on it|nice|great|will do|sounds good|ugh|understood|in!|same)\b/i;

/** Messages split by conversation (DMs), channel or search, each oldest first. */
export function threads(output: ToolOutput): SlackMessage[][] {
  const json = output.json;
  const byTime = (ms: SlackMessage[]) => [...ms].sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
  if (isRecord(json) && Array.isArray(json.conversations)) {
    return json.conversations
      .map((conv) => byTime(slackMessages({ isError: false, text: '', json: conv })))
      .filter((t) => t.length > 0);
  }
  const all = slackMessages(output);
  return all.length > 0 ? [byTime(all)] : [];
}

export interface Topic {
  /** The opening sentence of the topic's first message, as written. */
  sentence: string;
  people: string[];
  messages: SlackMessage[];
  score: number;
  latest: string;
}

/** The sentence of a message that names its subject, without a lead-in like "Paging you quietly:". */
export function topicOf(text: string): string {
  const clean = text
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/<?@[\w.-]+>?:?\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = clean
    .split(/(?<=[.!?])\s+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0 && !GREETING.test(x));
  const sentence = sentences.find((x) => WORK_WORDS.test(x)) ?? sentences[0] ?? clean;
  const bare = sentence.replace(/^(?![A-Z]{2,}-\d)[^:]{1,25}:\s+/, '').replace(/[.!?]+$/, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

function firstName(m: SlackMessage): string | undefined {
  return (m.from ?? m.handle)?.split(/\s+/)[0]?.toLowerCase();
}

function group(thread: SlackMessage[]): Topic[] {
  const groups: Array<{ msgs: SlackMessage[]; words: Set<string> }> = [];
  for (const m of thread) {
    const words = keywords(m.text);
    const lower = m.text.toLowerCase();
    const recent = groups.slice(-3).reverse();
    const ids = new Set(m.text.match(IDS) ?? []);
    const idsOf = (g: { msgs: SlackMessage[] }) => new Set(g.msgs.flatMap((x) => x.text.match(IDS) ?? []));
    // Two topics that name different incidents or issues are different topics, whatever words they share.
    const clash = (g: { msgs: SlackMessage[] }) =>
      ids.size > 0 && idsOf(g).size > 0 && ![...ids].some((i) => idsOf(g).has(i));
    const shared = (g: { words: Set<string> }) => [...words].filter((w) => g.words.has(w)).length;
    const mentions = (g: { msgs: SlackMessage[] }) =>
      g.msgs.some((x) => firstName(x) !== firstName(m) && new RegExp(`\\b${firstName(x) ?? '\\0'}\\b`).test(lower));
    const home =
      (REPLY.test(m.text.trim()) ? groups[groups.length - 1] : undefined) ??
      recent.find(
        (g) =>
          !clash(g) &&
          ([...ids].some((i) => idsOf(g).has(i)) ||
            shared(g) >= (g === groups[groups.length - 1] ? 1 : 2) ||
            mentions(g)),
      );
    if (home) {
      home.msgs.push(m);
      for (const w of words) home.words.add(w);
    } else groups.push({ msgs: [m], words });
  }
  return groups.map((g) => {
    const people = [...new Set(g.msgs.map((x) => x.from ?? x.handle ?? 'someone'))];
    const work =
      (g.msgs.some((x) => WORK_WORDS.test(x.text)) ? 3 : 0) + (g.msgs.some((x) => TASK_WORDS.test(x.text)) ? 1 : 0);
    const lead = g.msgs[0] as SlackMessage;
    return {
      sentence: topicOf(lead.text),
      people,
      messages: g.msgs,
      score: 2 * g.msgs.length + people.length + work,
      latest:
        g.msgs
          .map((x) => x.at ?? '')
          .sort()
          .at(-1) ?? '',
    };
  });
}

/** Topics of everything read, most important first. */
export function topics(outputs: ToolOutput[]): Topic[] {
  return outputs
    .flatMap(threads)
    .flatMap(group)
    .sort((a, b) => b.score - a.score || b.latest.localeCompare(a.latest));
}

/** Shortens at a word boundary. */
function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** "- <topic> (Carol Okafor, Alice Chen)" lines for the main topics. */
export function summaryLines(outputs: ToolOutput[], max = 3): string[] {
  return topics(outputs)
    .slice(0, max)
    .map((t) => `- ${clip(t.sentence, 140)} (${t.people.join(', ')})`);
}

/** A Linear title and description from the Slack messages read; undefined when nothing was read. */
export function issueFromSlack(
  outputs: ToolOutput[],
  where: string,
): { title: string; description: string } | undefined {
  const top = topics(outputs)[0];
  // Direct messages are private: only the topic the issue is about goes into Linear, not the others.
  const dms = outputs.some((o) => isRecord(o.json) && Array.isArray(o.json.conversations));
  if (!top) {
    const text = outputs.map((o) => o.text.trim()).find((t) => t.length > 0);
    return text
      ? {
          title: `Follow up: ${clip(text.split(/[.!?\n]/)[0] ?? text, 60)}`,
          description: `From Slack (${where}):\n${clip(text, 800)}`,
        }
      : undefined;
  }
  const title = `Follow up: ${clip(top.sentence, 60)}`;
  if (dms)
    return {
      title,
      description: `From ${where} (only the topic this issue is about):\n- ${clip(top.sentence, 140)} (${top.people.join(', ')})`,
    };
  return {
    title,
    description: `Summary of ${where} (main topics, with who raised them):\n${summaryLines(outputs).join('\n')}`,
  };
}
