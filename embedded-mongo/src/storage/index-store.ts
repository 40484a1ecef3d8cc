import { Long, ObjectId } from 'mongodb';
import { performance } from 'node:perf_hooks';
import type BTree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad';
import { canonicalTypeRank, compareBson, hashKey, pathValues } from '../query/bson-order';
import { parseCollation, type Collation } from '../query/collation';
import { compileFilter } from '../query/mingo-context';
import { MongoCommandError } from '../errors';
import { CompoundOrder, type CompoundKey } from './key-order';
import { ShardedMap } from './sharded-map';
import {
  addPosting,
  anyOrdinal,
  DocOrdinals,
  forEachOrdinal,
  postingHas,
  postingView,
  removePosting,
  SinglePosting,
  type IdSet,
  type Posting,
} from './postings';
import { onNextTurn } from '../turns';

type Doc = Record<string, unknown>;

export interface IndexSpec {
  v?: number;
  key: Record<string, unknown>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  [option: string]: unknown;
}

export interface IndexKey {
  key: string;
  values: unknown[];
}

/** A first-field value in the ordered structure; `h` (its hash) breaks ties between collation-equal values. */
export interface OrderedKey {
  v: unknown;
  h: string;
}

/** One end of a range over the first indexed field. */
export interface RangeBound {
  value: unknown;
  inclusive: boolean;
}

/**
 * An index: a hash map from the full index key to the documents holding it (unique checks,
 * equality; none when `keyedById`), plus a B+ tree over the first field's values in BSON order
 * (under the index's collation), for range scans and sorted walks. Documents are held as ordinals
 * shared with the collection's other indexes (see postings.ts): a key of one document stores the
 * number itself, a key of several a sorted array of them; readers get IdSets of id keys.
 */
export class IndexStore {
  readonly spec: IndexSpec;
  readonly fields: string[];
  /** The index's collation (null: binary); string keys are folded by it. */
  readonly collation: Collation | null;
  // Sharded: a unique-ish index holds a key per document, and one Map of them would move them all
  // each time it doubled (sharded-map.ts); so for the compound prefix and the first values.
  // Empty when keyedById: each full key there is one document's.
  private readonly entries = new ShardedMap<Posting>();
  /**
   * A non-unique compound index with `_id` among its fields (`{ name: 1, _id: 1 }`, the usual
   * tie-breaker for a stable page order): each full key names one document, so the index keeps no
   * full-key map (149 bytes a document for a name key at 100,000 documents, #19). Its ordered full
   * keys (compoundOrder) still serve sorted walks; an equality on every field is answered through
   * `_id` instead (see `lookup`). A unique one keeps the map: under a collation, two string `_id`s
   * can fold to one key, and mongod rejects the second.
   */
  readonly keyedById: boolean;
  // Compound indexes only: hash of the first field's value → ids, for equality on a key prefix.
  private readonly prefix: ShardedMap<Posting> | null;
  private readonly partial: ((doc: Doc) => boolean) | null;
  /**
   * Built on the first range or sorted read, then kept up to date: an index only ever used for
   * equality (a unique email, say) never pays for ordering its keys on each write.
   */
  // Values are unused: a walk reads each key's posting from the first-field map (its slot changes
  // between a number and a list as documents come and go).
  private orderedTree: BTree<OrderedKey, true> | null = null;
  /**
   * First-field hash → its value, so the tree can be built from the maps when first needed; only
   * for values the hash does not give back (see firstValue): a string whose hash is itself (no
   * collation, or one that leaves it as it is, as Chinese text), an ObjectId or a Date is read from
   * the hash. A map entry and a copy of the value for every name, gram and organization id
   * otherwise (#19).
   */
  private readonly firstValues = new ShardedMap<unknown>();
  private readonly compareKeys: (a: OrderedKey, b: OrderedKey) => number;
  private readonly strKey: ((s: string) => string) | undefined;
  /** Compound indexes: the full keys in order, built on the first read that needs it (see compoundOrder). */
  private fullOrder: CompoundOrder | null = null;
  /**
   * The first field's order as a number per document ordinal (see sortRanks): built on the first
   * sorted read that wants it, then kept up to date by writes; null when not built or exhausted.
   */
  private ranks: Float64Array | null = null;

