import { BSON, Decimal128, Long, ObjectId, UUID } from 'mongodb';
import {
  bsonTypeMatches,
  canonicalTypeRank,
  compareBson,
  hashKey,
  sortDocuments,
  type SortSpec,
} from '../query/bson-order';
import { sameCollation, type Collation } from '../query/collation';
import { MongoCommandError } from '../errors';
import { DocCompactor, flatKey } from './doc-compactor';
import { DocLocations } from './doc-locations';
import { DocMap, type RawDoc } from './doc-map';
import { ArraySource, type DocSource } from './doc-source';
import { DESERIALIZE } from './record-file';
import { IdOrder } from './id-order';
import { IndexStore, rangeCeiling, rangeFloor, type IndexSpec, type RangeBound } from './index-store';
import {
  type DocOrdinals,
  intersectIds,
  intersectOrdinals,
  PostingList,
  SinglePosting,
  type IdSet,
} from './postings';
import { readyForRead } from './index-builder';
import { stringFloor } from './sort-floor';
import type { CompoundOrder } from './key-order';

type Doc = Record<string, unknown>;

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Where a read wants its matches from: the order results come out in. */
export type ReadOrder = 'natural' | 'natural-reverse' | 'id-asc' | 'id-desc' | 'any';

export interface SelectOptions {
  order: ReadOrder;
  /** Stop after this many matches (Infinity: all). */
  stopAt: number;
  /** The operation's collation: string clauses use only indexes with the same one. */
  collation?: Collation | null;
}

/** A sort an index can deliver: walk the index's first field in `dir`, then sort ties by `rest`. */
export interface IndexSort {
  index: IndexStore;
  dir: 1 | -1;
  /** The whole sort spec (ties on the first field are sorted by it, stably in natural order). */
  spec: SortSpec;
}

/** One collection's documents plus its secondary indexes. Documents are kept in insertion order. */
export class CollectionStore {
  readonly db: string;
  readonly name: string;
  readonly uuid: UUID;
  options: Doc;
  /** Documents loaded from a snapshot stay BSON bytes until first read (see doc-map.ts). */
  readonly docs = new DocMap((raw) => this.compactor.compact(BSON.deserialize(raw.bytes, DESERIALIZE)));
  // The _id index is the `docs` map itself; this holds the secondary indexes only.
  readonly indexes = new Map<string, IndexStore>();
  /**
   * Each document's ordinal, which its indexes' posting lists hold (see postings.ts), is also its
   * insertion sequence: natural order for index candidates, and what tells a live entry of the
   * _id order from one a removed document left.
   */
  readonly docOrdinals: DocOrdinals = this.docs.ordinals;
  private readonly seqs: { get(idKey: string): number | undefined } = this.docOrdinals;
  /**
   * Where each document's current bytes lie in the data files, for the snapshot to copy (see
   * doc-locations.ts): every change here forgets the entry, the storage engine sets it again.
   */
  readonly locations = new DocLocations();
  private readonly compactor = new DocCompactor();
  private readonly idOrder = new IdOrder();

  constructor(db: string, name: string, options: Doc = {}, uuid?: UUID) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.uuid = uuid ?? new UUID();
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  get(idKey: string): Doc | undefined {
    return this.docs.get(idKey);
  }

  /** Returns the document's id key. */
  insert(inserted: Doc): string {
    // Stored as a compact copy (see doc-compactor.ts): a third of the heap of the decoded form.
    const doc = this.compactor.compact(inserted);
    const idKey = flatKey(hashKey(doc._id), doc._id);
    if (this.docs.has(idKey)) {
      throw new MongoCommandError(
        11000,
        `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${formatId(doc._id)} }`,
        { keyPattern: { _id: 1 }, keyValue: { _id: doc._id } },
      );
    }
    const ixs = [...this.indexes.values()];
    const keys = ixs.map((ix) => ix.keysFor(doc));
    ixs.forEach((ix, i) => ix.assertUnique(this.ns, idKey, keys[i]));
    ixs.forEach((ix, i) => ix.add(idKey, keys[i]));
    this.docs.set(idKey, doc);
    const seq = this.docOrdinals.ensure(idKey);
    this.locations.forget(seq);
    this.idOrder.add(doc._id, seq);
    return idKey;
  }

  /**
   * A document as a snapshot holds it, decoded when first read: only while loading, before the
   * collection's indexes are installed (insert() otherwise). Returns its ordinal.
   */
  insertRaw(hashed: string, id: unknown, raw: RawDoc): number {
    const idKey = flatKey(hashed, id);
    if (this.indexes.size > 0 || this.docs.has(idKey)) {
      const key = this.insert(this.compactor.compact(BSON.deserialize(raw.bytes, DESERIALIZE)));
      return this.docOrdinals.get(key)!;
    }
    this.docs.setRaw(idKey, raw);
    const seq = this.docOrdinals.ensure(idKey);
    this.idOrder.add(id, seq);
    return seq;
  }

  /** Replaces a document in place (same _id), enforcing unique indexes before changing anything. */
  replace(idKey: string, replacement: Doc): void {
    const next = this.compactor.compact(replacement);
    const prev = this.docs.get(idKey);
    if (!prev) throw new MongoCommandError(1, 'document vanished during update');
    const ixs = [...this.indexes.values()];
    const newKeys = ixs.map((ix) => ix.keysFor(next));
    ixs.forEach((ix, i) => ix.assertUnique(this.ns, idKey, newKeys[i]));
    ixs.forEach((ix, i) => ix.update(idKey, ix.keysFor(prev), newKeys[i]));
    this.docs.set(idKey, next);
    this.locations.forget(this.docOrdinals.get(idKey));
  }

  remove(idKey: string): Doc | undefined {
    const prev = this.docs.get(idKey);
    if (!prev) return undefined;
    for (const ix of this.indexes.values()) ix.remove(idKey, ix.keysFor(prev));
    const ord = this.docOrdinals.get(idKey)!;
    this.locations.forget(ord);
    this.idOrder.remove(prev._id, ord);
    // Releases the document's ordinal too (the documents' map owns them).
    this.docs.delete(idKey);
    return prev;
  }

  /** Builds an index over existing documents; fails without side effects on a duplicate. */
  addIndex(spec: IndexSpec): void {
    const ix = new IndexStore(spec, this.docOrdinals);
    for (const [idKey, doc] of this.docs) {
      const keys = ix.keysFor(doc);
      ix.assertUnique(this.ns, idKey, keys);
      ix.add(idKey, keys);
    }
    this.indexes.set(spec.name, ix);
  }

