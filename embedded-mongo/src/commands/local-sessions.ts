import { createHash } from 'node:crypto';
import { Binary } from 'mongodb';
import { hashKey } from '../query/bson-order';

type Doc = Record<string, unknown>;

// Without authentication mongod's session uid is the SHA-256 of the empty user name.
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest(), 0);
const MAX_SESSIONS = 10_000;

/** The logical sessions this server has seen (`lsid` on commands), for `$listLocalSessions`. */
export class LocalSessions {
  // lastUse in epoch ms: every command touches its session, the Date is only made when listed.
  private readonly seen = new Map<string, { id: unknown; lastUse: number }>();

  touch(lsid: unknown): void {
    const id = (lsid as Doc | undefined)?.id;
    if (id === undefined) return;
    const key = hashKey(id);
    this.seen.delete(key); // re-inserted last: the map stays in least-recently-used order
    this.seen.set(key, { id, lastUse: Date.now() });
    if (this.seen.size > MAX_SESSIONS) this.seen.delete(this.seen.keys().next().value as string);
  }

  end(ids: unknown[]): void {
    for (const lsid of ids) {
      const id = (lsid as Doc | undefined)?.id;
      if (id !== undefined) this.seen.delete(hashKey(id));
    }
  }

  /** Documents shaped like mongod's config.system.sessions records. */
  list(): Doc[] {
    return [...this.seen.values()].map((s) => ({
      _id: { id: s.id, uid: ANONYMOUS_UID },
      lastUse: new Date(s.lastUse),
    }));
  }
}
