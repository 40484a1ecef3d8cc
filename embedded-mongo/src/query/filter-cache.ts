/**
 * Compiled filters by a key naming their exact value (#19). A filter enters the cache the second
 * time its key is seen, not the first: a filter that never comes back would only push the
 * repeating ones out, and what the cache holds lives long enough to be promoted to the old
 * generation, where it stays as garbage until the next full collection.
 *
 * The one-off filter is common: every signed-in request's session read carries the time it was
 * made (`expiresAt: { $gt: now }`). At 1,500 requests a second each of them was compiled, cached,
 * and cleared with the whole map every 1,000 of them (taking the searches' filters along). The
 * database thread's heap then grew by ~80 MB of such filters in 20 s (sampled with the heap
 * profiler keeping objects only a full collection frees). Now they are compiled and dropped at
 * once, within the young generation.
 *
 * Keys seen once are remembered by a 30-bit hash (a small integer, stored in the set as it is):
 * a collision only admits a filter one sighting early.
 */
export class FilterCache<P> {
  private readonly compiled = new Map<string, P>();
  private readonly seenOnce = new Set<number>();

  constructor(
    private readonly maxCompiled = 1000,
    private readonly maxSeen = 4096,
  ) {}

  /** The cached value for `key`, else `compile()`'s, cached if `key` was seen before. */
  get(key: string, compile: () => P): P {
    const found = this.compiled.get(key);
    if (found !== undefined) return found;
    const value = compile();
    const h = hash30(key);
    if (!this.seenOnce.has(h)) {
      // Whole-set eviction, as for the cache below: one-off keys past this many are not worth
      // remembering one by one.
      if (this.seenOnce.size >= this.maxSeen) this.seenOnce.clear();
      this.seenOnce.add(h);
      return value;
    }
    this.seenOnce.delete(h);
    // Whole-map eviction: simple, and a working set larger than this is not a repeating one.
    if (this.compiled.size >= this.maxCompiled) this.compiled.clear();
    this.compiled.set(key, value);
    return value;
  }

  /** Filters held (for tests). */
  get size(): number {
    return this.compiled.size;
  }
}

/** FNV-1a over the key's UTF-16 code units, cut to 30 bits so it stays a small integer. */
function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