  /**
   * True when the filter is a single equality on `_id` or a unique non-partial index, so the
   * hash lookup alone decides the match and the filter need not be evaluated again.
   */
  isExactLookup(filter: Doc | undefined, collation: Collation | null = null): boolean {
    if (!filter) return false;
    const keys = Object.keys(filter);
    if (keys.length !== 1 || !isHashable(filter[keys[0]])) return false;
    // Under a collation, hash equality of strings only approximates collator equality.
    if (collation && typeof filter[keys[0]] === 'string') return false;
    if (keys[0] === '_id') return true;
    const ix = [...this.indexes.values()].find((i) => i.fields.length === 1 && i.fields[0] === keys[0]);
    return !!ix && ix.unique && !ix.spec.partialFilterExpression && !keys[0].includes('.');
  }

  /** Documents that may match the filter, in natural order (index candidates or every document). */
  candidates(filter: Doc | undefined): Iterable<Doc> {
    return this.select(filter, () => true, { order: 'natural', stopAt: Infinity });
  }

  /**
   * The documents matching `pred` (which must implement `filter`), in the requested order, up to
   * `stopAt` of them. Index posting lists narrow the candidates; every candidate is still checked
   * with `pred`, so the result is the same as a full scan.
   */
  select(filter: Doc | undefined, pred: (doc: Doc) => boolean, opts: SelectOptions): Doc[] {
    const matches = this.openSelect(filter, pred, opts);
    const out: Doc[] = [];
    while (out.length < opts.stopAt) {
      const doc = matches.next();
      if (doc === undefined) break;
      out.push(doc);
    }
    return out;
  }

  /**
   * select's matches as a source read one at a time (a cursor's batches, see doc-source.ts). A
   * walk in order (the whole collection, or along candidates too many to collect) reads on as it is
   * asked (see MatchWalk); candidates collected and ordered are checked at once. `stopAt` only
   * chooses between the two: the caller stops reading.
   */
  openSelect(filter: Doc | undefined, pred: (doc: Doc) => boolean, opts: SelectOptions): DocSource {
    if (opts.stopAt <= 0) return new ArraySource([]);
    const collation = opts.collation ?? null;
    const sets = filter ? this.plan(filter, collation) : null;
    const range = filter && !(collation && isStringBound(filter)) ? idRange(filter, opts.order) : null;
    if (!sets) return new MatchWalk(this.docs, this.idOrder, opts.order, range, null, pred);
    sets.sort((a, b) => a.size - b.size);
    const smallest = sets[0];
    if (smallest.size === 0) return new ArraySource([]);
    const n = this.docs.size;
    const est = smallest.size;
    const walkSteps = opts.stopAt === Infinity ? Infinity : (opts.stopAt * n) / est;
    const isIdOrder = opts.order === 'id-asc' || opts.order === 'id-desc';
    const materialiseCost =
      est * sets.length + (opts.order === 'any' ? 0 : est * Math.log2(est + 1) * (isIdOrder ? 4 : 1));
    if (walkSteps < materialiseCost && opts.order !== 'any') {
      return new MatchWalk(this.docs, this.idOrder, opts.order, range, sets, pred);
    }
    const others = sets.slice(1);
    const found: Doc[] = [];
    for (const key of intersectIds(smallest, others)) {
      const doc = this.docs.get(key);
      if (doc) found.push(doc);
    }
    if (opts.order === 'natural' || opts.order === 'natural-reverse') {
      const seqOf = (d: Doc): number => this.seqs.get(hashKey(d._id)) ?? 0;
      const keyed = found.map((d) => ({ d, s: seqOf(d) }));
      keyed.sort((a, b) => (opts.order === 'natural' ? a.s - b.s : b.s - a.s));
      keyed.forEach((e, i) => (found[i] = e.d));
    } else if (isIdOrder) {
      const dir = opts.order === 'id-asc' ? 1 : -1;
      found.sort((a, b) => compareBson(a._id, b._id) * dir);
    }
    const out: Doc[] = [];
    for (const doc of found) {
      if (!pred(doc)) continue;
      out.push(doc);
      if (out.length >= opts.stopAt) break;
    }
    return new ArraySource(out);
  }

  /**
   * An index that can deliver `sort` for a read with this collation: its first field is the sort's
   * first field, it holds every document (not sparse or partial), and strings compare the same.
   */
  sortIndex(sort: SortSpec, collation: Collation | null): IndexSort | null {
    const [first, ...others] = Object.keys(sort);
    if (!first || (first === '_id' && others.length === 0)) return null;
    const dir = sort[first];
    if (typeof dir !== 'number') return null;
    if (Object.values(sort).some((d) => typeof d !== 'number')) return null;
    let best: IndexStore | undefined;
    for (const ix of this.indexes.values()) {
      if (ix.fields[0] !== first || ix.spec.sparse || ix.spec.partialFilterExpression) continue;
      if (!sameCollation(ix.collation, collation) || !this.readable(ix, {}, true)) continue;
      if (!best || ix.fields.length < best.fields.length) best = ix;
    }
    return best ? { index: best, dir: dir < 0 ? -1 : 1, spec: sort } : null;
  }

