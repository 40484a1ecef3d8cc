const SHARD_BITS = 6;

/**
 * A Map from strings that never rehashes all of its entries at once (#19's bulk-load pauses).
 *
 * V8 doubles a Map's table when it fills and moves every entry in that one call: one `set` that
 * crosses 131,072 / 262,144 entries takes ~30 / ~80 ms, and a collection's maps holding an entry
 * per document (its ordinals, a unique-ish index's keys) all double on the same insert, a pause of
 * 200-400 ms for every other connection in a 300,000-document bulk load. Past SPLIT_AT entries this
 * one spreads its entries over SHARDS maps by a hash of the key, so each doubling moves 1/SHARDS of
 * them, and the shards, filling evenly, double on different inserts. Small maps stay one Map.
 *
 * Iteration visits every entry once but, once split, not in insertion order: use it only where the
 * order does not matter. A walk that goes on while the map changes sees what a Map's walk would,
 * except that a key added to a shard already walked is not met (a Map's walk meets every addition).
 */
export class ShardedMap<V> implements Iterable<[string, V]> {
  /**
   * Entries past which the map splits: one move of this many instead of every later doubling. A
   * collection's maps reach it on the same insert (its ordinals, each index's keys), so the moves
   * add up: at 16,384 that insert took 31-100 ms (6 indexes, load ~4), at 4,096 5-26 ms.
   */
  static readonly SPLIT_AT = 4_096;
  static readonly SHARDS = 1 << SHARD_BITS;

  private one: Map<string, V> | null = new Map();
  private shards: Map<string, V>[] | null = null;
  private count = 0;

  get size(): number {
    return this.one ? this.one.size : this.count;
  }

  private shard(key: string): Map<string, V> {
    return this.shards![shardOf(key)];
  }

  get(key: string): V | undefined {
    return this.one ? this.one.get(key) : this.shard(key).get(key);
  }

  has(key: string): boolean {
    return this.one ? this.one.has(key) : this.shard(key).has(key);
  }

  set(key: string, value: V): this {
    if (this.one) {
      this.one.set(key, value);
      if (this.one.size >= ShardedMap.SPLIT_AT) this.split();
      return this;
    }
    const shard = this.shard(key);
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    if (this.one) return this.one.delete(key);
    const removed = this.shard(key).delete(key);
    if (removed) this.count--;
    return removed;
  }

  clear(): void {
    this.one = new Map();
    this.shards = null;
    this.count = 0;
  }

  private split(): void {
    const shards = Array.from({ length: ShardedMap.SHARDS }, () => new Map<string, V>());
    for (const [k, v] of this.one!) shards[shardOf(k)].set(k, v);
    this.count = this.one!.size;
    this.shards = shards;
    this.one = null;
  }

  /** The maps holding the entries now: the one map, or the shards. */
  private maps(): Map<string, V>[] {
    return this.one ? [this.one] : this.shards!;
  }

  // Each walk goes over the maps as they are when it starts: a clear() or split meanwhile ends it
  // with the maps walked so far.
  *entries(): IterableIterator<[string, V]> {
    for (const map of this.maps()) yield* map.entries();
  }

  // Each map's own iterator (no [key, value] pair made per entry): walking the 300,000 keys of a
  // mobile index through entries() took ~50 ms.
  *keys(): IterableIterator<string> {
    for (const map of this.maps()) yield* map.keys();
  }

  *values(): IterableIterator<V> {
    for (const map of this.maps()) yield* map.values();
  }

  /** Calls `fn` with every value: a plain loop over each map, the fastest walk (no generator step per entry). */
  forEachValue(fn: (value: V) => void): void {
    for (const map of this.maps()) for (const v of map.values()) fn(v);
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}

/** The shard of a key: a multiplicative hash of its length and last 8 characters (ids vary there). */
export function shardOf(key: string): number {
  let h = key.length;
  for (let i = Math.max(0, key.length - 8); i < key.length; i++)
    h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1);
  return h >>> (32 - SHARD_BITS);
}
