/**
 * The "lower" findings of the trust-boundaries issue for the chat app, tried over real HTTP against
 * the real agent server: pages without CSP/frame/nosniff headers, a session cookie that kept
 * working after sign-out, a sign-in limiter that 10,100 junk failures reset, and transcripts (which
 * hold DM text) readable by everyone on the machine.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startAgentStack } from '../agent/support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('chat app hardening', () => {
  let stack: Stack;
  let web: string;

  beforeAll(async () => {
    // A build like Vite's: index.html loads a hashed module script, no inline script.
    web = mkdtempSync(join(tmpdir(), 'hardening-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/app-1.js"></script></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(web, 'assets', 'app-1.js'), 'export {};\n');
    stack = await startAgentStack({ webDistDir: web });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('every page, asset and API answer carries CSP (self only, no inline script), no framing, nosniff and a Referrer-Policy', async () => {
    for (const path of [
      '/',
      '/settings',
      '/viewer',
      '/assets/app-1.js',
      '/api/session',
      '/api/models',
      '/healthz',
      '/nope',
    ]) {
      const res = await fetch(`${stack.agent.url}${path}`);
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('sign-out ends the session on the server: the same cookie no longer works', async () => {
    const cookie = await signIn(stack.agent.url, 'alice');
    expect((await fetch(`${stack.agent.url}/api/session`, { headers: { cookie } })).status).toBe(200);
    // A copy of the cookie, as a thief would keep it.
    const stolen = cookie;
    const out = await fetch(`${stack.agent.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(200);
    for (const path of ['/api/session', '/api/status', '/api/connections']) {
      expect((await fetch(`${stack.agent.url}${path}`, { headers: { cookie: stolen } })).status, path).toBe(401);
    }
    const chat = await fetch(`${stack.agent.url}/api/chat`, {
      ...json({
        id: 'c-after-sign-out',
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
      }),
      headers: { 'content-type': 'application/json', cookie: stolen },
    });
    expect(chat.status).toBe(401);
    // The old cookie format (user|expiry, signed or not) is no session either.
    expect(
      (await fetch(`${stack.agent.url}/api/session`, { headers: { cookie: 'nc_session=alice|99999999999999' } }))
        .status,
    ).toBe(401);
    // Signing in again gives a new, working session.
    expect(
      (await fetch(`${stack.agent.url}/api/session`, { headers: { cookie: await signIn(stack.agent.url, 'alice') } }))
        .status,
    ).toBe(200);
  });

  it('transcripts (they hold message text) are 0600 in a 0700 directory', async () => {
    const cookie = await signIn(stack.agent.url, 'bob');
    const chat = new Conversation(stack.agent.url, cookie);
    await chat.send('hello');
    await stack.agent.transcripts.flush();
    const dir = stack.agent.transcriptsDir;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
  });
});

describe('chat sign-in limiter', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startAgentStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("a flood of junk failures does not reset carol's lock-out; unknown and known names answer alike", async () => {
    const attempt = (user: string, password: string) =>
      fetch(`${stack.agent.url}/api/session`, json({ user, password }));
    for (let i = 0; i < 5; i++) expect((await attempt('carol', `guess-${i}`)).status).toBe(401);
    const locked = await attempt('carol', 'carol');
    expect(locked.status).toBe(429);
    // An unknown name fails exactly like a wrong password (same status, same message).
    const unknown = await attempt('nobody-here', 'x');
    const wrong = await attempt('bob', 'x');
    expect(unknown.status).toBe(wrong.status);
    expect(await unknown.json()).toEqual(await wrong.json());

    // The old limiter cleared every entry past 10,000 keys. Junk from this address is now cut off
    // at the per-address limit long before, so carol's entry is never pushed out.
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const s = (await attempt(`junk-${i}`, 'x')).status;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(statuses.get(429)).toBeGreaterThan(250);
    expect((await attempt('carol', 'carol')).status).toBe(429);
  }, 60_000);
});
