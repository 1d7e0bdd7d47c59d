/** The actions under an answer: copy its text, and regenerate it when it is the last one. */
import { useEffect, useState } from 'react';

export function MessageActions({ text, onRegenerate }: { text: string; onRegenerate?: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="message-actions" role="group" aria-label="Answer actions">
      {text.length > 0 && (
        <button type="button" className="button ghost small" onClick={copy}>
          Copy<span className="visually-hidden"> answer</span>
        </button>
      )}
      {onRegenerate && (
        <button type="button" className="button ghost small" onClick={onRegenerate}>
          Regenerate<span className="visually-hidden"> answer</span>
        </button>
      )}
      <span className="action-status" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed: the browser refused the clipboard' : ''}
      </span>
    </div>
  );
}
