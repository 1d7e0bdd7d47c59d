/**
 * The `settings` expectation: the user's settings as the navigator reports them (In-Chat
 * Authentication on, the link's servers and id, the user's status, whether the tool is listed).
 */
import type { StepExpect } from '../expect-schema.js';
import { j, sameSet } from './shared.js';
import type { StepObservation, Verdict } from './types.js';

export function checkSettings(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  const m = e.settings;
  if (!m) return;
  const s = obs.settings;
  const got = j(s ?? 'settings unavailable');
  if (m.in_chat_auth !== undefined)
    out.push({
      id: 'settings.in_chat_auth',
      passed: s?.in_chat_auth === m.in_chat_auth,
      expected: `in_chat_auth ${m.in_chat_auth}`,
      actual: got,
    });
  if (m.auth_link_servers)
    out.push({
      id: 'settings.auth_link_servers',
      passed: !!s && sameSet(s.auth_link_servers, m.auth_link_servers),
      expected: `link covers ${j(m.auth_link_servers)}`,
      actual: got,
    });
  if (m.auth_link_unchanged !== undefined) {
    const same = !!s?.auth_link_id && s.auth_link_id === s.first_auth_link_id;
    out.push({
      id: 'settings.auth_link_unchanged',
      passed: same === m.auth_link_unchanged,
      expected: `link id ${m.auth_link_unchanged ? 'unchanged' : 'changed'}`,
      actual: got,
    });
  }
  if (m.user_status !== undefined)
    out.push({
      id: 'settings.user_status',
      passed: s?.user_status === m.user_status,
      expected: `user status ${m.user_status}`,
      actual: got,
    });
  if (m.tool_available !== undefined)
    out.push({
      id: 'settings.tool_available',
      passed: s?.tool_available === m.tool_available,
      expected: `get_authentication_link ${m.tool_available ? 'listed' : 'absent'}`,
      actual: got,
    });
}
