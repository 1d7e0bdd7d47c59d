/**
 * One chat message. User messages are bubbles; assistant messages render their parts in order:
 * text, tool-call cards, and a Connect card wherever an authentication link appears (from a
 * `get_authentication_link` result or, failing that, written in the text).
 */
import type { UIMessage } from 'ai';
import { RichText } from './RichText.js';
import { ToolCard, type ToolCallView } from './ToolCard.js';
import { ConnectCard } from './ConnectCard.js';
import { authLinkFromToolResult, authLinksInText } from './tool-parts.js';
import { elicitationFromToolOutput, useNavigatorOrigin } from './elicitation.js';

type Part = UIMessage['parts'][number];

/** A tool part (dynamic MCP tools, or static `tool-*` parts) as a card view; undefined for other parts. */
function asToolCall(part: Part): ToolCallView | undefined {
  if (part.type === 'dynamic-tool') {
    return { toolName: part.toolName, toolCallId: part.toolCallId, state: part.state, input: part.input, output: part.output, errorText: part.errorText };
  }
  if (part.type.startsWith('tool-') && 'toolCallId' in part && 'state' in part) {
    return {
      toolName: part.type.slice('tool-'.length),
      toolCallId: part.toolCallId,
      state: part.state,
      input: 'input' in part ? part.input : undefined,
      output: 'output' in part ? part.output : undefined,
      errorText: 'errorText' in part && typeof part.errorText === 'string' ? part.errorText : undefined,
    };
  }
  return undefined;
}

export interface MessageViewProps {
  message: UIMessage;
  /** Display names of servers the user still has to connect (null while unknown). */
  pendingServers: string[] | null;
  onAuthReturn: () => void;
}

export function MessageView({ message, pendingServers, onAuthReturn }: MessageViewProps) {
  const navigatorOrigin = useNavigatorOrigin();
  if (message.role === 'user') {
    const text = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    return (
      <li className="message user" data-testid="user-message">
        <span className="visually-hidden">You said:</span>
        <div className="bubble">{text}</div>
      </li>
    );
  }
  if (message.role !== 'assistant') return null;

  const shownLinks = new Set<string>();
  const blocks = message.parts.map((part, i) => {
    const call = asToolCall(part);
    if (call) {
      const link =
        call.state === 'output-available'
          ? (authLinkFromToolResult(call.toolName, call.output) ??
            // A URL-mode elicitation (-32042) the agent passed on: the same Connect card, for that one server.
            (() => {
              const e = elicitationFromToolOutput(call.output, navigatorOrigin);
              return e ? { url: e.url, servers: [] } : undefined;
            })())
          : undefined;
      if (link) shownLinks.add(link.url);
      return (
        <div key={call.toolCallId || i} className="part">
          <ToolCard call={call} />
          {link && <ConnectCard url={link.url} servers={link.servers} pending={pendingServers} onReturn={onAuthReturn} />}
        </div>
      );
    }
    if (part.type === 'text' && part.text.trim().length > 0) {
      const extra = authLinksInText(part.text).filter((url) => !shownLinks.has(url));
      extra.forEach((url) => shownLinks.add(url));
      return (
        <div key={i} className="part">
          <RichText text={part.text} />
          {extra.map((url) => <ConnectCard key={url} url={url} servers={pendingServers ?? []} pending={pendingServers} onReturn={onAuthReturn} />)}
        </div>
      );
    }
    return null;
  });

  // A turn that failed before saying anything (e.g. the model was unreachable) shows only the error card.
  if (blocks.every((b) => b === null)) return null;
  return (
    <li className="message assistant" data-testid="assistant-message">
      <span className="avatar" aria-hidden="true">◆</span>
      <div className="assistant-body">
        <span className="visually-hidden">Assistant:</span>
        {blocks}
      </div>
    </li>
  );
}
