import { Decimal128, Long, ObjectId, UUID } from 'mongodb';
import { bsonTypeMatches, compareBson, hashKey } from '../query/bson-order';
import { MongoCommandError } from '../errors';
import { IdOrder } from './id-order';
import { IndexStore, type IndexSpec } from './index-store';

type Doc = Record<string, unknown>;

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Where a read wants its matches from: the order results come out in. */
export type ReadOrder = 'natural' | 'natural-reverse' | 'id-asc' | 'id-desc' | 'any';

export interface SelectOptions {
  order: ReadOrder;
  /** Stop after this many matches (Infinity: all). */
  stopAt: number;
}

/** One collection's documents plus its secondary indexes. Documents are kept in insertion order. */
export class CollectionStore {
  readonly db: string;
  readonly name: string;
  readonly uuid: UUID;
  options: Doc;
  readonly docs = new Map<string, Doc>();
  // The _id index is the `docs` map itself; this holds the secondary indexes only.
  readonly indexes = new Map<string, IndexStore>();
  // Insertion sequence per document (natural order for index candidates) and the _id order.
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;
  private readonly idOrder = new IdOrder((e) => this.seqs.get(e.key) === e.seq);

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

  insert(doc: Doc): void {
    const idKey = hashKey(doc._id);
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
    const seq = this.nextSeq++;
    this.seqs.set(idKey, seq);
    this.idOrder.add({ key: idKey, id: doc._id, seq });
  }

  /** Replaces a document in place (same _id), enforcing unique indexes before changing anything. */
  replace(idKey: string, next: Doc): void {
    const prev = this.docs.get(idKey);
    if (!prev) throw new MongoCommandError(1, 'document vanished during update');
    const ixs = [...this.indexes.values()];
    const newKeys = ixs.map((ix) => ix.keysFor(next));
    ixs.forEach((ix, i) => ix.assertUnique(this.ns, idKey, newKeys[i]));
    ixs.forEach((ix, i) => ix.update(idKey, ix.keysFor(prev), newKeys[i]));
    this.docs.set(idKey, next);
  }

  remove(idKey: string): Doc | undefined {
    const prev = this.docs.get(idKey);
    if (!prev) return undefined;
    for (const ix of this.indexes.values()) ix.remove(idKey, ix.keysFor(prev));
    this.docs.delete(idKey);
    this.seqs.delete(idKey);
    this.idOrder.noteRemoved();
    return prev;
  }