  /**
   * `ordinals` is shared by the indexes of one collection (CollectionStore.docOrdinals), which
   * releases a document's ordinal once every index has removed it; an index made on its own (a
   * test's reference copy) gets a registry of its own.
   */
  constructor(
    spec: IndexSpec,
    private readonly ordinals: DocOrdinals = new DocOrdinals(),
  ) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.prefix = this.fields.length > 1 ? new ShardedMap() : null;
    this.keyedById = this.fields.length > 1 && this.fields.includes('_id') && !this.unique;
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
    this.collation = parseCollation(spec.collation);
    this.strKey = this.collation?.key;
    const strCmp = this.collation?.compare;
    this.compareKeys = (a, b) => {
      // Two strings (most keys): straight to the collator, as compareBson would go.
      const c =
        typeof a.v === 'string' && typeof b.v === 'string'
          ? strCmp
            ? strCmp(a.v, b.v)
            : a.v < b.v
              ? -1
              : a.v > b.v
                ? 1
                : 0
          : compareBson(a.v, b.v, strCmp);
      if (c !== 0) return c;
      return a.h < b.h ? -1 : a.h > b.h ? 1 : 0;
    };
  }

  private get ordered(): BTree<OrderedKey, true> {
    if (!this.orderedTree && this.orderRun) {
      // Needed now: a background build under way (see buildOrderInBackground) is finished at once.
      const run = this.orderRun;
      while (!run.next().done);
    }
    if (!this.orderedTree) {
      const keys: OrderedKey[] = [];
      for (const h of this.firstMap.keys()) keys.push({ v: this.firstValue(h), h });
      this.orderedTree = this.loadSorted(keys.sort(this.compareKeys));
    }
    return this.orderedTree;
  }

  /** True once the first field's keys are ordered (sorted reads and ranges need no build). */
  get orderReady(): boolean {
    return this.orderedTree !== null;
  }

  /**
   * Keys added or removed while a background build of the order runs (every value each hash had),
   * so the build can bring its tree up to date when it installs it; null when none runs.
   */
  private orderBuild: Map<string, unknown[]> | null = null;
  /** The background build's remaining steps. */
  private orderRun: Generator<void> | null = null;

  /**
   * Orders the first field's keys in slices of about `sliceMs` between other work (#19): sorting
   * 100,000 names is 1.7 million collator comparisons, 0.5 s of one thread at once. Writes
   * meanwhile are noted and applied when the tree is installed; a read that needs the order
   * before then (`ordered`) finishes the build at once, keeping what the slices did.
   */
  buildOrderInBackground(sliceMs = ORDER_SLICE_MS): void {
    if (this.orderedTree || this.orderBuild) return;
    const touched = new Map<string, unknown[]>();
    this.orderBuild = touched;
    const steps = this.orderSteps(touched);
    this.orderRun = steps;
    const slice = (): void => {
      // Finished by a read, or the index was cleared.
      if (this.orderRun !== steps) return;
      const end = performance.now() + sliceMs;
      do {
        if (steps.next().done) return;
      } while (performance.now() < end);
      onNextTurn(slice);
    };
    onNextTurn(slice);
  }

  private *orderSteps(touched: Map<string, unknown[]>): Generator<void> {
    // A live walk of the keys: one removed and added again meanwhile may be met twice (loadSorted
    // keeps one), and every key added or removed meanwhile is in `touched` as well.
    const keys: OrderedKey[] = [];
    let since = 0;
    for (const h of this.firstMap.keys()) {
      keys.push({ v: this.firstValue(h), h });
      if (++since === 2048) {
        since = 0;
        yield;
      }
    }
    const sorted = yield* mergeSort(keys, this.compareKeys);
    const tree = this.loadSorted(sorted);
    yield;
    for (const [h, values] of touched) {
      for (const v of values) tree.delete({ v, h });
      if (this.firstMap.has(h)) tree.set({ v: this.firstValue(h), h }, true);
    }
    this.orderedTree = tree;
    this.orderBuild = null;
    this.orderRun = null;
    // The ranks a search reads by (a walk of the tree, ~0.1 s at 100,000 keys), in a slice of
    // their own rather than in the first search.
    onNextTurn(() => {
      if (this.orderedTree === tree && !this.ranks) this.sortRanks();
    });
  }

  /** The first field's keys: the compound prefix map, or the entries of a single-field index. */
  private get firstMap(): ShardedMap<Posting> {
    return this.prefix ?? this.entries;
  }

  /** A first-field key's value: kept in firstValues, or read back from its hash. */
  private firstValue(h: string): unknown {
    if (this.firstValues.has(h)) return this.firstValues.get(h);
    switch (h[0]) {
      case 's':
        return h.slice(1);
      case 'o':
        return ObjectId.createFromHexString(h.slice(1));
      default: // 'd': fromHash keeps every other kind of value
        return new Date(Number(h.slice(1)));
    }
  }

  /** A tree of keys already sorted (a key met twice is kept once): loaded level by level. */
  private loadSorted(sorted: OrderedKey[]): BTree<OrderedKey, true> {
    // Keys of one hash compare equal, so a key met twice lies next to itself.
    const keys = sorted.filter((k, i) => i === 0 || k.h !== sorted[i - 1].h);
    // bulkLoad checks the order with a comparison per key (a collator one): known sorted here.
    let loading = true;
    const compare = (a: OrderedKey, b: OrderedKey): number => (loading ? -1 : this.compareKeys(a, b));
    const tree = bulkLoad<OrderedKey, true>(
      keys,
      keys.map(() => true as const),
      32,
      compare,
    );
    loading = false;
    return tree;
  }

  /** The documents holding a first-field hash, as an IdSet (empty if none). */
  private firstPosting(h: string): IdSet {
    const slot = this.firstMap.get(h);
    return slot === undefined ? NO_IDS : postingView(this.ordinals, slot);
  }

  /**
   * A full key's documents as a view that reads the slot on each use: the compound order keeps one
   * per key, while the slot itself changes between a number and a list.
   */
  private entryView(h: string): IdSet {
    const current = (): IdSet => {
      const slot = this.entries.get(h);
      return slot === undefined ? NO_IDS : postingView(this.ordinals, slot);
    };
    return {
      get size() {
        return current().size;
      },
      has: (idKey) => current().has(idKey),
      [Symbol.iterator]: () => current()[Symbol.iterator](),
    };
  }

  /** The hash of one indexed value under this index's collation. */
  valueKey(v: unknown): string {
    return hashKey(v, this.strKey);
  }

  /** The sets of ids of the first-field values inside the range, in ascending (or descending) order. */
  *range(low: RangeBound | null, high: RangeBound | null, descending = false): Generator<[unknown, IdSet]> {
    const strCmp = this.collation?.compare;
    if (!descending) {
      const start = low ? { v: low.value, h: '' } : undefined;
      for (const [k] of this.ordered.entries(start)) {
        if (low && !low.inclusive && compareBson(k.v, low.value, strCmp) === 0) continue;
        if (high) {
          const c = compareBson(k.v, high.value, strCmp);
          if (c > 0 || (c === 0 && !high.inclusive)) return;
        }
        yield [k.v, this.firstPosting(k.h)];
      }
      return;
    }
    // '\uffff' sorts after every hash, so the walk starts at the last entry equal to the bound.
    const start = high ? { v: high.value, h: '\uffff' } : undefined;
    for (const [k] of this.ordered.entriesReversed(start)) {
      if (high && !high.inclusive && compareBson(k.v, high.value, strCmp) === 0) continue;
      if (low) {
        const c = compareBson(k.v, low.value, strCmp);
        if (c < 0 || (c === 0 && !low.inclusive)) return;
      }
      yield [k.v, this.firstPosting(k.h)];
    }
  }

  /** True when the type bracket of `v` can be bounded in the ordered structure (see rangeFloor). */
  static boundable(v: unknown): boolean {
    return rangeFloor(v) !== undefined;
  }

  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** Every key this document contributes: one per combination of array elements (multikey). */
  keysFor(doc: Doc): IndexKey[] {
    if (this.partial && !this.partial(doc)) return [];
    if (this.fields.length === 1) return this.singleFieldKeys(doc);
    const perField = this.fields.map((f, i) => {
      const found = pathValues(doc, f);
      if (found.length > 1 || found.some((v) => Array.isArray(v))) this.multikeyFields[i] = true;
      const vals = found.flatMap((v) => (Array.isArray(v) ? (v.length ? v : [undefined]) : [v]));
      return dedupe(vals.length ? vals : [undefined], this.strKey);
    });
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    let combos: unknown[][] = [[]];
    for (const vals of perField) combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
    return combos.map((values) => ({ key: values.map((v) => this.valueKey(v)).join('\u0000'), values }));
  }

  /**
   * keysFor of a single-field index without the combination step: each value hashed once. Most
   * postings come from single-field multikey indexes (search grams), and rebuilding them is most
   * of a restart.
   */
  private singleFieldKeys(doc: Doc): IndexKey[] {
    const out: IndexKey[] = [];
    const seen = new Set<string>();
    const push = (v: unknown): void => {
      const key = this.valueKey(v);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ key, values: [v] });
    };
    for (const v of pathValues(doc, this.fields[0])) {
      if (!Array.isArray(v)) push(v);
      else if (v.length === 0) push(undefined);
      else for (const x of v) push(x);
    }
    if (out.length === 0) push(undefined);
    if (this.spec.sparse && out.every((k) => k.values[0] === undefined)) return [];
    return out;
  }

  /** The documents holding a full key; not for a keyedById index, which holds no full-key map. */
  lookup(key: string): IdSet | undefined {
    if (this.keyedById) throw new Error(`lookup on ${this.spec.name}, which keeps no full keys`);
    const slot = this.entries.get(key);
    return slot === undefined ? undefined : postingView(this.ordinals, slot);
  }

  /**
   * Ids of the documents whose first indexed field holds `value` (hashable scalars only): the
   * posting list itself for a single-field index, the prefix list for a compound one.
   */
  postings(value: unknown): IdSet | undefined {
    const slot = this.firstMap.get(this.valueKey(value));
    return slot === undefined ? undefined : postingView(this.ordinals, slot);
  }

  /** Adds to the first-field map (the compound prefix map, or the entries of a single-field index). */
  private addFirst(key: string, value: unknown, ord: number): void {
    const map = this.firstMap;
    const slot = map.get(key);
    if (slot === undefined) {
      map.set(key, ord);
      if (!fromHash(key, value)) this.firstValues.set(key, value);
      this.noteTouched(key, value);
      const k = { v: value, h: key };
      this.orderedTree?.set(k, true);
      if (this.ranks) this.rankNewKey(k, ord);
      return;
    }
    if (this.ranks) this.setRank(ord, this.ranks[anyOrdinal(slot)]);
    const next = addPosting(this.ordinals, slot, ord);
    if (next !== slot) map.set(key, next);
  }

  /**
   * Ranks are spaced this far apart when built, so a key inserted later takes the midpoint of its
   * neighbours' ranks: about 40 insertions into one gap before a double runs out of precision.
   */
  private static readonly RANK_GAP = 1024;

  /** A new first-field key's rank: between its neighbours in the ordered tree (the tree holds it). */
  private rankNewKey(k: OrderedKey, ord: number): void {
    const tree = this.orderedTree!;
    const map = this.firstMap;
    const rankOf = (nk: OrderedKey | undefined): number | undefined => {
      const slot = nk && map.get(nk.h);
      return slot === undefined ? undefined : this.ranks![anyOrdinal(slot)];
    };
    const low = rankOf(tree.nextLowerKey(k));
    const high = rankOf(tree.nextHigherKey(k));
    const gap = IndexStore.RANK_GAP;
    const r =
      low === undefined
        ? high === undefined
          ? 0
          : high - gap
        : high === undefined
          ? low + gap
          : low + (high - low) / 2;
    if ((low !== undefined && !(r > low)) || (high !== undefined && !(r < high))) {
      // No double left between the neighbours (keys inserted one after another into one gap, as a
      // sorted import does, halve it each time): spread the keys around it out again.
      this.respread(k);
      return;
    }
    this.setRank(ord, r);
  }

  /**
   * Gives the keys around `k` (the new key among them) evenly spaced ranks between the ranks of
   * the keys just outside them, widening the window until each gets a comfortable share (about
   * 2^-30 of the ranks' size, room for ~20 more halvings); past a sixteenth of the keys, the ranks
   * are dropped and renumbered on the next sorted read instead.
   */
  private respread(k: OrderedKey): void {
    const tree = this.orderedTree!;
    const map = this.firstMap;
    const ranks = this.ranks!;
    const rankOf = (key: OrderedKey): number => ranks[anyOrdinal(map.get(key.h)!)];
    for (let half = 16; half <= Math.max(16, tree.size / 32); half *= 4) {
      const below: OrderedKey[] = [];
      for (const [key] of tree.entriesReversed(k)) {
        if (key !== k && key.h !== k.h) below.push(key);
        if (below.length > half) break;
      }
      const above: OrderedKey[] = [];
      for (const [key] of tree.entries(k)) {
        if (key !== k && key.h !== k.h) above.push(key);
        if (above.length > half) break;
      }
      // The last of each list (when it got that far) stays put: it bounds the window.
      const lowOut = below.length > half ? below.pop() : undefined;
      const highOut = above.length > half ? above.pop() : undefined;
      const window = [...below.reverse(), k, ...above];
      const n = window.length + 1;
      const gap = IndexStore.RANK_GAP;
      const outLow = lowOut ? rankOf(lowOut) : undefined;
      const outHigh = highOut ? rankOf(highOut) : undefined;
      const lo = outLow ?? (outHigh ?? 0) - n * gap;
      const hi = outHigh ?? lo + n * gap;
      const step = (hi - lo) / n;
      if (!(step > Math.max(1, Math.abs(lo), Math.abs(hi)) * 2 ** -30)) continue;
      window.forEach((key, i) => {
        const r = lo + (i + 1) * step;
        forEachOrdinal(map.get(key.h)!, (o) => this.setRank(o, r));
      });
      return;
    }
    this.ranks = null;
  }

  private setRank(ord: number, r: number): void {
    let ranks = this.ranks!;
    if (ord >= ranks.length) {
      const next = new Float64Array(Math.max(ord + 1, Math.ceil(ranks.length * 1.25) + 64));
      next.set(ranks);
      this.ranks = ranks = next;
    }
    ranks[ord] = r;
  }

  /**
   * The first field's order as one number per document ordinal: documents sharing a first-field
   * key (collation-equal values) share a rank, and ranks ascend with the key's place in the
   * ordered tree (BSON order under the index's collation, missing and null first). A sorted read
   * then orders its candidates by comparing numbers instead of walking the tree with collator
   * comparisons and an id-key lookup per entry (#19: a name search at 100,000 organizations
   * walked thousands of entries at several µs each). Null for a multikey index, where a document
   * sits under several keys and sorts by one of them. Built on first use (one pass over the
   * ordered keys), then maintained: a new key takes the midpoint of its neighbours' ranks, a
   * removed document's stale slot is never read (candidates come from live postings), and a gap
   * out of precision drops the ranks to be renumbered on the next read.
   */
  /** True once sortRanks has built the ranks (and writes have kept them). */
  get hasSortRanks(): boolean {
    return this.ranks !== null;
  }

  sortRanks(): Float64Array | null {
    if (this.multikey) {
      this.ranks = null;
      return null;
    }
    if (!this.ranks) {
      const ranks = new Float64Array(this.ordinals.capacity + 64);
      const map = this.firstMap;
      let r = 0;
      for (const [k] of this.ordered.entries()) {
        const slot = map.get(k.h);
        if (slot === undefined) continue;
        forEachOrdinal(slot, (ord) => (ranks[ord] = r));
        r += IndexStore.RANK_GAP;
      }
      this.ranks = ranks;
    }
    return this.ranks;
  }

  /**
   * The rank of the first key at or above `v` in the index's order (BSON order under its
   * collation), Infinity when every key is below it: a document ranked lower holds a smaller
   * first-field value. Only once sortRanks has built the ranks.
   */
  rankAtLeast(v: unknown): number {
    const ranks = this.ranks;
    if (!ranks) throw new Error('rankAtLeast before sortRanks');
    const map = this.firstMap;
    // '' sorts before every hash: the first key whose value compares equal or greater.
    for (const [k] of this.ordered.entries({ v, h: '' })) {
      const slot = map.get(k.h);
      if (slot !== undefined) return ranks[anyOrdinal(slot)];
    }
    return Infinity;
  }

  private removeFirst(key: string, value: unknown, ord: number): void {
    const map = this.firstMap;
    const slot = map.get(key);
    if (slot === undefined) return;
    const next = removePosting(slot, ord);
    if (next === undefined) {
      map.delete(key);
      this.firstValues.delete(key);
      this.noteTouched(key, value);
      this.orderedTree?.delete({ v: value, h: key });
    } else if (next !== slot) map.set(key, next);
  }

  /**
   * True once any document held more than one key (an array value): like mongod's multikey flag
   * it never resets, and it stops the planner from combining two bounds into one interval.
   */
  multikey = false;

  /**
   * Per field of the index: true once some document held an array (or several values) there.
   * Like mongod's multikey paths: a multikey field can be matched by equality in an index prefix,
   * but cannot give a sort order (a document sorts by one element, yet sits under each).
   */
  readonly multikeyFields: boolean[] = [];

  add(idKey: string, keys: IndexKey[]): void {
    if (keys.length > 1) this.noteMultikey(keys);
    const ord = this.ordinals.ensure(idKey);
    if (this.prefix) {
      for (const { key, values } of keys) this.addEntry(key, values, ord);
      for (const [p, v] of this.prefixKeys(keys)) this.addFirst(p, v, ord);
    } else for (const { key, values } of keys) this.addFirst(key, values[0], ord);
  }

  remove(idKey: string, keys: IndexKey[]): void {
    const ord = this.ordinals.get(idKey);
    if (ord === undefined) return;
    if (this.prefix) {
      for (const { key, values } of keys) this.removeEntry(key, values, ord);
      for (const [p, v] of this.prefixKeys(keys)) this.removeFirst(p, v, ord);
    } else for (const { key, values } of keys) this.removeFirst(key, values[0], ord);
  }

  private prefixKeys(keys: IndexKey[]): Map<string, unknown> {
    return new Map(keys.map((k) => [this.valueKey(k.values[0]), k.values[0]]));
  }

  /** Moves a document from its old keys to its new ones, touching only the keys that changed. */
  update(idKey: string, before: IndexKey[], after: IndexKey[]): void {
    if (after.length > 1) this.noteMultikey(after);
    const ord = this.ordinals.ensure(idKey);
    const oldKeys = new Map(before.map((k) => [k.key, k.values]));
    const newKeys = new Map(after.map((k) => [k.key, k.values]));
    if (!this.prefix) {
      for (const [k, v] of oldKeys) if (!newKeys.has(k)) this.removeFirst(k, v[0], ord);
      for (const [k, v] of newKeys) if (!oldKeys.has(k)) this.addFirst(k, v[0], ord);
      return;
    }
    for (const [k, v] of oldKeys) if (!newKeys.has(k)) this.removeEntry(k, v, ord);
    for (const [k, v] of newKeys) if (!oldKeys.has(k)) this.addEntry(k, v, ord);
    const oldP = this.prefixKeys(before);
    const newP = this.prefixKeys(after);
    for (const [k, v] of oldP) if (!newP.has(k)) this.removeFirst(k, v, ord);
    for (const [k, v] of newP) if (!oldP.has(k)) this.addFirst(k, v, ord);
  }

  private noteTouched(h: string, v: unknown): void {
    if (!this.orderBuild) return;
    const values = this.orderBuild.get(h);
    if (values) values.push(v);
    else this.orderBuild.set(h, [v]);
  }

  clear(): void {
    this.entries.clear();
    this.prefix?.clear();
    this.firstValues.clear();
    this.orderBuild = null;
    this.orderRun = null;
    this.orderedTree = null;
    this.fullOrder = null;
    this.ranks = null;
  }

  /**
   * Trims every posting list to its size (PostingList.trimToSize) once the index is built over a
   * collection's documents: ~15 MB of spare room at 400,000 documents (#19). Returns the slots
   * given back.
   */
  trimPostings(): number {
    let slots = 0;
    for (const map of [this.entries, this.prefix]) {
      if (!map) continue;
      map.forEachValue((slot) => {
        if (typeof slot !== 'number') slots += slot.trimToSize();
      });
    }
    return slots;
  }

  /** Sets `multikey`, and `multikeyFields` where the keys hold more than one value of a field. */
  private noteMultikey(keys: IndexKey[]): void {
    this.multikey = true;
    for (let i = 0; i < this.fields.length; i++) {
      if (this.multikeyFields[i]) continue;
      const first = keys[0].values[i];
      if (keys.some((k) => compareBson(k.values[i], first) !== 0)) this.multikeyFields[i] = true;
    }
  }

  /** Compound indexes: one more document under a full key (a new key joins the ordered keys). */
  private addEntry(key: string, values: unknown[], ord: number): void {
    if (this.keyedById) {
      this.fullOrder?.add(key, values, new SinglePosting(this.ordinals, ord));
      return;
    }
    const slot = this.entries.get(key);
    const next = addPosting(this.ordinals, slot, ord);
    if (next === slot) return;
    this.entries.set(key, next);
    if (slot === undefined) this.fullOrder?.add(key, values, this.entryView(key));
  }

  private removeEntry(key: string, values: unknown[], ord: number): void {
    if (this.keyedById) {
      this.fullOrder?.delete(key, values);
      return;
    }
    const slot = this.entries.get(key);
    if (slot === undefined) return;
    const next = removePosting(slot, ord);
    if (next === undefined) {
      this.entries.delete(key);
      this.fullOrder?.delete(key, values);
    } else if (next !== slot) this.entries.set(key, next);
  }

  /**
   * The full keys of this compound index in index order, built from `docs` (the collection's
   * documents, which are what the index holds) on first use and maintained by every later write;
   * null for single-field indexes and indexes with a non-numeric direction (text, hashed, 2d).
   * Only indexes that serve an equality-prefix sort pay for it.
   */
  compoundOrder(docs: Iterable<[string, Doc]>): CompoundOrder | null {
    if (!this.prefix) return null;
    const dirs = this.fields.map((f) => this.spec.key[f]);
    if (!dirs.every((d) => d === 1 || d === -1)) return null;
    if (!this.fullOrder) {
      const pairs: Array<[CompoundKey, IdSet]> = [];
      if (this.keyedById) {
        // A document is in the index (not one a build has still to add) when its prefix holds it.
        for (const [idKey, doc] of docs) {
          const ord = this.ordinals.get(idKey);
          if (ord === undefined) continue;
          for (const { key, values } of this.keysFor(doc)) {
            const slot = this.prefix.get(this.valueKey(values[0]));
            if (slot !== undefined && postingHas(slot, ord))
              pairs.push([{ v: values, h: key }, new SinglePosting(this.ordinals, ord)]);
          }
        }
      } else {
        const seen = new Map<string, unknown[]>();
        for (const [, doc] of docs) for (const { key, values } of this.keysFor(doc)) seen.set(key, values);
        for (const [key, values] of seen) {
          if (this.entries.has(key)) pairs.push([{ v: values, h: key }, this.entryView(key)]);
        }
      }
      this.fullOrder = new CompoundOrder(dirs as Array<1 | -1>, this.collation?.compare, pairs);
    }
    return this.fullOrder;
  }

  /** The index's direction on each field (1 or -1; 0 for text, hashed and other special kinds). */
  get directions(): number[] {
    return this.fields.map((f) => {
      const d = this.spec.key[f];
      return d === 1 || d === -1 ? d : 0;
    });
  }

  /** Throws mongod's duplicate key error if another document already holds one of these keys. */
  assertUnique(ns: string, idKey: string, keys: IndexKey[]): void {
    if (!this.unique) return;
    const own = this.ordinals.get(idKey);
    for (const { key, values } of keys) {
      const holders = this.entries.get(key);
      if (holders === undefined) continue;
      const other = typeof holders === 'number' ? holders !== own : holders.size > 1 || !holders.has(idKey);
      if (other) throw this.duplicateError(ns, values);
    }
  }

  duplicateError(ns: string, values: unknown[]): MongoCommandError {
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => (keyValue[f] = values[i] === undefined ? null : values[i]));
    const shown = this.fields.map((f, i) => `${f}: ${formatValue(values[i])}`).join(', ');
    return new MongoCommandError(
      11000,
      `E11000 duplicate key error collection: ${ns} index: ${this.spec.name} dup key: { ${shown} }`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }
}

