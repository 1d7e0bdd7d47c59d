/** Runs the mock Linear server alone: LINEAR_PORT (default 3202), admin endpoints on. */
import { runMockAlone } from '../shared/mock-service.js';
import { linearMock } from './index.js';

await runMockAlone(linearMock, 'LINEAR_PORT', 3202);
