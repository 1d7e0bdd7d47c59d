/** Which requests the lane answers itself and which it leaves to the SDK transport (cases: lane-cases.ts). */
import { describe, expect, it } from 'vitest';
import { LEFT, TAKEN } from '../../../test/integration/navigator/lane-cases.js';
import fc from 'fast-check';
import { mcpCase, rpcParams } from '../../../test/integration/security/fuzz-targets.js';
import { laneRequest, plainRequest, schemaRequest } from './lane-request.js';

describe('laneRequest', () => {
  it('takes single tools/call and tools/list requests the SDK would hand over unchanged', () => {
    for (const [headers, body, taken] of TAKEN) expect(laneRequest(headers, body), JSON.stringify(body)).toEqual(taken);
  });

  it('leaves everything else to the SDK transport', () => {
    for (const [headers, body] of LEFT) expect(laneRequest(headers, body), JSON.stringify(body)).toBeUndefined();
  });

  it("takes by hand (plainRequest) only requests the SDK's schemas take the same way (schemaRequest)", () => {
    const request = fc.record(
      {
        jsonrpc: fc.constant('2.0'),
        id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.double()),
        method: fc.constantFrom('tools/call', 'tools/list'),
        params: rpcParams,
      },
      { requiredKeys: ['jsonrpc', 'id', 'method'] },
    );
    const bodies: unknown[] = [
      ...TAKEN.map(([, b]) => b),
      ...LEFT.map(([, b]) => b),
      ...fc.sample(request, { numRuns: 2_000, seed: 13 }).map((b) => JSON.parse(JSON.stringify(b)) as unknown),
      ...fc.sample(mcpCase, { numRuns: 1_000, seed: 13 }).map((q) => {
        try {
          return JSON.parse(q.body) as unknown;
        } catch {
          return q.body;
        }
      }),
      JSON.parse('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"__proto__":{}}}}'),
    ];
    let plain = 0;
    for (const body of bodies) {
      const p = plainRequest(body);
      if (p === null) continue;
      plain++;
      expect(schemaRequest(body), JSON.stringify(body)).toEqual(p);
    }
    // The hand check is not vacuous: most well-formed calls take it.
    expect(plain).toBeGreaterThan(100);
  });
});
