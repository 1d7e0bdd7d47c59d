/**
 * `/api/conversations`: the signed-in user's stored conversations. List (`id`, `title`,
 * `updated_at`), one with its UI messages, delete (also closes its navigator session), and close
 * only the navigator session (the page does this when it reopens a conversation, so the next turn
 * starts a new session, as a new conversation would). Another user's conversation is a 403.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../shared/http.js';
import type { ConversationStore } from './conversations.js';
import type { NavigatorSessions } from './navigator-sessions.js';
import { currentUser, requireUser } from './user-session.js';

const ConversationId = z.string().min(1).max(200);

export interface ConversationRouteDeps {
  conversations: ConversationStore;
  sessions: NavigatorSessions;
}

/** The conversation id from the path, checked: 400 when malformed, 403 when another user's (stored or live). */
function ownedId(deps: ConversationRouteDeps, raw: unknown, res: Response): string {
  const parsed = ConversationId.safeParse(raw);
  if (!parsed.success) throw new HttpError('bad_request', 'A conversation id is 1 to 200 characters.');
  const id = parsed.data;
  const user = currentUser(res);
  const owners = [deps.conversations.ownerOf(id), deps.sessions.ownerOf(id)];
  if (owners.some((o) => o !== undefined && o !== user))
    throw new HttpError('forbidden', 'This conversation belongs to another user.');
  return id;
}

export function conversationRoutes(deps: ConversationRouteDeps): Router {
  const router = Router();

  router.get('/api/conversations', requireUser, (_req, res) => {
    const user = currentUser(res);
    res.json({ conversations: deps.conversations.list(user), limit: deps.conversations.maxPerUser });
  });

  router.get('/api/conversations/:id', requireUser, (req, res) => {
    const id = ownedId(deps, req.params.id, res);
    const stored = deps.conversations.get(id);
    if (!stored) throw new HttpError('not_found', 'No stored conversation with this id. It may have been deleted.');
    res.json({ id: stored.id, title: stored.title, updated_at: stored.updated_at, messages: stored.messages });
  });

  router.delete('/api/conversations/:id', requireUser, async (req, res) => {
    const id = ownedId(deps, req.params.id, res);
    const deleted = deps.conversations.delete(id);
    res.json({ closed: await deps.sessions.close(id), deleted });
  });

  router.delete('/api/conversations/:id/session', requireUser, async (req, res) => {
    const id = ownedId(deps, req.params.id, res);
    res.json({ closed: await deps.sessions.close(id) });
  });

  return router;
}
