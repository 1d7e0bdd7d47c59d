import { defineConfig } from 'vitest/config';

// Test tiers: small unit tests beside pure modules, cross-process tests under test/,
// scenario replays, browser tests in Debian's Chromium, and the long stress tier.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
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
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'scenarios', include: ['test/scenarios/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false } },
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