  /**
   * The matches in the order of an index sort, up to `stopAt` (whole groups of equal first-field
   * values are completed first, so ties sort by the rest of the spec exactly as a full sort would).
   * A multikey document is placed at its first (smallest ascending, largest descending) value,
   * which is mongod's array sort key. Null when the filter's own index candidates are few enough
   * that collecting and sorting them is cheaper.
   */
  selectSorted(
    filter: Doc | undefined,
    pred: (doc: Doc) => boolean,
    sort: IndexSort,
    stopAt: number,
    collation: Collation | null,
  ): Doc[] | null {
    if (stopAt <= 0) return [];
    // Only a multikey index lists a document under several keys; a walk of any other meets each once.
    const seen = sort.index.multikey ? new Set<number>() : null;
    const tail = Object.keys(sort.spec).length > 1;
    // A range on the sort field bounds the walk itself (not on a multikey index, where a document
    // sorts by its smallest or largest element, which may lie outside the range).
    const field = sort.index.fields[0];
    const range =
      filter && !sort.index.multikey
        ? indexableClauses(filter).find((c) => c.field === field && c.range)?.range
        : undefined;
    const strings = range?.rank === 4;
    const [low, high] =
      range && (!strings || sameCollation(sort.index.collation, collation))
        ? rangeBounds(range)
        : [null, null];
    const sets = filter ? this.plan(filter, collation, low ? field : undefined) : null;
    // Collecting and sorting the candidates costs about c·log2(c) comparisons (collator ones for
    // strings); walking the index until `stopAt` of them turn up visits about stopAt·n/c entries,
    // each a membership test. A first page of a common word (c = 6,700 of 100,000, stopAt 21) is
    // a walk of ~300 entries, not a sort of 6,700 names; a rare word is a small sort.
    const inSets = sets ? ordinalMembership(this.docOrdinals, sets) : null;
    const group: number[] = [];
    /**
     * The matches in index order up to `stopAt`; past `budget` index entries, `complete` false
     * with the matches of the keys walked so far, the last of which (its rank, signed by the
     * sort's direction, when the index has ranks) is `after`. Documents are handled by ordinal
     * (the walk's hot loop: no id key is looked up or iterated until a candidate passes every set).
     */
    const walkIndex = (
      budget: number,
      ranks?: Float64Array,
      start: RangeBound | null = low,
    ): { out: Doc[]; complete: boolean; after: number } => {
      const out: Doc[] = [];
      let visited = 0;
      let after = -Infinity;
      for (const [v, ids] of sort.index.range(start, high, sort.dir < 0)) {
        if (range && low && canonicalTypeRank(v) !== range.rank) break;
        if (visited > budget) return { out, complete: false, after };
        visited += ids.size;
        // In ordinal (natural) order: ties on the first field stay in insertion order.
        const held = ordinalsOf(this.docOrdinals, ids, group);
        if (held === 0) continue;
        // Every document of a first-field key shares its rank.
        if (ranks) after = ranks[group[held - 1]] * sort.dir;
        let kept = 0;
        for (let i = 0; i < held; i++) {
          const ord = group[i];
          if (seen) {
            if (seen.has(ord)) continue;
            seen.add(ord);
          }
          if (inSets === null || inSets(ord)) group[kept++] = ord;
        }
        if (kept === 0) continue;
        let docs: Doc[] = [];
        for (let i = 0; i < kept; i++) {
          const doc = this.docs.at(group[i]);
          if (doc && pred(doc)) docs.push(doc);
        }
        if (tail && docs.length > 1) docs = sortDocuments(docs, sort.spec, collation?.compare);
        for (const doc of docs) out.push(doc);
        if (out.length >= stopAt) break;
      }
      return { out, complete: true, after };
    };
    let budget = Infinity;
    if (sets) {
      const c = Math.min(...sets.map((x) => x.size));
      const walk = stopAt === Infinity ? Infinity : (stopAt * this.docs.size) / Math.max(1, c);
      const collect = c * Math.log2(c + 2) * 4 < walk;
      // A filter that names its candidates (the search grams' postings) reads them in the index's
      // order by rank: no walk along the index, no collator comparison (see IndexStore.sortRanks).
      // Ranks not built yet are not built for a handful of candidates, which sort in microseconds.
      // Ordering the index's keys the first time costs a collator comparison per key times log n
      // (0.5 s at 100,000 names): a read of a handful of candidates, which sorts them itself,
      // starts it in slices in the background; a read that needs it first finishes it at once.
      if (collect && !sort.index.orderReady) sort.index.buildOrderInBackground();
      const ranks = collect && !sort.index.hasSortRanks ? null : sort.index.sortRanks();
      if (ranks) {
        // Candidates ranked below a bound every match is at or above (a page after a cursor:
        // the names before it) are skipped rather than each rejected by the predicate.
        const strCmp = (a: string, b: string): number => compareBson(a, b, collation?.compare);
        const floor = filter && sort.dir > 0 ? stringFloor(filter, field, strCmp) : null;
        const minRank = floor === null ? -Infinity : sort.index.rankAtLeast(floor);
        // Dense candidates (a common word's second tier: tens of thousands at 100,000 organizations)
        // are found sooner by a short walk along the index than by passes over all of them; when
        // the rest of the filter rejects what the walk meets, it gives up early for the rank read.
        // Each candidate is still checked once: the rank read takes over after the keys walked.
        // A page after a cursor starts its walk at the cursor's name.
        // Several posting lists: the candidates are their intersection, estimated from a sample.
        const shared = sets.length > 1 ? c * sampledShare(this.docOrdinals, sets) : c;
        const denseWalk = (stopAt * this.docs.size) / Math.max(1, shared);
        if (denseWalk * 32 < shared && (floor === null || !low)) {
          const start = floor === null ? low : { value: floor, inclusive: true };
          const walked = walkIndex(Math.max(4 * denseWalk, 64), ranks, start);
          if (walked.complete) return walked.out;
          const more = stopAt - walked.out.length;
          const rest = this.selectByRank(
            sets,
            ranks,
            pred,
            sort,
            more,
            tail,
            collation,
            minRank,
            walked.after,
          );
          return [...walked.out, ...rest];
        }
        return this.selectByRank(sets, ranks, pred, sort, stopAt, tail, collation, minRank);
      }
      if (collect) return null;
      // The estimate assumes the candidates match and are spread evenly along the index. When they
      // are not (the rest of the filter rejects them, as a search's second tier "in the text but
      // not in the name" rejects every candidate of a word found only in names), the walk would
      // visit the whole index for nothing, and so would a filter whose matches cluster far along
      // the sort order (names in pinyin order start with their city: 哈尔滨 comes after 鞍山, 长春,
      // 大连 and 大庆): past as many entries as there are candidates, give up and let the caller
      // collect and sort them, as mongod replans a plan that overruns its trial.
      budget = Math.max(2 * walk, c);
    }
    const walked = walkIndex(budget);
    return walked.complete ? walked.out : null;
  }

