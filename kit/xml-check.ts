/**
 * A small strict XML well-formedness parser (declaration, elements, attributes, text, CDATA,
 * entities), enough to prove the JUnit report parses. Returns the root element tree or throws.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const ENTITY = /^&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function decode(s: string, where: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '<') throw new Error(`unescaped < at ${where + i}`);
    if (ch !== '&') {
      out += ch;
      continue;
    }
    const m = ENTITY.exec(s.slice(i));
    if (!m) throw new Error(`bad entity at ${where + i}`);
    const e = m[1] as string;
    out +=
      e === 'lt'
        ? '<'
        : e === 'gt'
          ? '>'
          : e === 'amp'
            ? '&'
            : e === 'quot'
              ? '"'
              : e === 'apos'
                ? "'"
                : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    i += m[0].length - 1;
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('control character not allowed in XML');
  let i = 0;
  if (xml.startsWith('<?xml')) {
    i = xml.indexOf('?>');
    if (i < 0) throw new Error('unterminated XML declaration');
    i += 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim()) throw new Error(`text outside the root element at ${i}`);
    if (stack.length > 0) (stack.at(-1) as XmlElement).text += decode(text, i);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) throw new Error(`bad CDATA at ${i}`);
      (stack.at(-1) as XmlElement).text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new Error(`unterminated comment at ${i}`);
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const open = stack.pop();
      if (!m || !open || open.name !== m[0])
        throw new Error(`mismatched closing tag at ${i}: ${m?.[0]} closes ${open?.name}`);
      i += 2 + m[0].length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') throw new Error(`bad closing tag at ${i}`);
      i++;
    } else {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) throw new Error(`bad tag name at ${i}`);
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
      i += 1 + m[0].length;
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(i))?.[0].length ?? 0;
        i += ws;
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (ws === 0) throw new Error(`expected whitespace before attribute at ${i}`);
        const a = /^([A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(xml.slice(i));
        if (!a) throw new Error(`bad attribute at ${i}`);
        const name = a[1] as string;
        if (name in el.attrs) throw new Error(`duplicate attribute ${name} at ${i}`);
        el.attrs[name] = decode(a[3] ?? a[4] ?? '', i);
        i += a[0].length;
      }
      const parent = stack.at(-1);
      if (parent) parent.children.push(el);
      else if (root) throw new Error('more than one root element');
      else root = el;
      if (xml.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push(el);
      }
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element ${stack.at(-1)?.name}`);
  if (!root) throw new Error('no root element');
  return root;
}
