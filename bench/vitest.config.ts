// The bench's own unit tests (pure helpers): `npx vitest run -c bench/vitest.config.ts`. The repo's
// vitest projects do not include bench/ yet; adding 'bench/**/*.test.ts' to the unit project would.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { root: 'bench', include: ['**/*.test.ts'] } });
