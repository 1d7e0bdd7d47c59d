/**
 * The scenario file format (scenarios/*.yaml), defined once as zod schemas. The JSON Schema that
 * editors use (scenarios/scenario.schema.json) is generated from here by generate-schema.ts.
 */
import { z } from 'zod';
import { AuthLevel, UserId } from '../server/shared/contracts.js';
import { AlwaysExpect, StepExpect } from './expect-schema.js';

export const BEHAVIOR_IDS = Array.from({ length: 18 }, (_, i) => `B${i + 1}` as const);
export const BehaviorId = z.enum(BEHAVIOR_IDS as [string, ...string[]]);

/** Modes a scenario is meant for; `openai:NAME` runs any scenario and is not listed here. */
export const ScenarioMode = z.enum(['demo', 'scripted', 'replay']);
export type ScenarioMode = z.infer<typeof ScenarioMode>;

const ServerName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'server names are lower-case slugs');
export const ServerKind = z.enum(['slack', 'linear']);

export const ServerSetup = z.strictObject({
  name: ServerName.describe('Instance name; tools are named {name}__{tool}.'),
  kind: ServerKind.optional().describe('Which mock backs it; defaults to the name when that is slack or linear.'),
  display_name: z.string().optional(),
  auth_level: AuthLevel.default('user'),
});
export type ServerSetup = z.infer<typeof ServerSetup>;

export const ProjectSetup = z.strictObject({
  in_chat_auth: z.boolean().default(true).describe('In-Chat Authentication toggle on the instance at start.'),
  servers: z.array(ServerSetup).default([
    { name: 'slack', auth_level: 'user' },
    { name: 'linear', auth_level: 'user' },
  ]),
});

export const UserSetup = z.strictObject({
  id: UserId,
  connected: z
    .array(ServerName)
    .default([])
    .describe('Servers this user authenticated with before the scenario (done for real).'),
});

/** One tool call the scripted model makes; `{{auth_link}}` in strings is filled in. */
export const ScriptedToolCall = z.strictObject({
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
});

/** One model response (one LLM request) in scripted mode. */
export const ModelTurn = z.strictObject({
  text: z
    .string()
    .optional()
    .describe('Assistant text; `{{auth_link}}` becomes the latest get_authentication_link link.'),
  tool_calls: z.array(ScriptedToolCall).optional(),
});
export type ModelTurn = z.infer<typeof ModelTurn>;

const Who = {
  as: UserId.optional().describe('Which user; defaults to the first user.'),
  expect: StepExpect.optional(),
};

export const UserStep = z.strictObject({
  user: z.string().min(1).describe('What the user types.'),
  ...Who,
  conversation: z.string().min(1).optional().describe('Conversation name; a new name starts a new session.'),
  model: z.array(ModelTurn).optional().describe('Scripted mode: the model responses for this message, in order.'),
});
export type UserStep = z.infer<typeof UserStep>;

/**
 * A model plays the user (`--user-model`) until it says the goal is met or the turns run out. It can
 * type messages and act for real like the scripted actions: authenticate some or all servers through
 * the latest link, decline consent, and say it is done. `expect` is checked on all its turns together.
 */
export const SimulateStep = z.strictObject({
  simulate: z.strictObject({
    goal: z.string().min(1).describe('What the simulated user wants; it says "done" when this is met.'),
    persona: z.string().optional().describe('How the user behaves and writes.'),
    max_turns: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(6)
      .describe('Most decisions (messages and actions) the user model makes.'),
  }),
  ...Who,
  conversation: z.string().min(1).optional(),
});
export type SimulateStep = z.infer<typeof SimulateStep>;

/** Actions may be expected to fail: `expect_error` is a substring of the failure. */
const ActionBase = { ...Who, expect_error: z.string().optional() };

export const ActionStep = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('authenticate'),
    ...ActionBase,
    servers: z
      .array(ServerName)
      .optional()
      .describe('Servers to connect through the link; default every one still listed.'),
  }),
  z.strictObject({ action: z.literal('deny_consent'), ...ActionBase, servers: z.array(ServerName).min(1) }),
  z.strictObject({ action: z.literal('expire_token'), ...ActionBase, server: ServerName }),
  z.strictObject({ action: z.literal('revoke_token'), ...ActionBase, server: ServerName }),
  z.strictObject({ action: z.literal('add_server'), ...ActionBase, server: ServerSetup }),
  z.strictObject({ action: z.literal('remove_server'), ...ActionBase, server: ServerName }),
  z.strictObject({ action: z.literal('set_in_chat_auth'), ...ActionBase, enabled: z.boolean() }),
  z.strictObject({ action: z.literal('new_conversation'), ...ActionBase, conversation: z.string().min(1).optional() }),
  z.strictObject({ action: z.literal('server_down'), ...ActionBase, server: ServerName }),
  z.strictObject({ action: z.literal('server_up'), ...ActionBase, server: ServerName }),
  z.strictObject({
    action: z.literal('fault'),
    ...ActionBase,
    server: ServerName,
    latency_ms: z.number().int().min(0).max(120_000).optional().describe('Added delay on every MCP request.'),
    error_rate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Share of tool calls failing with HTTP 500 (1 = every one).'),
    down: z.boolean().optional().describe('Every MCP request answers 503.'),
    expire_tokens: z
      .boolean()
      .optional()
      .describe("The user's access tokens at this server expire now (refresh still works)."),
    clear: z.boolean().optional().describe('Clear every fault first.'),
  }),
  z.strictObject({ action: z.literal('wait'), ...ActionBase, ms: z.number().int().min(0).max(60_000) }),
  z.strictObject({ action: z.literal('check'), ...ActionBase }).describe('Only checks `expect` (settings, state).'),
]);
export type ActionStep = z.infer<typeof ActionStep>;

export const Step = z.union([UserStep, SimulateStep, ActionStep]);
export type Step = z.infer<typeof Step>;

export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).max(120),
  description: z.string().default(''),
  tags: z.array(z.string()).default([]),
  behaviors: z.array(BehaviorId).default([]),
  modes: z.array(ScenarioMode).default(['demo', 'scripted']),
  project: ProjectSetup.default({
    in_chat_auth: true,
    servers: [
      { name: 'slack', auth_level: 'user' },
      { name: 'linear', auth_level: 'user' },
    ],
  }),
  users: z
    .array(UserSetup)
    .min(1)
    .default([{ id: 'alice', connected: [] }]),
  steps: z.array(Step).min(1),
  always: AlwaysExpect.optional().describe('Checked after every step.'),
  judge: z
    .string()
    .min(1)
    .optional()
    .describe('A rubric a judge model (--judge) grades the whole conversation against, at the end.'),
});
export type Scenario = z.infer<typeof Scenario>;

/** The JSON Schema of the file format (input side: fields with defaults are optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Scenario, { io: 'input', target: 'draft-07', reused: 'ref' });
}

/** Mock kind backing a server instance. */
export function serverKind(server: ServerSetup): z.infer<typeof ServerKind> {
  if (server.kind) return server.kind;
  if (server.name === 'slack' || server.name === 'linear') return server.name;
  throw new Error(`server ${server.name} needs a kind (slack or linear)`);
}

export function isUserStep(step: Step): step is UserStep {
  return 'user' in step;
}

export function isSimulateStep(step: Step): step is SimulateStep {
  return 'simulate' in step;
}
