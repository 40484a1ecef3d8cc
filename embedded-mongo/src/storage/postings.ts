/**
 * Compact posting lists (#19). An index used to hold, for every key, a `Set` of the string ids of
 * the documents holding it: about 25–30 bytes per entry, and the search gram indexes hold tens of
 * millions of entries at province scale. A posting list is instead a sorted `Int32Array` of
 * document ordinals (4 bytes an entry), and a key held by one document stores just its ordinal.
 */

import { PartsArray } from './parts-array';
import { ShardedMap } from './sharded-map';

/** What readers of an index get: the ids of the documents holding a key (a `Set<string>` also is one). */
export interface IdSet extends Iterable<string> {
  readonly size: number;
  has(idKey: string): boolean;
}

/**
 * A small number per live document of a collection, shared by the collection's indexes. Ordinals
 * are handed out in insertion order and never reused, so walking a posting list in ordinal order
 * visits its documents in insertion (natural) order, as iterating the old sets did.
 */
export class DocOrdinals {
  // Sharded: one Map of every document's key would move them all each time it doubled (sharded-map.ts).
  private readonly byKey = new ShardedMap<number>();
  // ordinal → id key; a removed document leaves a hole (8 bytes per document ever inserted). In
  // parts: a plain array grown by push copied every key at once, 35-48 ms at ~171k and ~257k.
  private readonly keys = new PartsArray<string | undefined>();

  get(idKey: string): number | undefined {
    return this.byKey.get(idKey);
  }

  /** The document's ordinal, handing out the next one the first time its id key is seen. */
  ensure(idKey: string): number {
    let ord = this.byKey.get(idKey);
    if (ord === undefined) {
      ord = this.keys.push(idKey);
      this.byKey.set(idKey, ord);
    }
    return ord;
  }

  /** Forgets a removed document (after every index has dropped it). */
  release(idKey: string): void {
    const ord = this.byKey.get(idKey);
    if (ord === undefined) return;
    this.byKey.delete(idKey);
    this.keys.set(ord, undefined);
  }

  key(ord: number): string {
    return this.keys.at(ord)!;
  }

  /** One past the largest ordinal handed out (arrays indexed by ordinal need this many slots). */
  get capacity(): number {
    return this.keys.length;
  }

  clear(): void {
    this.byKey.clear();
    this.keys.clear();
  }
}

/**
 * Lists up to this long are plain arrays of small integers: a typed array carries ~150 bytes of
 * object headers, more than a short list's entries (an organization's three people, say).
 */
const SMALL = 16;
/** Lists shorter than this never get a bitmap (a binary search over them is a few steps). */
const DENSE_MIN = 256;

/** The ordinals of the documents holding one key, ascending; mutated in place by its index. */
export class PostingList implements IdSet {
  private ords: Int32Array | number[];
  private n: number;
  /**
   * A bit per ordinal up to the largest, kept beside the sorted array once a list is dense (an
   * eighth of the ordinals or more, when it costs at most a quarter of the array): membership
   * checks on the common grams of an intersection are then one bit test instead of a binary search.
   */
  private bits: Uint32Array | null = null;

  constructor(
    readonly ordinals: DocOrdinals,
    first: number,
    second: number,
  ) {
    this.ords = first < second ? [first, second] : [second, first];
    this.n = 2;
  }

  get size(): number {
    return this.n;
  }

  has(idKey: string): boolean {
    const ord = this.ordinals.get(idKey);
    return ord !== undefined && this.hasOrdinal(ord);
  }

  hasOrdinal(ord: number): boolean {
    if (this.bits === null && this.n >= DENSE_MIN && this.n * 8 >= this.ords[this.n - 1]) this.buildBits();
    const bits = this.bits;
    if (bits !== null) return ord >>> 5 < bits.length && (bits[ord >>> 5] & (1 << (ord & 31))) !== 0;
    return this.find(ord) >= 0;
  }

  private buildBits(): void {
    const bits = new Uint32Array((this.ords[this.n - 1] >>> 5) + 1);
    for (let i = 0; i < this.n; i++) {
      const o = this.ords[i];
      bits[o >>> 5] |= 1 << (o & 31);
    }
    this.bits = bits;
  }

  private setBit(ord: number): void {
    let bits = this.bits!;
    if (ord >>> 5 >= bits.length) {
      const next = new Uint32Array(Math.max((ord >>> 5) + 1, Math.ceil(bits.length * 1.25)));
      next.set(bits);
      this.bits = bits = next;
    }
    bits[ord >>> 5] |= 1 << (ord & 31);
  }

  keyOf(ord: number): string {
    return this.ordinals.key(ord);
  }

