/** The registered OAuth clients of a mock's authorization server (dynamic client registration). */
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';

export class AuthClients {
  private clients = new Map<string, OAuthClientInformationFull>();

  get(clientId: string): OAuthClientInformationFull | undefined {
    return this.clients.get(clientId);
  }

  register(client: OAuthClientInformationFull): OAuthClientInformationFull {
    this.clients.set(client.client_id, client);
    return client;
  }

  get count(): number {
    return this.clients.size;
  }

  reset(): void {
    this.clients.clear();
  }
}
