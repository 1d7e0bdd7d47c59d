/**
 * The open sessions, one slot per (owner, server), created lazily and reused so a proxied call costs
 * one HTTP round trip; bounded, the least recently used slot is closed first. A slot holds the promise
 * of its session, so concurrent first calls share one initialize.
 */
import type { ServerRecord } from '../store/store.js';
import { closeClient } from './client-session.js';
import type { Entry } from './client-session.js';
import { CredentialMap } from './credential-map.js';

/** One client slot per (owner, server); `owner` undefined for no-auth servers. */
interface Slot {
  readonly owner: string | undefined;
  readonly serverId: number;
  readonly entry: Promise<Entry>;
}

export class ClientCache {
  private readonly slots = new CredentialMap<Slot>();
  /** Every slot, least recently used first (a Set keeps insertion order; a hit re-inserts). */
  private readonly lru = new Set<Slot>();

  constructor(
    /** Opens the session of a slot that has none yet. */
    private readonly open: (owner: string | undefined, server: ServerRecord) => Promise<Entry>,
    private readonly maxClients: number,
  ) {}

  /** The session of (owner, server), opened on first use. */
  entry(owner: string | undefined, server: ServerRecord): Promise<Entry> {
    const hit = this.slots.get(owner, server.id);
    if (hit) {
      this.lru.delete(hit); // re-insert: the Set's order is the LRU order
      this.lru.add(hit);
      return hit.entry;
    }
    const slot: Slot = { owner, serverId: server.id, entry: this.open(owner, server) };
    this.slots.set(owner, server.id, slot);
    this.lru.add(slot);
    slot.entry.catch(() => this.forget(slot));
    if (this.lru.size > this.maxClients) {
      const oldest = this.lru.values().next().value;
      if (oldest !== undefined && oldest !== slot) this.drop(oldest.owner, oldest.serverId);
    }
    return slot.entry;
  }

  /** Forgets and closes the client of one (owner, server). */
  drop(owner: string | undefined, serverId: number): void {
    const slot = this.slots.get(owner, serverId);
    if (!slot) return;
    this.forget(slot);
    slot.entry.then((e) => closeClient(e.client)).catch(() => {});
  }

  /** Forgets and closes every client of a server. */
  dropServer(serverId: number): void {
    for (const slot of this.slots.values(serverId)) this.drop(slot.owner, serverId);
  }

  /** Closes the slot's client unless a newer one replaced `entry` meanwhile (undefined: whatever is there). */
  dropIfSame(owner: string | undefined, serverId: number, entry: Entry | undefined): void {
    const slot = this.slots.get(owner, serverId);
    if (!slot) return;
    void slot.entry.then(
      (e) => {
        if (!entry || e === entry) {
          this.forget(slot);
          closeClient(e.client).catch(() => {});
        }
      },
      () => {},
    );
  }

  /** Forgets every slot and waits until their clients are closed. */
  async closeAll(): Promise<void> {
    const all = [...this.lru];
    for (const slot of all) this.forget(slot);
    await Promise.allSettled(all.map(async (slot) => closeClient((await slot.entry).client)));
  }

  /** Removes `slot` from the maps, unless a newer slot already took its place. */
  private forget(slot: Slot): void {
    if (this.slots.get(slot.owner, slot.serverId) === slot) this.slots.delete(slot.owner, slot.serverId);
    this.lru.delete(slot);
  }
}
