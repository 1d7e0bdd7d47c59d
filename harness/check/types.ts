/**
 * The shapes the expectation checks read and write: one verdict per expectation, and what the runner
 * observed in a step (it fetches the live data first, so the checks stay pure).
 */
import type { ObservedCall } from '../match.js';

export interface Verdict {
  /** Stable id within the step, e.g. `tool_calls[1]`, `reply.contains`; used for pass rates. */
  id: string;
  passed: boolean;
  expected: string;
  actual: string;
}

export interface SlackMessage {
  channel: string;
  text: string;
  account?: string;
}
export interface LinearIssue {
  title: string;
  description?: string;
  team?: string;
  state?: string;
  account?: string;
}
/** Items created in a service since the stack started. */
export interface ServiceDiff {
  posted: SlackMessage[];
  created: LinearIssue[];
}
export interface SettingsSnapshot {
  in_chat_auth: boolean;
  auth_link_servers: string[];
  auth_link_id?: string;
  first_auth_link_id?: string;
  tool_available?: boolean;
  user_status?: string;
}
export interface OfferedTools {
  tools: { name: string; description: string }[];
}

export interface StepObservation {
  calls: ObservedCall[];
  text: string;
  /** Latest auth link returned to this user so far. */
  authLink?: string;
  services?: Record<string, ServiceDiff | undefined>;
  settings?: SettingsSnapshot;
  offered?: OfferedTools;
}