  /**
   * The candidates of `sets` that match `pred`, in the order of `sort` (its index's first field by
   * rank, descending when the sort is; documents of equal rank in natural order, then sorted by the
   * rest of the spec), up to `stopAt`, completing the last group of equal ranks as selectSorted's
   * walk does. The first round takes only the candidates of the lowest ranks, a few times
   * `stopAt` of them (one pass over the candidates with a small heap); when the predicate rejects
   * too many of those, the rest are sorted in one go.
   */
  private selectByRank(
    sets: IdSet[],
    ranks: Float64Array,
    pred: (doc: Doc) => boolean,
    sort: IndexSort,
    stopAt: number,
    tail: boolean,
    collation: Collation | null,
    minRank = -Infinity,
    startAfter = -Infinity,
  ): Doc[] {
    const out: Doc[] = [];
    let cands = intersectOrdinals(this.docOrdinals, sets);
    if (minRank > -Infinity) cands = cands.filter((c) => ranks[c] >= minRank);
    const n = cands.length;
    // Each candidate's rank, signed so that ascending numbers are the sort's order either way.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ranks[cands[i]] * sort.dir;
    let after = startAfter; // every rank up to here (signed by the sort's direction) is done
    let done = 0; // candidates at or below `after`
    // Each round takes the lowest ranks left, a few times what is still wanted, and four times
    // as many as the round before when the predicate rejected most of them (a search's second
    // tier rejects the name matches first): a few passes over the candidates instead of sorting
    // all of them (tens of thousands for a common word's second tier at 100,000 organizations).
    let want = Math.max(64, stopAt * 4);
    while (out.length < stopAt) {
      let bound = Infinity;
      if (stopAt !== Infinity && n - done > want) bound = kthSmallest(keys, after, want);
      want *= 4;
      const batch: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = keys[i];
        if (r > after && r <= bound) batch.push(i);
      }
      if (batch.length === 0) break;
      // Candidates are in ordinal (natural) order, and the sort is stable: ties stay so.
      batch.sort((a, b) => keys[a] - keys[b]);
      for (let i = 0; i < batch.length && out.length < stopAt;) {
        const r = keys[batch[i]];
        let docs: Doc[] = [];
        for (; i < batch.length && keys[batch[i]] === r; i++) {
          const doc = this.docs.at(cands[batch[i]]);
          if (doc && pred(doc)) docs.push(doc);
        }
        if (tail && docs.length > 1) docs = sortDocuments(docs, sort.spec, collation?.compare);
        out.push(...docs);
      }
      if (bound === Infinity) break;
      after = bound;
      done += batch.length;
    }
    return out;
  }

  /**
   * mongod's equality-prefix sort: a compound index whose leading fields the filter fixes by
   * equality (or a short `$in`), followed by the sort's fields in the index's direction (or all
   * reversed), reads those fields in sort order, so the walk stops after `stopAt` matches instead of
   * collecting and sorting everything the filter names. `{ column: 'active:lead' }` sorted by
   * `{ stageEnteredAt: 1, _id: 1 }` walks `{ column: 1, stageEnteredAt: 1, _id: 1 }`; a `$in`
   * prefix walks each value's range and merges them in sort order. Multikey rules as in mongod: a
   * multikey field may be part of the prefix (a document then appears under each element and is
   * taken once), never one of the sort fields. Sort fields past those the index holds are sorted
   * within each group of equal index-given values; a group's documents are otherwise in natural
   * order, so results equal a collect-and-sort. Null when no index fits, when the read has no
   * limit, or when the filter names few enough documents elsewhere that collecting them is cheaper.
   */
  selectByPrefix(
    filter: Doc | undefined,
    pred: (doc: Doc) => boolean,
    sort: SortSpec,
    stopAt: number,
    collation: Collation | null,
  ): Doc[] | null {
    if (!filter || stopAt === Infinity || stopAt <= 0) return null;
    const plan = this.prefixPlan(filter, sort, stopAt, collation);
    return plan ? this.walkPrefix(plan, pred, stopAt, collation) : null;
  }

  private prefixPlan(
    filter: Doc,
    sort: SortSpec,
    stopAt: number,
    collation: Collation | null,
  ): PrefixPlan | null {
    const sortFields = Object.keys(sort);
    const sortDirs = Object.values(sort).map((d) => (typeof d === 'number' ? Math.sign(d) : 0));
    if (sortFields.length === 0 || sortDirs.includes(0) || sortFields.some((f) => f.startsWith('$'))) {
      return null;
    }
    const clauses = indexableClauses(filter);
    const equalities = new Map<string, unknown[]>();
    for (const c of clauses) {
      if (c.op !== '$eq' && c.op !== '$in') continue;
      // An equality naming one document (an _id, a unique key) is answered better by its lookup.
      if (c.op === '$eq' && (c.field === '_id' || this.uniqueIndexOn(c.field))) return null;
      // null also matches a missing field, and an empty $in nothing: left to the other plans.
      if (c.values.length === 0 || c.values.some((v) => v === null || v === undefined)) continue;
      const known = equalities.get(c.field);
      if (!known || c.values.length < known.length) equalities.set(c.field, c.values);
    }
    if (equalities.size === 0) return null;
    let best: { ix: IndexStore; k: number; m: number; dir: 1 | -1; combos: number } | null = null;
    for (const ix of this.indexes.values()) {
      const dirs = ix.directions;
      if (ix.fields.length < 2 || dirs.includes(0)) continue;
      if (!sameCollation(ix.collation, collation) || !this.readable(ix, filter, true)) continue;
      let k = 0;
      let combos = 1;
      while (k < ix.fields.length && equalities.has(ix.fields[k]) && !sortFields.includes(ix.fields[k])) {
        combos *= equalities.get(ix.fields[k])!.length;
        k++;
      }
      if (k === 0 || combos > MAX_PREFIX_SCANS) continue;
      let m = 0;
      let dir = 0;
      while (m < sortFields.length && k + m < ix.fields.length && ix.fields[k + m] === sortFields[m]) {
        if (ix.multikeyFields[k + m]) break;
        const d = sortDirs[m] * dirs[k + m];
        if (dir !== 0 && d !== dir) break;
        dir = d;
        m++;
      }
      if (m === 0) continue;
      // More of the filter in the prefix, then more of the sort from the index, then a shorter key.
      const better =
        !best ||
        k > best.k ||
        (k === best.k && (m > best.m || (m === best.m && ix.fields.length < best.ix.fields.length)));
      if (better) best = { ix, k, m, dir: dir < 0 ? -1 : 1, combos };
    }
    if (!best) return null;
    const { ix, k, m } = best;
    const order = ix.compoundOrder(this.docs);
    if (!order) return null;
    const prefixFields = ix.fields.slice(0, k);
    // Cost: the walk checks about stopAt·n/c entries of the prefix's p (c: the smallest posting
    // list among the clauses the prefix leaves to the matcher); collecting checks min(p, c)
    // candidates and sorts them, a comparison costing about a quarter of a check.
    let p = 0;
    for (const v of equalities.get(ix.fields[0])!) p += ix.postings(v)?.size ?? 0;
    let rest = Infinity;
    for (const [field, values] of equalities) {
      if (prefixFields.includes(field)) continue;
      const strings = values.some((v) => typeof v === 'string');
      const other = this.indexFor(field, filter, !strings, collation);
      if (!other) continue;
      let size = 0;
      for (const v of values) size += other.postings(v)?.size ?? 0;
      rest = Math.min(rest, size);
    }
    const visits =
      rest === Infinity ? Math.min(p, stopAt) : Math.min(p, (stopAt * this.docs.size) / Math.max(1, rest));
    const c = Math.min(p, rest);
    if (visits > c * (1 + Math.log2(c + 2) / 4)) return null;
    let prefixes: unknown[][] = [[]];
    for (const f of prefixFields)
      prefixes = prefixes.flatMap((pre) => equalities.get(f)!.map((v) => [...pre, v]));
    const range = clauses.find((cl) => cl.field === sortFields[0] && cl.range)?.range ?? null;
    return { order, k, m, reverse: best.dir < 0, prefixes, sort, sortDirs, range };
  }

  /** The prefix plan's walk: every prefix's scan merged in sort order, a group of ties at a time. */
  private walkPrefix(
    plan: PrefixPlan,
    pred: (doc: Doc) => boolean,
    stopAt: number,
    collation: Collation | null,
  ): Doc[] {
    const { order, k, m, reverse, prefixes, sort, sortDirs } = plan;
    const strCmp = collation?.compare;
    const compareSorted = (a: unknown[], b: unknown[]): number => {
      for (let j = 0; j < m; j++) {
        const c = compareBson(a[k + j], b[k + j], strCmp);
        if (c !== 0) return c * sortDirs[j];
      }
      return 0;
    };
    const streams = prefixes.map((prefix) =>
      boundedScan(order, prefix, k, sortDirs[0], reverse, plan.range, strCmp),
    );
    const heads = streams.map((s) => s.next());
    const seqOf = (key: string): number => this.seqs.get(key) ?? 0;
    const tail = Object.keys(sort).length > m;
    const seen = new Set<string>();
    const out: Doc[] = [];
    while (out.length < stopAt) {
      let min = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (!h.done && (min < 0 || compareSorted(h.value[0], (heads[min].value as ScanEntry)[0]) < 0))
          min = i;
      }
      if (min < 0) break;
      const groupValues = (heads[min].value as ScanEntry)[0];
      const group: string[] = [];
      for (let i = 0; i < heads.length; i++) {
        for (let h = heads[i]; !h.done && compareSorted(h.value[0], groupValues) === 0; h = heads[i]) {
          for (const key of h.value[1]) {
            if (seen.has(key)) continue;
            seen.add(key);
            group.push(key);
          }
          heads[i] = streams[i].next();
        }
      }
      if (group.length > 1) group.sort((a, b) => seqOf(a) - seqOf(b));
      let docs: Doc[] = [];
      for (const key of group) {
        const doc = this.docs.get(key);
        if (doc && pred(doc)) docs.push(doc);
      }
      if (tail && docs.length > 1) docs = sortDocuments(docs, sort, strCmp);
      out.push(...docs);
    }
    return out;
  }

  /**
   * Candidate id sets whose intersection holds every document the filter can match, from the
   * top-level (and `$and`) equality, `$in`, `$all` and range clauses that an index can answer, and
   * `$or`s whose every branch can; null when no clause can use an index.
   */
  private plan(
    filter: Doc,
    collation: Collation | null,
    walkedRange?: string,
    noRanges = false,
  ): IdSet[] | null {
    // A range the caller walks the index over needs no candidate set of its own.
    const clauses = indexableClauses(filter).filter(
      (c) => !(c.range && (noRanges || c.field === walkedRange)),
    );
    const ors = orBranches(filter);
    if (clauses.length === 0 && ors.length === 0) return null;
    // An equality on _id or on a unique single-field index names at most one document: that is
    // the whole plan (the predicate still checks the rest), with no other posting lists built.
    for (const c of clauses) {
      // null also matches documents without the field, which a sparse or partial index leaves out.
      if (c.op !== '$eq' || c.values[0] === null || c.values[0] === undefined) continue;
      const isString = typeof c.values[0] === 'string';
      if (c.field === '_id') {
        if (isString && collation) continue;
        const key = hashKey(c.values[0]);
        return [this.docs.has(key) ? new Set([key]) : EMPTY];
      }
      const ix = this.uniqueIndexOn(c.field);
      if (ix && this.readable(ix, filter, !isString || sameCollation(ix.collation, collation))) {
        return [ix.lookup(ix.valueKey(c.values[0])) ?? EMPTY];
      }
    }
    const sets: IdSet[] = [];
    const equalities = new Map<string, unknown[]>();
    for (const c of clauses) if (c.op === '$eq' || c.op === '$in') equalities.set(c.field, c.values);
    for (const c of clauses) {
      const strings = c.values.some((v) => typeof v === 'string') || (c.range && c.range.rank === 4);
      if (c.field === '_id') {
        if (c.op === '$all' || (strings && collation)) continue;
        if (c.range) {
          // A wide _id range (a cursor's "older than this page") would copy most of the ids on
          // every page; the id-order walk applies the bound itself and the predicate checks it.
          const set = this.idRangeSet(c.range, Math.max(1024, this.docs.size / 4));
          if (set) sets.push(set);
        } else sets.push(new Set(c.values.map((v) => hashKey(v)).filter((k) => this.docs.has(k))));
        continue;
      }
      const ix = this.indexFor(c.field, filter, !strings, collation);
      if (!ix) continue;
      if (c.range) {
        const { low, high, rank } = c.range;
        // On a multikey index the two bounds may be met by different elements: bound each alone.
        // A range holding a large share of the collection costs more to collect than the matcher
        // spends rejecting the rest: such a clause is left to the predicate.
        const cap = Math.max(1024, this.docs.size / 4);
        const parts =
          ix.multikey && low && high
            ? [rangeSet(ix, { low, high: null, rank }, cap), rangeSet(ix, { low: null, high, rank }, cap)]
            : [rangeSet(ix, c.range, cap)];
        for (const part of parts) if (part) sets.push(part);
        continue;
      }
      const lists = c.values.map((v) => ix.postings(v) ?? EMPTY);
      if (c.op === '$all') sets.push(...lists);
      else sets.push(lists.length === 1 ? lists[0] : union(lists));
    }
    // A compound index with every field constrained by equality: its full keys are more selective.
    // Not one keyedById: its `_id` equality has named the documents above.
    for (const ix of this.indexes.values()) {
      if (ix.fields.length < 2 || ix.keyedById || !ix.fields.every((f) => equalities.has(f))) continue;
      const strings = ix.fields.some((f) => equalities.get(f)!.some((v) => typeof v === 'string'));
      if (!this.readable(ix, filter, !strings || sameCollation(ix.collation, collation))) continue;
      let combos: unknown[][] = [[]];
      for (const f of ix.fields) {
        combos = combos.flatMap((c) => equalities.get(f)!.map((v) => [...c, v]));
        if (combos.length > 10_000) break;
      }
      if (combos.length > 10_000) continue;
      sets.push(
        union(combos.map((combo) => ix.lookup(combo.map((v) => ix.valueKey(v)).join('\u0000')) ?? EMPTY)),
      );
    }
    // $or: usable only when every branch narrows; the candidates are the union of the branches'.
    // When the clauses already named candidates, a branch's range is not collected: a page after a
    // cursor, `$or: [{ name: { $gt: last } }, { name: last, _id: { $gt: id } }]`, would walk and
    // copy up to a quarter of the collection (a collator comparison per name) to narrow candidates
    // that the predicate checks anyway; such an $or is left to the predicate.
    const noBranchRanges = sets.length > 0;
    for (const branches of ors) {
      const parts: IdSet[] = [];
      for (const b of branches) {
        const bs = this.plan(b, collation, undefined, noBranchRanges);
        if (!bs) break;
        parts.push(intersect(bs));
      }
      if (parts.length === branches.length) sets.push(union(parts));
    }
    return sets.length ? sets : null;
  }

  /**
   * Ids of the documents whose `_id` lies in the range (the maintained `_id` order, binary search);
   * null when the range spans more than `cap` entries, counted by the same binary search.
   */
  private idRangeSet(r: RangeClause, cap = Infinity): Set<string> | null {
    const out = new Set<string>();
    const lo = r.low ?? { value: rangeFloor(r.high!.value), inclusive: true };
    const ids = this.idOrder;
    const n = ids.size;
    const start = ids.lowerBound(lo.value, !lo.inclusive);
    const end = r.high ? ids.lowerBound(r.high.value, r.high.inclusive) : n;
    if (end - start > cap) return null;
    for (let i = start; i < n; i++) {
      const id = ids.idAt(i);
      if (canonicalTypeRank(id) !== r.rank) break;
      if (r.high) {
        const c = compareBson(id, r.high.value);
        if (c > 0 || (c === 0 && !r.high.inclusive)) break;
      }
      const key = this.docOrdinals.key(ids.ordAt(i)) as string | undefined;
      if (key !== undefined) out.add(key);
    }
    return out;
  }

  private uniqueIndexOn(field: string): IndexStore | undefined {
    for (const ix of this.indexes.values()) {
      if (ix.unique && !ix.spec.sparse && ix.fields.length === 1 && ix.fields[0] === field) return ix;
    }
    return undefined;
  }

  /**
   * An index whose first field is `field` that may answer reads for this filter: any collation
   * when the clause holds no strings (`anyCollation`), else only the operation's own.
   */
  private indexFor(
    field: string,
    filter: Doc,
    anyCollation: boolean,
    collation: Collation | null,
  ): IndexStore | undefined {
    let best: IndexStore | undefined;
    for (const ix of this.indexes.values()) {
      if (ix.fields[0] !== field) continue;
      if (!this.readable(ix, filter, anyCollation || sameCollation(ix.collation, collation))) continue;
      if (!best || ix.fields.length < best.fields.length) best = ix;
    }
    return best;
  }

  private readable(ix: IndexStore, filter: Doc, collationOk: boolean): boolean {
    // Still being built after a restart: a light one (about a key per document) is finished at
    // once, cheaper than one scan; a heavy one (search grams) is not read until built (the query
    // scans instead). See readyForRead.
    if (!readyForRead(ix)) return false;
    if (ix.fields.some((f) => f.split('.').some((p) => /^\d+$/.test(p)))) return false;
    if (!collationOk) return false;
    const pfe = ix.spec.partialFilterExpression;
    return !pfe || partialFilterImplied(pfe, filter);
  }

  clear(): void {
    this.docs.clear();
    this.docOrdinals.clear();
    this.locations.clear();
    this.idOrder.clear();
    for (const ix of this.indexes.values()) ix.clear();
  }
}

