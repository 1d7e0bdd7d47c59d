import { defineConfig } from 'vitest/config';

// Test tiers: small unit tests beside pure modules, cross-process tests under test/,
// scenario replays, browser tests in Debian's Chromium, and the long stress tier.
//
// Unit and integration files share their worker's module cache (`isolate: false`): re-importing
// Express, the MCP SDK and the AI SDK for every file cost more than the tests themselves (unit tier
// 39 s -> 14 s, integration tier's between-file overhead 64 s -> 16 s, measured on 2 cores). These
// files start their servers on free ports, restore what they change (env, fake timers, msw) and keep
// no state between files. Browser files too (105 s instead of 172 s for the tier, measured under the
// same load): they share one Chromium process. `fileParallelism: false` keeps browser files one at a
// time however many workers run.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          isolate: false,
          include: [
            'server/**/*.test.ts',
            'mock-servers/**/*.test.ts',
            'harness/**/*.test.ts',
            'web/**/*.test.ts',
            'bench/**/*.test.ts',
            'kit/**/*.test.ts',
          ],
        },
      },
      { extends: true, test: { name: 'integration', isolate: false, include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'scenarios', include: ['test/scenarios/**/*.test.ts'] } },
      {
        extends: true,
        // Shared module cache here too: one Chromium serves every browser file (browser.ts).
        test: { name: 'browser', isolate: false, include: ['test/browser/**/*.test.ts'], fileParallelism: false },
      },
      // The long tier runs only through `npm run test:stress` (STRESS=1), never in `npm test`.
      ...(process.env.STRESS
        ? [
            {
              extends: true as const,
              test: { name: 'stress', include: ['test/stress/**/*.test.ts'], testTimeout: 600_000 },
            },
          ]
        : []),
    ],
  },
});
