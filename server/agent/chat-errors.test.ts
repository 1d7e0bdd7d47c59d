// The agent's chat failures get a stable code by the error's type, never by its wording.
import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { chatErrorCode } from './chat-errors.js';
import { ModelConfigError } from './models/index.js';

describe('chatErrorCode', () => {
  it("codes the model provider's errors as model_unavailable", () => {
    expect(
      chatErrorCode(new APICallError({ message: 'boom', url: 'http://x', requestBodyValues: {}, statusCode: 500 })),
    ).toBe('model_unavailable');
    expect(chatErrorCode(new LoadAPIKeyError({ message: 'no key' }))).toBe('model_unavailable');
    expect(chatErrorCode(new ModelConfigError('unknown model'))).toBe('model_unavailable');
  });
  it("codes the navigator's MCP errors as navigator_unavailable", () => {
    expect(chatErrorCode(new McpError(ErrorCode.InternalError, 'x'))).toBe('navigator_unavailable');
    expect(chatErrorCode(new StreamableHTTPError(404, 'Session not found'))).toBe('navigator_unavailable');
  });
  it('does not read the wording: a plain error that names the navigator or the model is internal', () => {
    expect(chatErrorCode(new Error('The navigator MCP session failed'))).toBe('internal');
    expect(chatErrorCode(new Error('OpenAI model error 429'))).toBe('internal');
  });
});