const EMPTY: IdSet = new Set<string>();

/**
 * The matches of a walk in natural or `_id` order (skipping documents missing from any of `sets`),
 * read one at a time as they are asked for: a cursor reads on from where its last batch stopped
 * (#19). Each document is read as it is when the walk reaches it: one removed before is not met,
 * one replaced is met as it now is (and checked again), one added is met if it comes after the
 * walk's place (natural order: any; `_id` order: a later `_id`). The `_id` walk goes on after the
 * last `_id` it read, found again when the order's positions moved meanwhile (entries added or
 * removed before it), so no document is met twice.
 */
class MatchWalk implements DocSource {
  /** The natural-order walk (the documents' own, which a Map's semantics keep while they change). */
  private readonly entries: Iterator<[string, Doc]> | null;
  /** The `_id` walk: the next position, and the `_id` at the one before it (once read). */
  private pos = 0;
  private lastId: unknown = undefined;
  private started = false;
  private done = false;
  private readonly asc: boolean;

  constructor(
    private readonly docs: DocMap,
    private readonly ids: IdOrder,
    order: ReadOrder,
    range: IdRange | null,
    private readonly sets: IdSet[] | null,
    private readonly pred: (doc: Doc) => boolean,
  ) {
    this.asc = order === 'id-asc';
    if (order !== 'id-asc' && order !== 'id-desc') {
      this.entries = order === 'natural-reverse' ? docs.reversed() : docs.entries();
      return;
    }
    this.entries = null;
    if (range) {
      const lb = ids.lowerBound(range.value, this.asc ? range.exclusive : !range.exclusive);
      this.pos = this.asc ? lb : lb - 1;
    } else this.pos = this.asc ? 0 : ids.size - 1;
  }

