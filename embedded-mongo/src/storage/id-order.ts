import { compareBson } from '../query/bson-order';

/** One document's place in `_id` order. `seq` tells a live entry from one left by a removed document. */
export interface IdEntry {
  key: string;
  id: unknown;
  seq: number;
}

/**
 * The documents of a collection in ascending `_id` order (BSON order), so sorted reads with a limit
 * can stop early. Appends in order (ObjectIds, counters) are O(1); anything else waits in a
 * pending list that is sorted and merged in on the next read. Removals only count dead entries,
 * which the next read after enough removals drops.
 */
export class IdOrder {
  private sorted: IdEntry[] = [];
  private pending: IdEntry[] = [];
  private dead = 0;

  constructor(private readonly isLive: (e: IdEntry) => boolean) {}

  add(entry: IdEntry): void {
    const last = this.sorted[this.sorted.length - 1];
    if (this.pending.length === 0 && (!last || compareBson(entry.id, last.id) > 0)) this.sorted.push(entry);
    else this.pending.push(entry);
    if (this.pending.length > 4096 && this.pending.length > this.sorted.length) this.settle();
  }

  noteRemoved(): void {
    this.dead++;
    if (this.dead > 4096 && this.dead > this.sorted.length) this.settle();
  }

  clear(): void {
    this.sorted = [];
    this.pending = [];
    this.dead = 0;
  }

  /** Ascending entries; some may be dead (check with the collection before use). */
  entries(): IdEntry[] {
    if (this.pending.length || this.dead > 64 + this.sorted.length / 4) this.settle();
    return this.sorted;
  }

  /** Index of the first entry whose id is >= (or > when `strict`) `id`. */
  lowerBound(id: unknown, strict: boolean): number {
    const arr = this.entries();
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBson(arr[mid].id, id);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private settle(): void {
    const add = this.pending.filter(this.isLive).sort((a, b) => compareBson(a.id, b.id) || a.seq - b.seq);
    const base = this.dead ? this.sorted.filter(this.isLive) : this.sorted;
    this.pending = [];
    this.dead = 0;
    if (add.length === 0) {
      this.sorted = base;
      return;
    }
    const out: IdEntry[] = new Array<IdEntry>(base.length + add.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < base.length && j < add.length) {
      out[k++] = compareBson(base[i].id, add[j].id) <= 0 ? base[i++] : add[j++];
    }
    while (i < base.length) out[k++] = base[i++];
    while (j < add.length) out[k++] = add[j++];
    this.sorted = out;
  }
}
