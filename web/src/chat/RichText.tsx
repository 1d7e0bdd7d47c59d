/**
 * Renders assistant text safely (React elements, no HTML injection): paragraphs, line breaks,
 * `**bold**`, `inline code` and clickable http(s) links.
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
    if (m[1]) out.push(<a key={key} href={m[1]} target="_blank" rel="noreferrer">{m[1]}</a>);
    else if (m[2]) out.push(<strong key={key}>{m[2]}</strong>);
    else if (m[3]) out.push(<code key={key}>{m[3]}</code>);
    last = index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function RichText({ text }: { text: string }) {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim().length > 0);
  return (
    <div className="rich-text">
      {paragraphs.map((p, i) => (
        <p key={i}>
          {p.split('\n').map((line, j) => (
            <span key={j}>
              {j > 0 && <br />}
              {inline(line, `${i}-${j}`)}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}