  /** The ordinals, ascending (a copy: callers may write to the index while walking it). */
  ordinalList(): Int32Array | number[] {
    return this.ords.slice(0, this.n);
  }

  /** Position of `ord`, or -(insertion point) - 1 when absent. */
  private find(ord: number): number {
    const a = this.ords;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < ord) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.n && a[lo] === ord ? lo : -lo - 1;
  }

  /** Adds an ordinal (appending is the common case: documents arrive in ordinal order). */
  add(ord: number): void {
    if (this.bits !== null) this.setBit(ord);
    const n = this.n;
    const a = this.ords;
    if (n > 0 && a[n - 1] < ord) {
      if (Array.isArray(a) && n < SMALL) this.ords = inserted(a, n, ord);
      else {
        this.grow();
        this.ords[n] = ord;
      }
      this.n++;
      return;
    }
    const at = this.find(ord);
    if (at >= 0) return;
    const pos = -at - 1;
    if (Array.isArray(a) && n < SMALL) this.ords = inserted(a, pos, ord);
    else {
      this.grow();
      const b = this.ords as Int32Array;
      b.copyWithin(pos + 1, pos, n);
      b[pos] = ord;
    }
    this.n++;
  }

  delete(ord: number): void {
    const at = this.find(ord);
    if (at < 0) return;
    if (this.bits !== null) {
      this.bits[ord >>> 5] &= ~(1 << (ord & 31));
      // Below the density that justified it, the bitmap goes (rebuilt if the list fills up again).
      if (this.n * 16 < this.bits.length * 32) this.bits = null;
    }
    const a = this.ords;
    if (Array.isArray(a)) a.splice(at, 1);
    else {
      a.copyWithin(at, at + 1, this.n);
      // Give memory back when a list shrinks to a quarter of its capacity.
      if (this.n > SMALL && this.n * 4 < a.length) this.ords = a.slice(0, this.n * 2);
    }
    this.n--;
  }

  /** The remaining ordinal of a list of one (its index then stores the number itself). */
  only(): number {
    return this.ords[0];
  }

  /** The i-th smallest ordinal (0 <= i < size). */
  at(i: number): number {
    return this.ords[i];
  }

  /**
   * Gives back the room growing left unused in the typed array (up to a third of it), returning
   * the number of slots given back: for an index built over existing documents, which grows again
   * by half only when written to.
   */
  trimToSize(): number {
    const a = this.ords;
    if (Array.isArray(a) || a.length === this.n) return 0;
    this.ords = a.slice(0, this.n);
    return a.length - this.n;
  }

  /** Makes room for one more entry in the typed array (a small list moves into one here). */
  private grow(): void {
    const a = this.ords;
    if (!Array.isArray(a) && this.n < a.length) return;
    // 1.5x: thousands of mid-sized lists should not carry double their size in slack.
    const next = new Int32Array(Math.max(SMALL * 2, Math.ceil(a.length * 1.5)));
    next.set(a);
    this.ords = next;
  }

  /** A plain iterator object: a generator costs several times more per step on hot intersections. */
  [Symbol.iterator](): Iterator<string> {
    let i = 0;
    // Reads `n` and the array on each step, so removals during a walk are tolerated like a Set's.
    return {
      next: (): IteratorResult<string> =>
        i < this.n
          ? { done: false, value: this.ordinals.key(this.ords[i++]) }
          : { done: true, value: undefined },
    };
  }
}

/**
 * A small list with `ord` inserted at `pos`, in a new array of exactly its length (#19). An array
 * that is pushed to or spliced into grows by half its size plus 16 slots: an organization's three
 * people took a 19-slot array (168 bytes) for three ordinals, ~13 MB over 100,000 organizations.
 * Copying at most 16 entries per insert costs less than the index's other work per key.
 */
function inserted(a: number[], pos: number, ord: number): number[] {
  const out = new Array<number>(a.length + 1);
  for (let i = 0; i < pos; i++) out[i] = a[i];
  out[pos] = ord;
  for (let i = pos; i < a.length; i++) out[i + 1] = a[i];
  return out;
}

/** A key held by one document, as the IdSet its readers expect (made on demand, never stored). */
export class SinglePosting implements IdSet {
  constructor(
    readonly ordinals: DocOrdinals,
    private readonly ord: number,
  ) {}

  get ordinal(): number {
    return this.ord;
  }

  get size(): number {
    return 1;
  }

  has(idKey: string): boolean {
    return this.ordinals.get(idKey) === this.ord;
  }

  *[Symbol.iterator](): Iterator<string> {
    yield this.ordinals.key(this.ord);
  }

