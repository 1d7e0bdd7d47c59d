import { describe, expect, it } from 'vitest';
import { startEnvironment } from './startup.js';

describe('startEnvironment', () => {
  it("drops the product's own settings the caller exported, keeps the rest", () => {
    const env = startEnvironment({
      PATH: '/bin',
      HOME: '/root',
      NAVIGATOR_API_KEY: 'short',
      NAVIGATOR_ADMIN_KEY: 'x',
      OPENAI_API_KEY: 'sk',
      MODEL: 'openai:x',
      PORT: '1',
      SESSION_SECRET: 's',
    });
    expect(env).toEqual({ PATH: '/bin', HOME: '/root' });
  });
});
