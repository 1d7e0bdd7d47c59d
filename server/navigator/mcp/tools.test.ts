/** The get_authentication_link tool definition as SDK clients consume it. */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { describe, expect, it } from 'vitest';
import { AUTH_TOOL } from './tools.js';

describe('AUTH_TOOL', () => {
  it('has an output schema with a content-versioned $id, so a client compiles it once, not on every tools/list', () => {
    const schema = AUTH_TOOL.outputSchema;
    expect(schema?.$id).toMatch(/^urn:navigator:schema:auth-link-result:[0-9a-f]{16}$/);
    // What the SDK Client does on each tools/list: a fresh copy from the wire, then getValidator.
    const ajv = new AjvJsonSchemaValidator();
    // Count compilations on the SDK validator's own Ajv instance (a private field).
    const inner = (ajv as unknown as { _ajv: { compile: (s: unknown) => unknown } })._ajv;
    const compile = inner.compile.bind(inner);
    let compiled = 0;
    inner.compile = (s) => {
      compiled++;
      return compile(s);
    };
    const copy = () => JSON.parse(JSON.stringify(schema)) as Parameters<typeof ajv.getValidator>[0];
    const first = ajv.getValidator(copy());
    const again = ajv.getValidator(copy());
    expect(compiled).toBe(1);
    const valid = { status: 'no_auth_required', unauthenticated_servers: [], servers: [], message: 'ok' };
    expect(first(valid).valid).toBe(true);
    expect(again(valid).valid).toBe(true);
    expect(again({ status: 'nope' }).valid).toBe(false);
  });
});