  hasOrdinal(ord: number): boolean {
    return ord === this.ord;
  }
}

/**
 * The id keys in `first` and every one of `others`, in `first`'s order. When all are posting
 * lists of one collection the check is on ordinals (a bit test or a binary search), without
 * looking each candidate's id key up: the hot loop of a multi-word search's candidates.
 */
export function* intersectIds(first: IdSet, others: IdSet[]): Generator<string> {
  const lists = others.filter(
    (s): s is PostingList | SinglePosting => s instanceof PostingList || s instanceof SinglePosting,
  );
  if (
    first instanceof PostingList &&
    lists.length === others.length &&
    lists.every((l) => l.ordinals === first.ordinals)
  ) {
    for (const ord of first.ordinalList()) {
      if (lists.every((l) => l.hasOrdinal(ord))) yield first.keyOf(ord);
    }
    return;
  }
  for (const key of first) if (others.every((s) => s.has(key))) yield key;
}

/** A posting slot of an index map: the ordinal itself for a key of one document, else its list. */
export type Posting = number | PostingList;

/** Adds `ord` to the slot, returning the slot to store (a number grows into a list). */
export function addPosting(ordinals: DocOrdinals, slot: Posting | undefined, ord: number): Posting {
  if (slot === undefined) return ord;
  if (typeof slot === 'number') return slot === ord ? slot : new PostingList(ordinals, slot, ord);
  slot.add(ord);
  return slot;
}

/** Removes `ord` from the slot, returning the slot to store, or undefined when it is now empty. */
export function removePosting(slot: Posting, ord: number): Posting | undefined {
  if (typeof slot === 'number') return slot === ord ? undefined : slot;
  slot.delete(ord);
  if (slot.size === 0) return undefined;
  return slot.size === 1 ? slot.only() : slot;
}

/** True when the slot holds the ordinal. */
export function postingHas(slot: Posting, ord: number): boolean {
  return typeof slot === 'number' ? slot === ord : slot.hasOrdinal(ord);
}

/** Some ordinal of a slot (every ordinal of a first-field slot shares one rank: see SortRanks). */
export function anyOrdinal(slot: Posting): number {
  return typeof slot === 'number' ? slot : slot.only();
}

/** Calls `fn` with each ordinal of a slot, ascending. */
export function forEachOrdinal(slot: Posting, fn: (ord: number) => void): void {
  if (typeof slot === 'number') fn(slot);
  else for (let i = 0, n = slot.size; i < n; i++) fn(slot.at(i));
}

/**
 * The ordinals of the documents in every one of `sets`, ascending: the candidates of a sorted read
 * by rank (see SortRanks), with no id key looked up when the lists are postings of `ordinals`
 * (the search grams' case); other sets (an `_id` list, a union) are checked by id key.
 */
export function intersectOrdinals(ordinals: DocOrdinals, sets: IdSet[]): Int32Array {
  const sorted = [...sets].sort((a, b) => a.size - b.size);
  const first = sorted[0];
  const fast: Array<PostingList | SinglePosting> = [];
  const slow: IdSet[] = [];
  for (const s of sorted.slice(1)) {
    if ((s instanceof PostingList || s instanceof SinglePosting) && s.ordinals === ordinals) fast.push(s);
    else slow.push(s);
  }
  let source: Int32Array | number[];
  if (first instanceof PostingList && first.ordinals === ordinals) {
    // A copy: the caller reads it after checking documents, and nothing may change it meanwhile.
    source = first.ordinalList();
    if (fast.length === 0 && slow.length === 0) {
      return source instanceof Int32Array ? source : Int32Array.from(source);
    }
  } else if (first instanceof SinglePosting && first.ordinals === ordinals) source = [first.ordinal];
  else {
    source = [];
    for (const key of first) {
      const ord = ordinals.get(key);
      if (ord !== undefined) source.push(ord);
    }
    source.sort((a, b) => a - b);
  }
  const out = new Int32Array(source.length);
  let n = 0;
  next: for (let i = 0; i < source.length; i++) {
    const ord = source[i];
    for (let j = 0; j < fast.length; j++) if (!fast[j].hasOrdinal(ord)) continue next;
    if (slow.length > 0) {
      const key = ordinals.key(ord);
      for (let j = 0; j < slow.length; j++) if (!slow[j].has(key)) continue next;
    }
    out[n++] = ord;
  }
  return out.subarray(0, n);
}

export function postingView(ordinals: DocOrdinals, slot: Posting): IdSet {
  return typeof slot === 'number' ? new SinglePosting(ordinals, slot) : slot;
}
