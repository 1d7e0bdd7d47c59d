/**
 * The contract between the agent and the chat page for a URL-mode elicitation (MCP 2025-11-25):
 * when a navigator tool call is answered `-32042`, the agent's tool result is an `isError` result
 * carrying the elicitation under `_meta[ELICITATION_META_KEY]`, and the page shows it as a Connect card.
 */
import { z } from 'zod';

export const ELICITATION_META_KEY = 'navigator-chat/elicitation';

export const ElicitationCard = z.object({
  elicitation_id: z.string().min(1).max(200),
  url: z.string().url().max(2000),
  message: z.string().max(1000),
});
export type ElicitationCard = z.infer<typeof ElicitationCard>;
