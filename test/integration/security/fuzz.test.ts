/**
 * Property-based fuzzing (fast-check), 1,000 cases in `npm test` (the stress tier runs 10,000): the
 * navigator's MCP endpoint, settings API, auth pages and OAuth callback, and the mock servers' OAuth
 * endpoints. The suite and its invariants are in fuzz-suite.ts.
 */
import { defineFuzzSuite } from './fuzz-suite.js';

defineFuzzSuite(1_000, 120_000);