  next(): Doc | undefined {
    if (this.done) return undefined;
    const doc = this.entries ? this.nextNatural(this.entries) : this.nextById();
    if (doc === undefined) this.done = true;
    return doc;
  }

  private inSets(key: string): boolean {
    const sets = this.sets;
    if (!sets) return true;
    for (let i = 0; i < sets.length; i++) if (!sets[i].has(key)) return false;
    return true;
  }

  private nextNatural(entries: Iterator<[string, Doc]>): Doc | undefined {
    for (let e = entries.next(); !e.done; e = entries.next()) {
      const [key, doc] = e.value;
      if (this.inSets(key) && this.pred(doc)) return doc;
    }
    return undefined;
  }

  private nextById(): Doc | undefined {
    const ids = this.ids;
    const asc = this.asc;
    if (this.started) {
      // The entry before the walk's place is not the last one read: positions moved since.
      const prev = asc ? this.pos - 1 : this.pos + 1;
      if (prev < 0 || prev >= ids.size || ids.idAt(prev) !== this.lastId) {
        const lb = ids.lowerBound(this.lastId, asc);
        this.pos = asc ? lb : lb - 1;
      }
    }
    for (; asc ? this.pos < ids.size : this.pos >= 0; asc ? this.pos++ : this.pos--) {
      const ord = ids.ordAt(this.pos);
      this.lastId = ids.idAt(this.pos);
      this.started = true;
      const key = this.docs.ordinals.key(ord) as string | undefined;
      if (key === undefined || !this.inSets(key)) continue;
      const doc = this.docs.at(ord);
      if (doc === undefined || !this.pred(doc)) continue;
      this.pos += asc ? 1 : -1;
      return doc;
    }
    return undefined;
  }
}

