/**
 * The `expect:` part of a scenario step, as zod schemas (part of the scenario format defined in
 * scenario-schema.ts). Kept apart so each file stays readable; nothing here is used on its own.
 */
import { z } from 'zod';
import { AuthStatus } from '../server/shared/contracts.js';

/** One string or a list of strings; every entry must hold. */
const OneOrMany = z.union([z.string(), z.array(z.string())]);
/** Regular expressions: `pattern` or `/pattern/flags` (`/x/i` is case-insensitive). */
const Regexes = OneOrMany.describe(
  'Regular expressions (JavaScript syntax, or /pattern/i for case-insensitive); every one must match.',
);

/**
 * Argument matcher: a partial object matched against the call's arguments. A literal value must be
 * equal; an object whose keys start with `$` is an operator: `{$contains: s}` (case-insensitive
 * substring of the value's JSON text), `{$regex: r}` (or `$matches`), `{$exists: bool}`,
 * `{$any: true}`, `{$not: matcher}` (the value must not match).
 */
export const ArgMatcher = z
  .record(z.string(), z.unknown())
  .describe(
    'Partial match on the arguments. Literals must be equal; {$contains}, {$regex}/{$matches}, {$exists}, {$any}, {$not} are operators.',
  );

const ToolCallObject = z.strictObject({
  name: z.string().optional().describe('Glob on the literal tool name (`*` any text, `?` one character).'),
  tool: z
    .string()
    .optional()
    .describe(
      'Glob on the effective downstream tool `{server}__{tool}`: matches a direct call and a call_server_tool call to the same tool.',
    ),
  args: ArgMatcher.optional().describe('With `tool`, matched against the downstream arguments.'),
});

/** A tool call pattern: a bare string is a glob on the tool name. */
export const ToolCallMatcher = z.union([z.string(), ToolCallObject]);
export type ToolCallMatcher = z.infer<typeof ToolCallMatcher>;

export const CountMatcher = z.strictObject({
  name: z.string().optional(),
  tool: z.string().optional(),
  equals: z.number().int().min(0).optional(),
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
});

export const ToolResultMatcher = z.strictObject({
  name: z.string().optional().describe('Glob on the tool name; the last matching result of the step is checked.'),
  tool: z.string().optional().describe('Glob on the effective downstream tool (see tool_calls).'),
  status: AuthStatus.optional(),
  unauthenticated_servers: z.array(z.string()).optional().describe('Exact set of server names.'),
  has_auth_link: z.boolean().optional(),
  is_error: z.boolean().optional(),
  contains: OneOrMany.optional().describe('Case-insensitive substrings of the result text.'),
  matches: Regexes.optional(),
  not_contains: OneOrMany.optional().describe('Case-insensitive substrings the result text must NOT contain.'),
  not_matches: OneOrMany.optional().describe('Regular expressions the result text must NOT match.'),
  json: ArgMatcher.optional().describe('Partial match on the result parsed as JSON.'),
});
export type ToolResultMatcher = z.infer<typeof ToolResultMatcher>;

export const ReplyMatcher = z.strictObject({
  contains: OneOrMany.optional().describe('Case-insensitive substrings of the assistant text of this step.'),
  not_contains: OneOrMany.optional(),
  regex: OneOrMany.optional().describe('Same as `matches`.'),
  matches: Regexes.optional(),
  not_matches: OneOrMany.optional().describe('Regular expressions the text must NOT match.'),
  mentions_link: z
    .boolean()
    .optional()
    .describe('The text contains the link of the latest get_authentication_link result.'),
  judge: z
    .string()
    .min(1)
    .optional()
    .describe('A rubric a judge model (--judge) grades the reply against; reported as not run without a judge.'),
});
export type ReplyMatcher = z.infer<typeof ReplyMatcher>;

const TextField = z.strictObject({
  equals: z.string().optional(),
  contains: z.string().optional().describe('Case-insensitive substring.'),
  matches: z.string().optional().describe('Regular expression (JavaScript syntax).'),
});
const FieldMatcher = z.union([z.string(), TextField]);

export const SlackMessageMatcher = z.strictObject({
  channel: z.string().optional(),
  text: FieldMatcher.optional(),
  account: z.string().optional(),
});

export const LinearIssueMatcher = z.strictObject({
  title: FieldMatcher.optional(),
  description: FieldMatcher.optional(),
  team: z.string().optional(),
  state: z.string().optional(),
  account: z.string().optional(),
});

/** Service state of one server instance, compared with its state when the stack started. */
export const ServiceStateMatcher = z.strictObject({
  posted: z.array(SlackMessageMatcher).optional().describe('Slack messages posted since the start (each must exist).'),
  posted_count: z.number().int().min(0).optional(),
  created: z.array(LinearIssueMatcher).optional().describe('Linear issues created since the start (each must exist).'),
  created_count: z.number().int().min(0).optional(),
});

export const SettingsMatcher = z.strictObject({
  in_chat_auth: z.boolean().optional(),
  auth_link_servers: z.array(z.string()).optional().describe('Exact set of servers the default link covers.'),
  auth_link_unchanged: z.boolean().optional().describe('The default link id is the one first seen in this scenario.'),
  tool_available: z
    .boolean()
    .optional()
    .describe('get_authentication_link is listed for a fresh MCP session of the user.'),
  user_status: AuthStatus.optional().describe(
    "The user's status as the settings API computes it (same rules as the tool).",
  ),
});

/** What the agent was offered at the start of the step's conversation (tool names and descriptions). */
export const OfferedToolsMatcher = z.strictObject({
  includes: z.array(z.string()).optional().describe('Globs that must each match an offered tool name.'),
  excludes: z.array(z.string()).optional().describe('Globs that must match no offered tool name.'),
  available_servers: z
    .array(z.string())
    .optional()
    .describe('Exact set named by "Available MCP Servers" in descriptions.'),
});

export const StepExpect = z.strictObject({
  tool_calls: z
    .array(ToolCallMatcher)
    .optional()
    .describe('Calls made during the step, in this order (others may be in between).'),
  tool_calls_any_order: z.array(ToolCallMatcher).optional(),
  no_tool_calls: z.array(ToolCallMatcher).optional().describe('Calls that must NOT happen during the step.'),
  tool_call_count: z.array(CountMatcher).optional(),
  tool_results: z.array(ToolResultMatcher).optional(),
  reply: ReplyMatcher.optional(),
  state: z.record(z.string(), ServiceStateMatcher).optional().describe('Keyed by server instance name.'),
  settings: SettingsMatcher.optional(),
  offered_tools: OfferedToolsMatcher.optional(),
});
export type StepExpect = z.infer<typeof StepExpect>;

/**
 * Scenario-level `always:` checks, evaluated after every step (ids `always.<check>`): calls that must
 * never happen, call-count bounds per step, what no reply may say (checked on steps with a reply),
 * and service state.
 */
export const AlwaysExpect = z.strictObject({
  no_tool_calls: StepExpect.shape.no_tool_calls,
  tool_call_count: StepExpect.shape.tool_call_count,
  reply: ReplyMatcher.omit({ judge: true }).optional().describe('Checked after every step that has a reply.'),
  state: StepExpect.shape.state,
});
export type AlwaysExpect = z.infer<typeof AlwaysExpect>;
