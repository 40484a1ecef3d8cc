import { compareBson } from '../query/bson-order';

/**
 * The documents of a collection in ascending `_id` order (BSON order), so sorted reads with a limit
 * can stop early. Each entry is a document's `_id` and its ordinal (see postings.ts), which tells a
 * live entry from one left by a removed document: `isLive(ord)`. They are kept in two parallel
 * arrays (#19): an object per entry with the id key as well cost ~58 bytes a document against ~20,
 * and the id key is the ordinal's (DocOrdinals.key). Appends in order (ObjectIds, counters) are
 * O(1); anything else waits in a pending list that is sorted and merged in on the next read.
 * Removals only count dead entries, which the next read after enough removals drops.
 */
export class IdOrder {
  private ids: unknown[] = [];
  private ords: number[] = [];
  private pendingIds: unknown[] = [];
  private pendingOrds: number[] = [];
  private dead = 0;

  constructor(private readonly isLive: (ord: number) => boolean) {}

  add(id: unknown, ord: number): void {
    const n = this.ids.length;
    if (this.pendingIds.length === 0 && (n === 0 || compareBson(id, this.ids[n - 1]) > 0)) {
      this.ids.push(id);
      this.ords.push(ord);
    } else {
      this.pendingIds.push(id);
      this.pendingOrds.push(ord);
    }
    if (this.pendingIds.length > 4096 && this.pendingIds.length > this.ids.length) this.settle();
  }

  noteRemoved(): void {
    this.dead++;
    if (this.dead > 4096 && this.dead > this.ids.length) this.settle();
  }

  clear(): void {
    this.ids = [];
    this.ords = [];
    this.pendingIds = [];
    this.pendingOrds = [];
    this.dead = 0;
  }

  /** Entries in ascending order (some may be dead: check ordAt with the collection before use). */
  get size(): number {
    this.settleIfDue();
    return this.ids.length;
  }

  /** The i-th entry's `_id` (after `size`, which settles pending entries). */
  idAt(i: number): unknown {
    return this.ids[i];
  }

  /** The i-th entry's document ordinal. */
  ordAt(i: number): number {
    return this.ords[i];
  }

  /** Index of the first entry whose id is >= (or > when `strict`) `id`. */
  lowerBound(id: unknown, strict: boolean): number {
    let lo = 0;
    let hi = this.size;
    const ids = this.ids;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBson(ids[mid], id);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private settleIfDue(): void {
    if (this.pendingIds.length || this.dead > 64 + this.ids.length / 4) this.settle();
  }

  private settle(): void {
    // The pending entries that are still live, by id then ordinal.
    const add: number[] = [];
    for (let j = 0; j < this.pendingIds.length; j++) if (this.isLive(this.pendingOrds[j])) add.push(j);
    const pIds = this.pendingIds;
    const pOrds = this.pendingOrds;
    add.sort((a, b) => compareBson(pIds[a], pIds[b]) || pOrds[a] - pOrds[b]);
    let baseIds = this.ids;
    let baseOrds = this.ords;
    if (this.dead) {
      baseIds = [];
      baseOrds = [];
      for (let i = 0; i < this.ids.length; i++) {
        if (!this.isLive(this.ords[i])) continue;
        baseIds.push(this.ids[i]);
        baseOrds.push(this.ords[i]);
      }
    }
    this.pendingIds = [];
    this.pendingOrds = [];
    this.dead = 0;
    if (add.length === 0) {
      this.ids = baseIds;
      this.ords = baseOrds;
      return;
    }
    const n = baseIds.length + add.length;
    const ids: unknown[] = new Array<unknown>(n);
    const ords: number[] = new Array<number>(n);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < baseIds.length && j < add.length) {
      if (compareBson(baseIds[i], pIds[add[j]]) <= 0) {
        ids[k] = baseIds[i];
        ords[k++] = baseOrds[i++];
      } else {
        ids[k] = pIds[add[j]];
        ords[k++] = pOrds[add[j++]];
      }
    }
    while (i < baseIds.length) {
      ids[k] = baseIds[i];
      ords[k++] = baseOrds[i++];
    }
    while (j < add.length) {
      ids[k] = pIds[add[j]];
      ords[k++] = pOrds[add[j++]];
    }
    this.ids = ids;
    this.ords = ords;
  }
}
