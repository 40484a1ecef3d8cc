/** Slots per part: one part is allocated (8 KB) whenever the indexes pass a multiple. */
export const PART_BITS = 10;
export const PART = 1 << PART_BITS;

/** What a part is: a plain array, or a typed array for numbers (see DocLocations). */
export interface Part<T> {
  [i: number]: T;
  readonly length: number;
  slice(): Part<T>;
}

/** The first part grows as it fills (most collections are small); the others hold PART at once. */
const plainPart = <T>(p: number): T[] => (p === 0 ? [] : new Array<T>(PART));

/**
 * An array indexed by a collection's ordinals that never moves its slots (#19's bulk-load pauses).
 *
 * A plain array grown by push is copied whole each time V8 grows its backing store by half: with
 * an entry per document, one insert near 171,000 or 257,000 documents then copies them all (35-48
 * ms traced at directory scale). Here the slots live in parts of PART, one more allocated when an
 * index passes the last; only the small list of parts (one entry per PART slots) is ever copied.
 * A part can be dropped when none of its slots will be read again (its slots then read undefined).
 * Slots are set in order (ordinals are handed out in order), which the first part relies on.
 */
export class PartsArray<T, P extends Part<T> = T[]> {
  private parts: (P | null)[] = [];
  private n = 0;
  /** Bumped by fork(): a part last made this array's own in an earlier epoch is copied before a write. */
  private epoch = 0;
  /** Per part, the epoch it was allocated or copied in. */
  private owned: number[] = [];
  private readonly newPart: (p: number) => P;

  /** `newPart` makes part p's storage; plain arrays by default. */
  constructor(newPart?: (p: number) => P) {
    this.newPart = newPart ?? (plainPart as unknown as (p: number) => P);
  }

  /** One past the largest index set. */
  get length(): number {
    return this.n;
  }

  /** How many parts the indexes so far span (part p holds indexes p * PART up to (p + 1) * PART). */
  get partCount(): number {
    return this.parts.length;
  }

  at(i: number): T | undefined {
    const part = this.parts[i >>> PART_BITS];
    return part ? part[i & (PART - 1)] : undefined;
  }

  set(i: number, value: T): void {
    const p = i >>> PART_BITS;
    let part = this.parts[p];
    if (!part) part = this.allocate(p);
    else if (this.owned[p] !== this.epoch) part = this.own(p, part);
    part[i & (PART - 1)] = value;
    if (i >= this.n) this.n = i + 1;
  }

  /** Sets the slot after the last one and returns its index. */
  push(value: T): number {
    const i = this.n;
    this.set(i, value);
    return i;
  }

  /** Part p's slots, to walk them without a lookup per slot; null when not allocated or dropped. */
  part(p: number): P | null {
    return this.parts[p] ?? null;
  }

  /** Frees part p (none of its slots will be read again): they read undefined from now on. */
  drop(p: number): void {
    if (p < this.parts.length) this.parts[p] = null;
  }

  clear(): void {
    this.parts = [];
    this.owned = [];
    this.n = 0;
  }

  /**
   * A copy of the array as it stands now, in one step whatever its size (#19): the two share
   * their parts, and either copies a part (PART slots, a few microseconds) before writing to it.
   * What a snapshot holds of a collection: copying every slot held the event loop 45-55 ms at
   * 300,000 documents.
   */
  fork(): PartsArray<T, P> {
    const out = new PartsArray<T, P>(this.newPart);
    out.parts = this.parts.slice();
    out.n = this.n;
    // `out` owns no part yet (its epoch matches none), and this array owns none from here on.
    this.epoch++;
    return out;
  }

  private own(p: number, part: P): P {
    const copy = part.slice() as P;
    this.parts[p] = copy;
    this.owned[p] = this.epoch;
    return copy;
  }

  private allocate(p: number): P {
    while (this.parts.length < p) this.parts.push(null);
    const part = this.newPart(p);
    this.parts[p] = part;
    this.owned[p] = this.epoch;
    return part;
  }
}
