/**
 * Renders assistant text safely (React elements, no HTML injection): paragraphs, line breaks,
 * bullet lists, `**bold**`, `inline code` and clickable http(s) links.
 */
import type { ReactNode } from 'react';

const TOKEN = /(https?:\/\/[^\s<>"'()[\]]+[^\s<>"'()[\].,;:!?])|\*\*([^*]+)\*\*|`([^`]+)`/g;

function inline(text: string, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const index = m.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const key = `${keyPrefix}-${index}`;
    if (m[1])
      out.push(
        <a key={key} href={m[1]} target="_blank" rel="noopener noreferrer">
          {m[1]}
        </a>,
      );
    else if (m[2]) out.push(<strong key={key}>{m[2]}</strong>);
    else if (m[3]) out.push(<code key={key}>{m[3]}</code>);
    last = index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul'; items: string[] };

const LIST_ITEM = /^\s*[-*•]\s+/;

/** Groups lines into paragraphs (split by blank lines) and bullet lists (consecutive `- ` lines). */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      current = undefined;
    } else if (LIST_ITEM.test(line)) {
      if (current?.kind !== 'ul') out.push((current = { kind: 'ul', items: [] }));
      current.items.push(line.replace(LIST_ITEM, ''));
    } else {
      if (current?.kind !== 'p') out.push((current = { kind: 'p', lines: [] }));
      current.lines.push(line);
    }
  }
  return out;
}

export function RichText({ text }: { text: string }) {
  return (
    <div className="rich-text">
      {blocks(text).map((b, i) =>
        b.kind === 'ul' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{inline(item, `${i}-${j}`)}</li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            {b.lines.map((line, j) => (
              <span key={j}>
                {j > 0 && <br />}
                {inline(line, `${i}-${j}`)}
              </span>
            ))}
          </p>
        ),
      )}
    </div>
  );
}
