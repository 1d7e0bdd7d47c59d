/**
 * The demo model's reading of raw chat text, before any meaning: quoted spans (paired delimiters,
 * never the apostrophe of a contraction), sentences and clauses, and a normalized lower-case form with
 * contractions expanded and common typos fixed. Content the user typed (a quote, the "Y" of
 * "let #x know that Y") is always cut from the original text, never from the normalized one.
 */

/** Opening → closing delimiters. A straight `'` only counts at a word boundary (so "don't" is not a quote). */
const PAIRS: Record<string, string[]> = {
  '"': ['"', '”'],
  '“': ['”', '"', '“'],
  '”': ['”'],
  '„': ['“', '”'],
  '«': ['»'],
  '‘': ['’'],
  "'": ["'", '’'],
  '`': ['`'],
};

const WORDISH = /[\p{L}\p{N}]/u;

export interface Quoted {
  /** The text with each quoted span replaced by a placeholder ⟦n⟧. */
  text: string;
  quotes: string[];
}

/** Replaces paired quotes by ⟦n⟧ placeholders; an opening quote must follow a boundary and a closing one must not be followed by a letter. */
export function extractQuotes(text: string): Quoted {
  const quotes: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const closers = PAIRS[ch];
    const before = i === 0 ? ' ' : (text[i - 1] ?? ' ');
    const after = text[i + 1] ?? ' ';
    if (closers && !WORDISH.test(before) && after.trim() !== '') {
      let j = i + 1;
      let end = -1;
      while (j < text.length) {
        const c = text[j] ?? '';
        if (closers.includes(c) && (text[j - 1] ?? ' ').trim() !== '' && !WORDISH.test(text[j + 1] ?? ' ')) {
          end = j;
          break;
        }
        j++;
      }
      if (end > i + 1) {
        quotes.push(text.slice(i + 1, end).trim());
        out += ` ⟦${quotes.length - 1}⟧ `;
        i = end + 1;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return { text: out.replace(/[ \t]+/g, ' ').trim(), quotes };
}

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan[’']?t\b/g, 'cannot'],
  [/\bwon[’']t\b/g, 'will not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|should|would|could|must|need)n[’']?t\b/g, '$1 not'],
  [/\b(it|that|what|there|here|who|where|how|he|she|whats|thats)[’']?s\b/g, '$1 is'],
  [/\blet[’']s\b/g, 'let us'],
  [/\bi[’']?m\b/g, 'i am'],
  [/\b(you|we|they|who|what)[’']re\b/g, '$1 are'],
  [/\b(i|you|we|they)[’']?ve\b/g, '$1 have'],
  [/\b(i|you|we|they|it|that)[’']ll\b/g, '$1 will'],
  [/\b(i|you|we|they)[’']d\b/g, '$1 would'],
];

/** Shorthands and frequent misspellings of the words the demo listens for. */
const SHORTHANDS: Record<string, string> = {
  pls: 'please',
  plz: 'please',
  plse: 'please',
  thx: 'thanks',
  ty: 'thanks',
  msgs: 'messages',
  msg: 'message',
  dm: 'dm',
  dms: 'dms',
  tix: 'tickets',
  tkt: 'ticket',
  chan: 'channel',
  chans: 'channels',
  u: 'you',
  ur: 'your',
  r: 'are',
  abt: 'about',
  whats: 'what',
  thats: 'that',
  mesages: 'messages',
  messges: 'messages',
  messsages: 'messages',
  massages: 'messages',
  mesage: 'message',
  chanel: 'channel',
  chanels: 'channels',
  isue: 'issue',
  isues: 'issues',
  issu: 'issue',
  isssues: 'issues',
  isssue: 'issue',
  tickt: 'ticket',
  tickts: 'tickets',
  ticekt: 'ticket',
  slakc: 'slack',
  salck: 'slack',
  slck: 'slack',
  lienar: 'linear',
  linaer: 'linear',
  liner: 'linear',
  lnear: 'linear',
  creat: 'create',
  craete: 'create',
  cretae: 'create',
  summarise: 'summarize',
  sumarize: 'summarize',
  summerize: 'summarize',
  summarze: 'summarize',
  serach: 'search',
  seach: 'search',
  psot: 'post',
  pots: 'post',
  postt: 'post',
  generl: 'general',
  genral: 'general',
  engneering: 'engineering',
  progess: 'progress',
  prgress: 'progress',
  reveiw: 'review',
  cancelled: 'canceled',
  todos: 'todo',
  tomorow: 'tomorrow',
  annouce: 'announce',
  assinged: 'assigned',
  asigned: 'assigned',
  assgined: 'assigned',
  teh: 'the',
  waht: 'what',
  hte: 'the',
  cehck: 'check',
  chekc: 'check',
  chk: 'check',
};

/** Lower case, contractions expanded ("don't" → "do not"), shorthands and typos fixed, emoji and stray symbols dropped. */
export function normalize(text: string): string {
  let t = text.toLowerCase().replace(/[’‘]/g, "'");
  for (const [re, to] of CONTRACTIONS) t = t.replace(re, to);
  // Whole words only: "#r-team" and "ENG-3" keep their letters.
  t = t.replace(/(?<![#@\w-])[a-z]+(?![\w-])/g, (w) => SHORTHANDS[w] ?? w);
  // Keep words, #channels, ids, placeholders and separators; emoji and decorations become spaces.
  t = t.replace(/\s*(?:->|→|=>)\s*/g, ' -> ').replace(/[^\p{L}\p{N}#@⟦⟧\-_:.,;!?/'> ]/gu, ' ');
  return t.replace(/\s+/g, ' ').trim();
}

/** Sentences of the text: cut after . ? ! ; or a line break (not inside 10:30, v2.1 or ENG-3). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.?!;])\s+|\n+|(?<=[?!])(?=\S)/)
    .map((s) => s.trim().replace(/^[.?!;,\s]+/, ''))
    .filter((s) => s.length > 0);
}

/** Words that open a new request inside a sentence ("..., then post it", "... and create a ticket"). */
export const CLAUSE_START =
  /^(?:(?:then|also|and|so|now|but|please|pls|just|can you|could you|would you|and then|after that|afterwards|finally|next)\s+)*(?:post|send|announce|share|tell|let|remind|ping|notify|create|open|file|make|add|log|raise|submit|report|move|mark|set|change|update|close|resolve|complete|finish|reopen|cancel|read|check|show|list|get|fetch|find|search|look|summarize|summarise|recap|give|pull|what|which|who|any|do not|don't|dont|never|no need|is there|are there)\b/i;

/** Cuts a sentence at ", " / " and " / " then " where a new request starts; a clause that carries a message ("let #x know that ...") is never cut. */
export function clauses(sentence: string): string[] {
  const parts: string[] = [];
  let rest = sentence;
  for (;;) {
    if (/^\W*(?:(?:can|could|would) you\s+|please\s+)?(?:let\s+\S+\s+know|tell\s+#|announce\b|remind\s+#)/i.test(rest))
      break;
    const re = /(?:,\s*(?:and\s+|then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+|\s+but\s+)/gi;
    let cut = -1;
    let next = 0;
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      const after = rest.slice(m.index + m[0].length);
      if (m.index > 0 && CLAUSE_START.test(after)) {
        cut = m.index;
        next = m.index + m[0].length;
        break;
      }
    }
    if (cut < 0) break;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(next).trim();
  }
  parts.push(rest.trim());
  return parts.filter((p) => p.length > 0);
}
