/**
 * One chat message. User messages are bubbles; assistant messages render their parts in order:
 * text, tool-call cards, and a Connect card where a card source in `tool-parts.ts` yields one (a
 * `get_authentication_link` result on the navigator's origin). Links in the text stay plain links.
 */
import type { UIMessage } from 'ai';
import { MessageActions } from './MessageActions.js';
import { RichText } from './RichText.js';
import { ToolCard, type ToolCallView } from './ToolCard.js';
import { ConnectCard } from './ConnectCard.js';
import { useNavigatorOrigin } from './navigator-origin.js';
import { connectCardFor } from './tool-parts.js';

type Part = UIMessage['parts'][number];

/** A tool part (dynamic MCP tools, or static `tool-*` parts) as a card view; undefined for other parts. */
function asToolCall(part: Part): ToolCallView | undefined {
  if (part.type === 'dynamic-tool') {
    return {
      toolName: part.toolName,
      toolCallId: part.toolCallId,
      state: part.state,
      input: part.input,
      output: part.output,
      errorText: part.errorText,
    };
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
  /** True while this message is still streaming in (its actions wait until it is complete). */
  streaming?: boolean;
  /** Set on the last answer only: asks the model for it again. */
  onRegenerate?: () => void;
}

export function MessageView({
  message,
  pendingServers,
  onAuthReturn,
  streaming = false,
  onRegenerate,
}: MessageViewProps) {
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

  const blocks = message.parts.map((part, i) => {
    const call = asToolCall(part);
    if (call) {
      const link = connectCardFor(call, navigatorOrigin);
      return (
        <div key={call.toolCallId || i} className="part">
          <ToolCard call={call} />
          {link && (
            <ConnectCard url={link.url} servers={link.servers} pending={pendingServers} onReturn={onAuthReturn} />
          )}
        </div>
      );
    }
    if (part.type === 'text' && part.text.trim().length > 0) {
      return (
        <div key={i} className="part">
          <RichText text={part.text} />
        </div>
      );
    }
    return null;
  });

  // A turn that failed before saying anything (e.g. the model was unreachable) shows only the error card.
  if (blocks.every((b) => b === null)) return null;
  const text = message.parts
    .map((p) => (p.type === 'text' ? p.text.trim() : ''))
    .filter((t) => t.length > 0)
    .join('\n\n');
  return (
    <li className="message assistant" data-testid="assistant-message" data-message-id={message.id}>
      <span className="avatar" aria-hidden="true">
        ◆
      </span>
      <div className="assistant-body">
        <span className="visually-hidden">Assistant:</span>
        {blocks}
        {!streaming && <MessageActions text={text} onRegenerate={onRegenerate} />}
      </div>
    </li>
  );
}
