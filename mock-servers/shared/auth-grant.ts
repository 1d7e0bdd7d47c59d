/**
 * What one consent grants (client, account, scopes, resource), shared by its code and every token
 * issued from it, so revoking the grant ends them all.
 */
import { randomBytes } from 'node:crypto';
import type { Account } from './types.js';

export interface Grant {
  id: string;
  clientId: string;
  account: Account;
  scopes: string[];
  resource?: string;
}

/** Unguessable ids for requests, CSRF tokens, codes and token values. */
export const randomId = (bytes = 24): string => randomBytes(bytes).toString('base64url');
