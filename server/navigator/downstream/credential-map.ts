/** Values per (server id, owner), without building string keys; '' stands for no owner (no-auth servers). */
export class CredentialMap<V> {
  private readonly byServer = new Map<number, Map<string, V>>();
  get(owner: string | undefined, serverId: number): V | undefined {
    return this.byServer.get(serverId)?.get(owner ?? '');
  }
  set(owner: string | undefined, serverId: number, value: V): void {
    let m = this.byServer.get(serverId);
    if (!m) this.byServer.set(serverId, (m = new Map<string, V>()));
    m.set(owner ?? '', value);
  }
  delete(owner: string | undefined, serverId: number): void {
    const m = this.byServer.get(serverId);
    if (m?.delete(owner ?? '') && m.size === 0) this.byServer.delete(serverId);
  }
  values(serverId: number): V[] {
    return [...(this.byServer.get(serverId)?.values() ?? [])];
  }
}
