/** The lane's tool result check: the hand check of the common shape takes only results the SDK's schema passes unchanged. */
import fc from 'fast-check';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { anyJson } from '../../../test/integration/security/fuzz-support.js';
import { invalidResult, plainResult } from './lane-answer.js';

const block = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string() }),
  fc.record(
    { type: fc.constantFrom('text', 'image', 'bogus'), text: fc.oneof(fc.string(), anyJson) },
    { requiredKeys: [] },
  ),
  fc.record({ type: fc.constant('text'), text: fc.string(), odd: anyJson }),
  anyJson,
);
const result = fc.oneof(
  fc.record(
    {
      content: fc.oneof(fc.array(block, { maxLength: 3 }), anyJson),
      isError: fc.oneof(fc.boolean(), anyJson),
      structuredContent: anyJson,
      _meta: anyJson,
    },
    { requiredKeys: [] },
  ),
  anyJson,
);

describe('plainResult', () => {
  it("takes only results the SDK's CallToolResultSchema passes unchanged", () => {
    let plain = 0;
    for (const r of fc.sample(result, { numRuns: 3_000, seed: 13 })) {
      const value = JSON.parse(JSON.stringify(r ?? null)) as unknown;
      if (!plainResult(value)) continue;
      plain++;
      const parsed = CallToolResultSchema.safeParse(value);
      expect(parsed.success, JSON.stringify(value)).toBe(true);
      expect(parsed.data).toEqual(value);
    }
    expect(plain).toBeGreaterThan(5);
  });

  it("answers a result the schema refuses with the SDK Server's error", () => {
    expect(invalidResult({ content: [{ type: 'text', text: 'ok' }] })).toBeUndefined();
    const err = JSON.parse(invalidResult({ content: [{ type: 'bogus' }] }) ?? '{}') as {
      code: number;
      message: string;
    };
    expect(err.code).toBe(-32602);
    expect(err.message).toMatch(/^MCP error -32602: Invalid tools\/call result: /);
  });
});
