/** Which requests the lane answers itself and which it leaves to the SDK transport (cases: lane-cases.ts). */
import { describe, expect, it } from 'vitest';
import { LEFT, TAKEN } from '../../../test/integration/navigator/lane-cases.js';
import { laneRequest } from './lane-request.js';

describe('laneRequest', () => {
  it('takes single tools/call and tools/list requests the SDK would hand over unchanged', () => {
    for (const [headers, body, taken] of TAKEN) expect(laneRequest(headers, body), JSON.stringify(body)).toEqual(taken);
  });

  it('leaves everything else to the SDK transport', () => {
    for (const [headers, body] of LEFT) expect(laneRequest(headers, body), JSON.stringify(body)).toBeUndefined();
  });
});
