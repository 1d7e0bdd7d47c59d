import { describe, expect, it } from 'vitest';
import { expandEnv, loadSeedFile, sessionCapsFromEnv } from './config.js';

describe('seed config', () => {
  it('expands environment variables with defaults', () => {
    expect(expandEnv('a=${A:-x} b=${B:-y} c=${C}', { A: '1' })).toBe('a=1 b=y c=');
  });
  it('loads the demo project with both servers user-level and instance demo', () => {
    const seed = loadSeedFile('config/demo-project.yaml', { SLACK_MCP_URL: 'http://127.0.0.1:9/mcp' });
    expect(seed.project.id).toBe('demo');
    expect(seed.servers.map((s) => [s.name, s.auth_level, s.mcp_url])).toEqual([
      ['slack', 'user', 'http://127.0.0.1:9/mcp'],
      ['linear', 'user', 'http://localhost:3202/mcp'],
    ]);
    expect(seed.instances[0]).toMatchObject({ id: 'demo', api_key: '' });
    // admin: the chat app's admin account (roles), also a navigator user so it can connect its own accounts.
    expect(seed.users.map((u) => u.id)).toEqual(['alice', 'bob', 'carol', 'admin']);
  });
});

describe('sessionCapsFromEnv', () => {
  it('reads both caps, leaves unset ones to the defaults, and names the variable of a bad value', () => {
    expect(sessionCapsFromEnv({ NAVIGATOR_MAX_SESSIONS_PER_KEY: '20', NAVIGATOR_MAX_SESSIONS_PER_USER: '5' })).toEqual({
      maxSessionsPerKey: 20,
      maxSessionsPerUser: 5,
    });
    expect(sessionCapsFromEnv({})).toEqual({});
    expect(() => sessionCapsFromEnv({ NAVIGATOR_MAX_SESSIONS_PER_USER: '0' })).toThrow(
      /^NAVIGATOR_MAX_SESSIONS_PER_USER must be a whole number/,
    );
    expect(() => sessionCapsFromEnv({ NAVIGATOR_MAX_SESSIONS_PER_KEY: 'lots' })).toThrow(
      /^NAVIGATOR_MAX_SESSIONS_PER_KEY/,
    );
  });
});
