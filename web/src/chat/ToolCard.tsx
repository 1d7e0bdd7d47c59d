/**
 * A compact card for one tool call: tool, server, status at a glance, a link to what it created
 * (issue or message); arguments and result behind a disclosure button (collapsed by default so the
 * conversation stays readable).
 */
import { useId, useState } from 'react';
import { createdLink } from './created-links.js';
import { isErrorResult, toolLabel, toolResultPayload } from './tool-parts.js';

export interface ToolCallView {
  toolName: string;
  toolCallId: string;
  state: string;
  input: unknown;
  output?: unknown;
  errorText?: string;
}

const MAX_SHOWN = 6000;

function pretty(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters)` : text;
}

function statusOf(call: ToolCallView): { label: string; tone: 'running' | 'ok' | 'error' } {
  if (call.state === 'output-error' || call.state === 'output-denied') return { label: 'Failed', tone: 'error' };
  if (call.state === 'output-available')
    return isErrorResult(call.output) ? { label: 'Error result', tone: 'error' } : { label: 'Done', tone: 'ok' };
  return { label: 'Running…', tone: 'running' };
}

export function ToolCard({ call }: { call: ToolCallView }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { tool, server } = toolLabel(call.toolName, call.input);
  const status = statusOf(call);
  const created = status.tone === 'ok' ? createdLink(call.output) : undefined;
  return (
    <div className={`tool-card tone-${status.tone}`} data-testid="tool-card" data-tool={call.toolName}>
      <div className="tool-card-head">
        <span className="tool-icon" aria-hidden="true">
          {status.tone === 'running' ? '⋯' : status.tone === 'ok' ? '✓' : '!'}
        </span>
        <span className="tool-name">{tool}</span>
        <span className="badge">{server}</span>
        <span className={`tool-status tone-${status.tone}`}>{status.label}</span>
        {created && (
          <a
            className="tool-link"
            href={created.href}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="created-link"
          >
            {created.label}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        )}
        <button
          type="button"
          className="button ghost small"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide details' : 'Details'}
          <span className="visually-hidden"> of {tool} call</span>
        </button>
      </div>
      <div id={detailsId} className="tool-card-body" hidden={!open}>
        <h4>Arguments</h4>
        <pre>{pretty(call.input ?? {})}</pre>
        {call.state === 'output-available' && (
          <>
            <h4>Result</h4>
            <pre>{pretty(toolResultPayload(call.output))}</pre>
          </>
        )}
        {call.errorText && (
          <>
            <h4>Error</h4>
            <pre>{call.errorText}</pre>
          </>
        )}
      </div>
    </div>
  );
}