/**
 * A test of whether a document, by ordinal, is in every one of `sets`: posting lists of `ordinals`
 * answer with a bit test or a binary search, the smallest (the likeliest to reject) first; other
 * sets (an `_id` list, a union) by the document's id key, looked up once and only when every
 * posting list holds it. A walk along a sort index calls it for each key it meets (#19: a common
 * word's search tests thousands of names, each a Map lookup of its id key per set before).
 */
function ordinalMembership(ordinals: DocOrdinals, sets: IdSet[]): (ord: number) => boolean {
  const fast: Array<PostingList | SinglePosting> = [];
  const slow: IdSet[] = [];
  for (const s of [...sets].sort((a, b) => a.size - b.size)) {
    if ((s instanceof PostingList || s instanceof SinglePosting) && s.ordinals === ordinals) fast.push(s);
    else slow.push(s);
  }
  return (ord) => {
    for (let j = 0; j < fast.length; j++) if (!fast[j].hasOrdinal(ord)) return false;
    if (slow.length === 0) return true;
    const key = ordinals.key(ord);
    for (let j = 0; j < slow.length; j++) if (!slow[j].has(key)) return false;
    return true;
  };
}

/**
 * Writes the ordinals of an index key's documents, ascending, to the start of `out` and returns
 * how many: read in place from a posting list of `ordinals` (no iterator, no id key), else looked
 * up by id key and sorted. `out` is reused from key to key (truncating it each time costs more).
 */
function ordinalsOf(ordinals: DocOrdinals, ids: IdSet, out: number[]): number {
  if (ids instanceof SinglePosting && ids.ordinals === ordinals) {
    out[0] = ids.ordinal;
    return 1;
  }
  let n = 0;
  if (ids instanceof PostingList && ids.ordinals === ordinals) {
    for (const size = ids.size; n < size; n++) out[n] = ids.at(n);
    return n;
  }
  for (const key of ids) {
    const ord = ordinals.get(key);
    if (ord !== undefined) out[n++] = ord;
  }
  const found = out.slice(0, n).sort((a, b) => a - b);
  for (let i = 0; i < n; i++) out[i] = found[i];
  return n;
}

/**
 * The share of the first 64 members of the smallest set that every other set also holds (by
 * ordinal when the smallest is a posting list, as the walk tests them).
 */
function sampledShare(ordinals: DocOrdinals, sets: IdSet[]): number {
  const [first, ...others] = [...sets].sort((a, b) => a.size - b.size);
  const inOthers = ordinalMembership(ordinals, others);
  let seen = 0;
  let inAll = 0;
  if (first instanceof SinglePosting && first.ordinals === ordinals) {
    seen = 1;
    if (inOthers(first.ordinal)) inAll++;
  } else if (first instanceof PostingList && first.ordinals === ordinals) {
    for (seen = 0; seen < Math.min(64, first.size); seen++) if (inOthers(first.at(seen))) inAll++;
  } else {
    for (const key of first) {
      seen++;
      if (others.every((s) => s.has(key))) inAll++;
      if (seen === 64) break;
    }
  }
  return seen === 0 ? 0 : inAll / seen;
}

/**
 * The `k`-th smallest of the keys above `after` (Infinity when fewer than `k` are): one pass
 * keeping the `k` smallest in a max-heap.
 */
function kthSmallest(keys: Float64Array, after: number, k: number): number {
  const heap = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    const r = keys[i];
    if (!(r > after)) continue;
    if (n < k) {
      // Sift up.
      let j = n++;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (heap[p] >= r) break;
        heap[j] = heap[p];
        j = p;
      }
      heap[j] = r;
    } else if (r < heap[0]) {
      // Replace the largest and sift down.
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= k) break;
        const c = l + 1 < k && heap[l + 1] > heap[l] ? l + 1 : l;
        if (heap[c] <= r) break;
        heap[j] = heap[c];
        j = c;
      }
      heap[j] = r;
    }
  }
  return n < k ? Infinity : heap[0];
}

/** At most this many prefix scans merged for one read (mongod explodes up to 200 for a sort). */
const MAX_PREFIX_SCANS = 200;

interface PrefixPlan {
  order: CompoundOrder;
  /** Leading index fields fixed by the filter, and the sort fields the index orders after them. */
  k: number;
  m: number;
  /** Walk the index backwards (the sort is the index's direction reversed). */
  reverse: boolean;
  /** Every combination of the prefix fields' values: one scan each. */
  prefixes: unknown[][];
  sort: SortSpec;
  sortDirs: number[];
  /** A range on the first sort field: where each scan starts and stops. */
  range: RangeClause | null;
}

type ScanEntry = [unknown[], IdSet];

/**
 * One prefix's keys in sort order, limited to a range on the first sort field: the scan starts at
 * the range's near end and stops past its far end or its type bracket; the matcher still checks
 * every document.
 */
function* boundedScan(
  order: CompoundOrder,
  prefix: unknown[],
  k: number,
  dir: number,
  reverse: boolean,
  range: RangeClause | null,
  strCmp: ((a: string, b: string) => number) | undefined,
): Generator<ScanEntry> {
  const [low, high] = range ? rangeBounds(range) : [null, null];
  const near = dir > 0 ? low : high;
  for (const entry of order.scan(prefix, near ? [...prefix, near.value] : null, reverse)) {
    if (range) {
      const v = entry[0][k];
      const rank = canonicalTypeRank(v);
      if (rank !== range.rank) {
        if (dir > 0 ? rank > range.rank : rank < range.rank) return;
        continue;
      }
      if (low) {
        const c = compareBson(v, low.value, strCmp);
        if (c < 0 || (c === 0 && !low.inclusive)) {
          if (dir > 0) continue;
          return;
        }
      }
      if (high) {
        const c = compareBson(v, high.value, strCmp);
        if (c > 0 || (c === 0 && !high.inclusive)) {
          if (dir > 0) return;
          continue;
        }
      }
    }
    yield entry;
  }
}

function union(lists: IdSet[]): Set<string> {
  const out = new Set<string>();
  for (const l of lists) for (const k of l) out.add(k);
  return out;
}

function intersect(sets: IdSet[]): Set<string> {
  const sorted = [...sets].sort((a, b) => a.size - b.size);
  const out = new Set<string>();
  for (const k of sorted[0]) if (sorted.every((s) => s.has(k))) out.add(k);
  return out;
}

