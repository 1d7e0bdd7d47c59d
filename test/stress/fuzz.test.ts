/**
 * Stress tier of the fuzzing in test/integration/security/fuzz.test.ts: 10,000 cases over the same
 * endpoints and invariants (run with `npm run test:stress`).
 */
import { defineFuzzSuite } from '../integration/security/fuzz-suite.js';

defineFuzzSuite(10_000, 600_000);