  /** Builds an index over existing documents; fails without side effects on a duplicate. */
  addIndex(spec: IndexSpec): void {
    const ix = new IndexStore(spec);
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
  isExactLookup(filter: Doc | undefined): boolean {
    if (!filter) return false;
    const keys = Object.keys(filter);
    if (keys.length !== 1 || !isHashable(filter[keys[0]])) return false;
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
    const out: Doc[] = [];
    if (opts.stopAt <= 0) return out;
    const sets = filter ? this.plan(filter) : null;
    const range = filter ? idRange(filter, opts.order) : null;
    if (!sets) {
      this.walk(opts.order, range, null, pred, opts.stopAt, out);
      return out;
    }
    sets.sort((a, b) => a.size - b.size);
    const smallest = sets[0];
    if (smallest.size === 0) return out;
    const n = this.docs.size;
    const est = smallest.size;
    const walkSteps = opts.stopAt === Infinity ? Infinity : (opts.stopAt * n) / est;
    const isIdOrder = opts.order === 'id-asc' || opts.order === 'id-desc';
    const materialiseCost =
      est * sets.length + (opts.order === 'any' ? 0 : est * Math.log2(est + 1) * (isIdOrder ? 4 : 1));
    if (walkSteps < materialiseCost && opts.order !== 'any') {
      this.walk(opts.order, range, sets, pred, opts.stopAt, out);
      return out;
    }
    const others = sets.slice(1);
    const found: Doc[] = [];
    for (const key of smallest) {
      if (others.every((s) => s.has(key))) {
        const doc = this.docs.get(key);
        if (doc) found.push(doc);
      }
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
    for (const doc of found) {
      if (!pred(doc)) continue;
      out.push(doc);
      if (out.length >= opts.stopAt) break;
    }
    return out;
  }

  /** Visits documents in order, skipping those missing from any of `sets`, until `stopAt` matched. */
  private walk(
    order: ReadOrder,
    range: IdRange | null,
    sets: Set<string>[] | null,
    pred: (doc: Doc) => boolean,
    stopAt: number,
    out: Doc[],
  ): void {
    const inSets = (key: string): boolean => !sets || sets.every((s) => s.has(key));
    if (order === 'id-asc' || order === 'id-desc') {
      const entries = this.idOrder.entries();
      const asc = order === 'id-asc';
      let i = asc ? 0 : entries.length - 1;
      if (range) {
        const lb = this.idOrder.lowerBound(range.value, asc ? range.exclusive : !range.exclusive);
        i = asc ? lb : lb - 1;
      }
      for (; asc ? i < entries.length : i >= 0; asc ? i++ : i--) {
        const e = entries[i];
        if (this.seqs.get(e.key) !== e.seq || !inSets(e.key)) continue;
        const doc = this.docs.get(e.key)!;
        if (!pred(doc)) continue;
        out.push(doc);
        if (out.length >= stopAt) return;
      }
      return;
    }
    const source = order === 'natural-reverse' ? [...this.docs.entries()].reverse() : this.docs.entries();
    for (const [key, doc] of source) {
      if (!inSets(key) || !pred(doc)) continue;
      out.push(doc);
      if (out.length >= stopAt) return;
    }
  }

  /**
   * Candidate id sets whose intersection holds every document the filter can match, from the
   * top-level (and `$and`) equality, `$in` and `$all` clauses that an index can answer; null when
   * no clause can use an index.
   */
  private plan(filter: Doc): Set<string>[] | null {
    const clauses = indexableClauses(filter);
    if (clauses.length === 0) return null;
    // An equality on _id or on a unique single-field index names at most one document: that is
    // the whole plan (the predicate still checks the rest), with no other posting lists built.
    for (const c of clauses) {
      // null also matches documents without the field, which a sparse or partial index leaves out.
      if (c.op !== '$eq' || c.values[0] === null || c.values[0] === undefined) continue;
      if (c.field === '_id') {
        const key = hashKey(c.values[0]);
        return [this.docs.has(key) ? new Set([key]) : EMPTY];
      }
      const ix = this.uniqueIndexOn(c.field);
      if (ix && this.readable(ix, filter)) return [ix.lookup(hashKey(c.values[0])) ?? EMPTY];
    }
    const sets: Set<string>[] = [];
    const equalities = new Map<string, unknown[]>();
    for (const c of clauses) if (c.op !== '$all') equalities.set(c.field, c.values);
    for (const c of clauses) {
      if (c.field === '_id') {
        if (c.op === '$all') continue;
        sets.push(new Set(c.values.map(hashKey).filter((k) => this.docs.has(k))));
        continue;
      }
      const ix = this.indexFor(c.field, filter);
      if (!ix) continue;
      const lists = c.values.map((v) => ix.postings(v) ?? EMPTY);
      if (c.op === '$all') sets.push(...lists);
      else sets.push(lists.length === 1 ? lists[0] : union(lists));
    }
    // A compound index with every field constrained by equality: its full keys are more selective.
    for (const ix of this.indexes.values()) {
      if (ix.fields.length < 2 || !ix.fields.every((f) => equalities.has(f))) continue;
      if (!this.readable(ix, filter)) continue;
      let combos: unknown[][] = [[]];
      for (const f of ix.fields) {
        combos = combos.flatMap((c) => equalities.get(f)!.map((v) => [...c, v]));
        if (combos.length > 10_000) break;
      }
      if (combos.length > 10_000) continue;
      sets.push(union(combos.map((combo) => ix.lookup(combo.map(hashKey).join('\u0000')) ?? EMPTY)));
    }
    return sets.length ? sets : null;
  }

  private uniqueIndexOn(field: string): IndexStore | undefined {
    for (const ix of this.indexes.values()) {
      if (ix.unique && !ix.spec.sparse && ix.fields.length === 1 && ix.fields[0] === field) return ix;
    }
    return undefined;
  }

  /** An index whose first field is `field` that may answer reads for this filter. */
  private indexFor(field: string, filter: Doc): IndexStore | undefined {
    let best: IndexStore | undefined;
    for (const ix of this.indexes.values()) {
      if (ix.fields[0] !== field || !this.readable(ix, filter)) continue;
      if (!best || ix.fields.length < best.fields.length) best = ix;
    }
    return best;
  }

  private readable(ix: IndexStore, filter: Doc): boolean {
    if (ix.fields.some((f) => f.split('.').some((p) => /^\d+$/.test(p)))) return false;
    if (ix.spec.collation) return false;
    const pfe = ix.spec.partialFilterExpression;
    return !pfe || partialFilterImplied(pfe, filter);
  }

  clear(): void {
    this.docs.clear();
    this.seqs.clear();
    this.idOrder.clear();
    for (const ix of this.indexes.values()) ix.clear();
  }
}

const EMPTY: Set<string> = new Set();

function union(lists: Set<string>[]): Set<string> {
  const out = new Set<string>();
  for (const l of lists) for (const k of l) out.add(k);
  return out;
}

interface Clause {
  field: string;
  op: '$eq' | '$in' | '$all';
  values: unknown[];
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
  for (const c of indexableClauses(filter)) if (c.op !== '$all') equalities.set(c.field, c.values);
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