/** Ids whose first indexed value lies in the range, staying inside the bound's BSON type bracket. */
function rangeSet(ix: IndexStore, r: RangeClause, cap = Infinity): IdSet | null {
  const [low, high] = rangeBounds(r);
  const lists: IdSet[] = [];
  let total = 0;
  for (const [v, ids] of ix.range(low, high)) {
    if (canonicalTypeRank(v) !== r.rank) break;
    lists.push(ids);
    total += ids.size;
    if (total > cap) return null;
  }
  return lists.length === 1 ? lists[0] : union(lists);
}

/** Both ends of a range clause, a missing one replaced by its type bracket's end where it has one. */
function rangeBounds(r: RangeClause): [RangeBound, RangeBound | null] {
  const low = r.low ?? { value: rangeFloor(r.high!.value), inclusive: true };
  const ceiling = rangeCeiling(low.value);
  const high = r.high ?? (ceiling === undefined ? null : { value: ceiling, inclusive: true });
  return [low, high];
}

interface RangeClause {
  low: RangeBound | null;
  high: RangeBound | null;
  /** The BSON type bracket both bounds belong to: a range never matches across types. */
  rank: number;
}

interface Clause {
  field: string;
  op: '$eq' | '$in' | '$all' | '$range';
  values: unknown[];
  range?: RangeClause;
}

/** The branches of the top-level (and `$and`-nested) `$or`s whose branches are all plain filters. */
function orBranches(filter: Doc): Doc[][] {
  const out: Doc[][] = [];
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((sub) => isPlainObject(sub) && visit(sub));
      if (k === '$or' && Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) out.push(v as Doc[]);
    }
  };
  visit(filter);
  return out;
}

/** `$gt`/`$gte` and `$lt`/`$lte` of one condition object as a range, or null when unusable. */
function rangeOf(ops: Doc): RangeClause | null {
  const bound = (strict: string, loose: string): RangeBound | null | false => {
    if (strict in ops && loose in ops) return false; // both given: leave the choice to the matcher
    const op = strict in ops ? strict : loose in ops ? loose : null;
    if (!op) return null;
    const v = ops[op];
    if (!isHashable(v) || v instanceof Decimal128 || rangeFloor(v) === undefined) return false;
    if (typeof v === 'number' && Number.isNaN(v)) return false;
    return { value: v, inclusive: op === loose };
  };
  const low = bound('$gt', '$gte');
  const high = bound('$lt', '$lte');
  if (low === false || high === false || (!low && !high)) return null;
  const rank = canonicalTypeRank((low ?? high)!.value);
  if (low && high && canonicalTypeRank(high.value) !== rank) return null;
  return { low, high, rank };
}

function isStringBound(filter: Doc): boolean {
  const c = filter._id;
  return isPlainObject(c) && Object.values(c).some((v) => typeof v === 'string');
}

/** Top-level (and nested `$and`) clauses an index can answer: equality, `$in` and `$all` of scalars. */
function indexableClauses(filter: Doc): Clause[] {
  const out: Clause[] = [];
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((sub) => {
          if (isPlainObject(sub)) visit(sub);
        });
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isHashable(v)) {
        out.push({ field: k, op: '$eq', values: [v] });
        continue;
      }
      if (!isPlainObject(v)) continue;
      const ops = v;
      if (Object.keys(ops).some((o) => !o.startsWith('$'))) continue; // an embedded document
      if ('$eq' in ops && isHashable(ops.$eq)) out.push({ field: k, op: '$eq', values: [ops.$eq] });
      if (Array.isArray(ops.$in) && ops.$in.every(isHashable)) {
        out.push({ field: k, op: '$in', values: ops.$in });
      }
      // $all of scalars on a plain (undotted) field: each value's posting list must hold the doc.
      if (Array.isArray(ops.$all) && ops.$all.length > 0 && !k.includes('.') && ops.$all.every(isHashable)) {
        out.push({ field: k, op: '$all', values: ops.$all });
      }
      const range = rangeOf(ops);
      if (range) out.push({ field: k, op: '$range', values: [], range });
    }
  };
  visit(filter);
  return out;
}

/**
 * True when every document the filter matches also matches the partial filter expression, checked
 * only in the obvious cases: each partial condition is an equality, `$exists: true` or `$type` that
 * the filter's own equality (or `$in`) values on that field satisfy.
 */
function partialFilterImplied(pfe: Doc, filter: Doc): boolean {
  const equalities = new Map<string, unknown[]>();
  for (const c of indexableClauses(filter))
    if (c.op === '$eq' || c.op === '$in') equalities.set(c.field, c.values);
  const implied = (cond: Doc): boolean =>
    Object.entries(cond).every(([k, c]) => {
      if (k === '$and') return Array.isArray(c) && c.every((x) => isPlainObject(x) && implied(x));
      if (k.startsWith('$')) return false;
      const values = equalities.get(k);
      if (!values || values.length === 0) return false;
      if (isHashable(c)) return values.every((v) => hashKey(v) === hashKey(c) && sameScalarType(v, c));
      if (!isPlainObject(c)) return false;
      return Object.entries(c).every(([op, arg]) => {
        if (op === '$exists') return arg === true || arg === 1;
        if (op === '$type') return values.every((v) => bsonTypeMatches(v, arg));
        if (op === '$eq' && isHashable(arg))
          return values.every((v) => hashKey(v) === hashKey(arg) && sameScalarType(v, arg));
        return false;
      });
    });
  return implied(pfe);
}

function sameScalarType(a: unknown, b: unknown): boolean {
  return (
    typeof a === typeof b &&
    (typeof a !== 'object' || (a as object).constructor === (b as object).constructor)
  );
}

interface IdRange {
  value: unknown;
  exclusive: boolean;
}

/** A top-level `_id` lower bound (ascending walks) or upper bound (descending) to start from. */
function idRange(filter: Doc, order: ReadOrder): IdRange | null {
  const cond = filter._id;
  if (!isPlainObject(cond)) return null;
  const asc = order === 'id-asc';
  if (!asc && order !== 'id-desc') return null;
  const [strictOp, looseOp] = asc ? ['$gt', '$gte'] : ['$lt', '$lte'];
  for (const [op, exclusive] of [
    [strictOp, true],
    [looseOp, false],
  ] as const) {
    const v = cond[op];
    if (
      v !== undefined &&
      (typeof v === 'string' || typeof v === 'number' || v instanceof ObjectId || v instanceof Date)
    ) {
      return { value: v, exclusive };
    }
  }
  return null;
}

function isPlainObject(v: unknown): v is Doc {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function isHashable(v: unknown): boolean {
  return (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    v instanceof ObjectId ||
    v instanceof Date ||
    v instanceof Long ||
    v instanceof Decimal128
  );
}

function formatId(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  return String(v);
}