const NO_IDS: IdSet = new Set<string>();

/** True when firstValue reads `v` back from its hash `h` (so it need not be kept). */
function fromHash(h: string, v: unknown): boolean {
  if (typeof v === 'string') return h.length === v.length + 1 && h.startsWith(v, 1);
  if (v instanceof ObjectId) return true;
  return v instanceof Date && Number.isFinite(v.getTime());
}

/** How long one background slice of ordering keys runs before yielding to requests. */
const ORDER_SLICE_MS = 8;

/**
 * A stable merge sort that yields every few hundred comparisons, so a caller can spread it over
 * slices: runs of 256 sorted at once, then merged pairwise, level by level. Returns the sorted
 * array (`a` itself or a second one of the same length).
 */
function* mergeSort<T>(a: T[], cmp: (x: T, y: T) => number): Generator<void, T[]> {
  const RUN = 256;
  const n = a.length;
  for (let lo = 0; lo < n; lo += RUN) {
    const run = a.slice(lo, lo + RUN).sort(cmp);
    for (let i = 0; i < run.length; i++) a[lo + i] = run[i];
    yield;
  }
  let src = a;
  let dst = new Array<T>(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      let since = 0;
      while (i < mid && j < hi) {
        // Ties take the left run's element first: stable.
        dst[k++] = cmp(src[j], src[i]) < 0 ? src[j++] : src[i++];
        if (++since === 256) {
          since = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
    yield;
  }
  return src;
}

/**
 * The smallest value of `v`'s BSON type bracket, so a one-sided range ($lt 5) can start its walk
 * at the bracket instead of the whole index; undefined for types the planner leaves to a scan.
 */
export function rangeFloor(v: unknown): unknown {
  switch (canonicalTypeRank(v)) {
    case 3:
      return NaN; // mongod orders NaN below every other number
    case 4:
      return '';
    case 8:
      return new ObjectId('000000000000000000000000');
    case 9:
      return false;
    case 10:
      return new Date(-8.64e15);
    default:
      return undefined;
  }
}

/** The largest value of `v`'s bracket (see rangeFloor); strings have none, so their walk stops on the type change. */
export function rangeCeiling(v: unknown): unknown {
  switch (canonicalTypeRank(v)) {
    case 3:
      return Infinity;
    case 8:
      return new ObjectId('ffffffffffffffffffffffff');
    case 9:
      return true;
    case 10:
      return new Date(8.64e15);
    default:
      return undefined;
  }
}

function dedupe(values: unknown[], strKey?: (s: string) => string): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = hashKey(v, strKey);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Formats a key value the way mongod prints it in E11000 messages. */
function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof Long) return v.toString();
  if (typeof v === 'object' && !Array.isArray(v) && v.constructor === Object) {
    return `{ ${Object.entries(v as Doc)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(', ')} }`;
  }
  return String(v);
}

export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}
