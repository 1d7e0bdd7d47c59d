/**
 * The project's default auth link (B8): its URL, and whether it is live: it is usable while some
 * instance of its project has In-Chat Authentication on.
 */
import type { NavigatorStore } from '../store/store.js';

export class DefaultLinks {
  constructor(
    private readonly store: NavigatorStore,
    private readonly publicUrl: () => string,
  ) {}

  urlFor(linkId: string): string {
    return `${this.publicUrl()}/auth?auth_link_id=${encodeURIComponent(linkId)}`;
  }
  active(projectId: string): boolean {
    return (
      this.store.getAuthLinkId(projectId) !== undefined && this.store.listInstances(projectId).some((i) => i.inChatAuth)
    );
  }
  activeUrl(projectId: string): string | undefined {
    const id = this.store.getAuthLinkId(projectId);
    return id !== undefined && this.store.listInstances(projectId).some((i) => i.inChatAuth)
      ? this.urlFor(id)
      : undefined;
  }
}
