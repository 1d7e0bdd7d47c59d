/**
 * The service's change notices: an instance's tool list may have changed (toggle switched), or a
 * credential was stored, deleted or marked invalid. The MCP sessions listen to send list_changed.
 */
export class ServiceEvents {
  private readonly instanceListeners = new Set<(instanceId: string) => void>();
  private readonly credentialListeners = new Set<(owner: string, serverId: number) => void>();

  onInstanceChange(listener: (instanceId: string) => void): () => void {
    this.instanceListeners.add(listener);
    return () => this.instanceListeners.delete(listener);
  }
  onCredentialChange(listener: (owner: string, serverId: number) => void): () => void {
    this.credentialListeners.add(listener);
    return () => this.credentialListeners.delete(listener);
  }
  instanceChanged(instanceId: string): void {
    for (const l of this.instanceListeners) l(instanceId);
  }
  credentialChanged(owner: string, serverId: number): void {
    for (const l of this.credentialListeners) l(owner, serverId);
  }
}
