/**
 * The few facts the test browser reads from an HTML page: its forms (action, method, named inputs),
 * links, and a readable title + message for errors. No HTML parser is a dependency of this repo, and
 * the pages are our own small server-rendered ones, so one attribute-level extractor lives here and
 * nowhere else. Entities (named, decimal, hex) are decoded, so any escaping renderer works.
 */

const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

/** Decodes HTML character references (`&amp;`, `&#39;`, `&#x27;`). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Attributes of one start tag (`<input name="a" value="b">` → `{ name: 'a', value: 'b' }`). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = tag.replace(/^<\s*[\w-]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (name) out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

export interface HtmlForm {
  /** The action attribute as written (resolve it against the page URL). */
  action: string;
  method: string;
  /** Named inputs with their values (hidden fields, prefilled inputs), in page order. */
  fields: Record<string, string>;
  /** The hidden ones among them (CSRF tokens, request context). */
  hidden: Record<string, string>;
  /** Names of the submit buttons, with their values. */
  buttons: Record<string, string>;
}

/** Every `<form>` of a page. */
export function forms(html: string): HtmlForm[] {
  const out: HtmlForm[] = [];
  for (const m of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? '');
    const fields: Record<string, string> = {};
    const hidden: Record<string, string> = {};
    const buttons: Record<string, string> = {};
    for (const tag of (m[2] ?? '').matchAll(/<(input|button)\b[^>]*>/gi)) {
      const a = attributes(tag[0]);
      if (!a.name) continue;
      if (tag[1]?.toLowerCase() === 'button' || a.type === 'submit') buttons[a.name] = a.value ?? '';
      else if (a.type !== 'radio' && a.type !== 'checkbox') fields[a.name] = a.value ?? '';
      if (a.type === 'hidden') hidden[a.name] = a.value ?? '';
    }
    out.push({ action: attrs.action ?? '', method: (attrs.method ?? 'get').toUpperCase(), fields, hidden, buttons });
  }
  return out;
}

/** Title and message of a page (its first `<h1>` and first `<p>`), for error messages. */
export function pageMessage(html: string): string {
  const h1 = stripTags(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]);
  const p = stripTags(/<p[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]);
  return [h1, p].filter(Boolean).join(': ').slice(0, 300) || html.slice(0, 200);
}

/** The text of a page's `role="alert"` element (the mocks' consent errors), else its pageMessage. */
export function alertMessage(html: string): string {
  return stripTags(/role="alert"[^>]*>([\s\S]*?)<\//.exec(html)?.[1]) || pageMessage(html);
}

function stripTags(s: string | undefined): string {
  return decodeEntities(
    (s ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
