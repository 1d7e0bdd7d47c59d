/**
 * Out-of-band actions of a scenario, done for real against the stack: the user's browser steps
 * (open the link, sign in, consent or decline on the server's page), token expiry and revocation at
 * the mock, settings changes through the navigator's settings API, and mock faults.
 */
import { z } from 'zod';
import { AuthBrowser, pageMessage } from '../kit/auth-browser.js';
import type { ActionStep } from './scenario-schema.js';
import { accountFor, type Stack } from './stack.js';

/** A mock server's answer to `/admin/tokens/expire` or `/revoke`: how many tokens it changed. */
const TokenChange = z.object({ expired: z.number().optional(), revoked: z.number().optional() });

export interface ActionContext {
  stack: Stack;
  user: string;
  /** The latest auth link shown to this user, if any. */
  link?: string;
  /** Starts a new conversation for the user (new_conversation). */
  newConversation(name?: string): string;
}

/** Performs the action; returns a one-line description of what was done, or throws why it failed. */
export async function performAction(step: ActionStep, ctx: ActionContext): Promise<string> {
  const { stack, user } = ctx;
  switch (step.action) {
    case 'authenticate':
    case 'deny_consent': {
      const link = ctx.link ?? (await stack.entryUrl());
      const browser = new AuthBrowser(stack.navigator.url);
      const landing = await browser.signIn(link, user, user);
      const servers = step.servers ?? browser.connectable();
      if (servers.length === 0) throw new Error(`nothing to connect on the auth page (${pageMessage(landing.text)})`);
      const decision = step.action === 'authenticate' ? 'allow' : 'deny';
      const outcomes: string[] = [];
      for (const name of servers) {
        const setup = stack.scenario.project.servers.find((s) => s.name === name) ?? {
          name,
          auth_level: 'user' as const,
        };
        const page = await browser.connect(name, accountFor(user, setup), decision);
        const msg = pageMessage(page.text);
        if (decision === 'allow' && (page.status !== 200 || /declined|failed|not recognised/i.test(msg)))
          throw new Error(`connecting ${name} ended on "${msg}" (HTTP ${page.status})`);
        if (decision === 'deny' && !/declined/i.test(msg))
          throw new Error(`declining ${name} ended on "${msg}" (HTTP ${page.status})`);
        outcomes.push(`${name}: ${msg.split(':')[0]}`);
      }
      return `${decision === 'allow' ? 'connected' : 'declined'} ${servers.join(', ')} via ${link.includes('auth_link_id') ? 'the auth link' : 'the project page'} (${outcomes.join('; ')})`;
    }
    case 'expire_token':
    case 'revoke_token': {
      const setup = stack.scenario.project.servers.find((s) => s.name === step.server);
      const account = setup ? accountFor(user, setup) : user;
      const verb = step.action === 'expire_token' ? 'expire' : 'revoke';
      await stack.collectSecrets();
      const r = TokenChange.parse(await stack.mockAdmin(step.server, 'POST', `/admin/tokens/${verb}`, { account }));
      const n = r.expired ?? r.revoked ?? 0;
      if (n === 0) throw new Error(`${step.server} had no tokens of ${account} to ${verb}`);
      return `${verb}d ${n} ${step.server} token(s) of ${account}`;
    }
    case 'add_server':
      await stack.addServer(step.server);
      return `added ${step.server.name} (${step.server.auth_level}-level)`;
    case 'remove_server':
      await stack.removeServer(step.server);
      return `removed ${step.server}`;
    case 'set_in_chat_auth':
      await stack.setInChatAuth(step.enabled);
      return `In-Chat Authentication ${step.enabled ? 'on' : 'off'}`;
    case 'new_conversation':
      return `new conversation ${ctx.newConversation(step.conversation)}`;
    case 'server_down':
      await stack.mockAdmin(step.server, 'PUT', '/admin/faults', { down: true });
      return `${step.server} is down`;
    case 'server_up':
      await stack.mockAdmin(step.server, 'PUT', '/admin/faults', { down: false });
      return `${step.server} is back up`;
    case 'fault': {
      const setup = stack.scenario.project.servers.find((s) => s.name === step.server);
      const done: string[] = [];
      if (step.clear) {
        await stack.mockAdmin(step.server, 'DELETE', '/admin/faults');
        done.push('faults cleared');
      }
      const knobs = {
        ...(step.latency_ms !== undefined ? { latencyMs: step.latency_ms } : {}),
        ...(step.error_rate !== undefined ? { errorRate: step.error_rate } : {}),
        ...(step.down !== undefined ? { down: step.down } : {}),
      };
      if (Object.keys(knobs).length > 0) {
        await stack.mockAdmin(step.server, 'PUT', '/admin/faults', knobs);
        done.push(
          Object.entries(knobs)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', '),
        );
      }
      if (step.expire_tokens) {
        const account = setup ? accountFor(user, setup) : user;
        await stack.collectSecrets();
        const r = TokenChange.parse(await stack.mockAdmin(step.server, 'POST', '/admin/tokens/expire', { account }));
        done.push(`${r.expired ?? 0} token(s) of ${account} expired`);
      }
      if (done.length === 0)
        throw new Error('fault needs at least one of latency_ms, error_rate, down, expire_tokens, clear');
      return `${step.server}: ${done.join('; ')}`;
    }
    case 'wait':
      await new Promise((r) => setTimeout(r, step.ms));
      return `waited ${step.ms} ms`;
    case 'check':
      return 'checks only';
  }
}
