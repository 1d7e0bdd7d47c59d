/**
 * The simulated user of a `simulate:` step (LangWatch Scenario's `userSimulatorAgent`): a model
 * (`--user-model`) plays the user towards a goal. Each decision is one tool call of the user model:
 * `say` (a chat message to the agent), `authenticate` / `deny_consent` (done for real by the runner,
 * through the latest link, like the scripted actions) or `done`. It stops at `done` or after
 * `max_turns` decisions.
 */
import { generateText, tool, type LanguageModel } from 'ai';
import { z } from 'zod';
import type { SimulateStep } from './scenario-schema.js';

export type UserDecision =
  | { kind: 'say'; text: string }
  | { kind: 'authenticate'; servers?: string[] }
  | { kind: 'deny_consent'; servers: string[] }
  | { kind: 'done'; summary: string };

export interface SimulationDeps {
  /** Sends a chat message as the user; resolves with the assistant's reply text. */
  say(text: string): Promise<string>;
  /** Performs a real action; resolves with what happened, or rejects why it failed. */
  act(decision: Extract<UserDecision, { kind: 'authenticate' | 'deny_consent' }>): Promise<string>;
}

export interface SimulationResult {
  decisions: UserDecision[];
  done: boolean;
  summary: string;
}

const Servers = z.array(z.string()).describe('server names as the agent or the link page named them, e.g. ["slack"]');

export const USER_TOOLS = {
  say: tool({
    description: 'Send a chat message to the assistant, as the user.',
    inputSchema: z.object({ message: z.string().min(1) }),
  }),
  authenticate: tool({
    description:
      'Open the latest authentication link the assistant gave you, sign in and allow access. Leave servers out to connect every one offered.',
    inputSchema: z.object({ servers: Servers.optional() }),
  }),
  deny_consent: tool({
    description: 'Open the link, sign in, and decline access on the consent page of these servers.',
    inputSchema: z.object({ servers: Servers.min(1) }),
  }),
  done: tool({
    description: 'Your goal is met (or cannot be met): end the conversation.',
    inputSchema: z.object({ summary: z.string() }),
  }),
};

export function userSystemPrompt(step: SimulateStep['simulate']): string {
  return [
    'You play a human user of a chat assistant, in a test. Stay in character; never act as the assistant.',
    `Your goal: ${step.goal}`,
    step.persona ? `Who you are and how you write: ${step.persona}` : 'Write short, plain messages like a busy person.',
    'Each turn, call exactly one tool: say (a message to the assistant), authenticate or deny_consent (what you do on the link the assistant gave you), or done (when your goal is met).',
    'After you authenticate, tell the assistant in a message; call done only once the assistant has done what you wanted.',
  ].join('\n');
}

/** One decision from the tool call the user model made; undefined when it made none. */
export function toDecision(name: string, input: unknown): UserDecision | undefined {
  const i = (input ?? {}) as Record<string, unknown>;
  const servers = Array.isArray(i.servers) ? i.servers.map(String) : undefined;
  if (name === 'say' && typeof i.message === 'string') return { kind: 'say', text: i.message };
  if (name === 'authenticate') return { kind: 'authenticate', ...(servers ? { servers } : {}) };
  if (name === 'deny_consent' && servers?.length) return { kind: 'deny_consent', servers };
  if (name === 'done') return { kind: 'done', summary: typeof i.summary === 'string' ? i.summary : '' };
  return undefined;
}

/** Plays the user until `done` or `max_turns`; `log` is what the user model reads each turn. */
export async function simulateUser(
  spec: SimulateStep['simulate'],
  model: LanguageModel,
  deps: SimulationDeps,
): Promise<SimulationResult> {
  const log: string[] = [];
  const decisions: UserDecision[] = [];
  for (let turn = 0; turn < spec.max_turns; turn++) {
    const result = await generateText({
      model,
      system: userSystemPrompt(spec),
      prompt: `${log.length ? `The conversation so far:\n${log.join('\n')}` : 'The conversation has not started.'}\n\nWhat do you do next? Call one tool.`,
      tools: USER_TOOLS,
      toolChoice: 'required',
      temperature: 0,
      maxRetries: 0,
    });
    const call = result.toolCalls[0];
    const decision = call ? toDecision(call.toolName, call.input) : undefined;
    if (!decision)
      throw new Error(`the user model made no usable decision (answered ${JSON.stringify(result.text.slice(0, 120))})`);
    decisions.push(decision);
    if (decision.kind === 'done') return { decisions, done: true, summary: decision.summary };
    if (decision.kind === 'say') {
      log.push(`You: ${decision.text}`);
      log.push(`Assistant: ${await deps.say(decision.text)}`);
    } else {
      try {
        log.push(
          `[You ${decision.kind === 'authenticate' ? 'authenticated' : 'declined'}: ${await deps.act(decision)}]`,
        );
      } catch (e) {
        log.push(`[That did not work: ${(e as Error).message}]`);
      }
    }
  }
  return { decisions, done: false, summary: `max_turns (${spec.max_turns}) reached before the user said done` };
}
