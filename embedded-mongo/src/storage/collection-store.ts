import { Decimal128, Long, ObjectId, UUID } from 'mongodb';
import { hashKey } from '../query/bson-order';
import { MongoCommandError } from '../errors';
import { IndexStore, type IndexSpec } from './index-store';

type Doc = Record<string, unknown>;

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** One collection's documents plus its secondary indexes. Documents are kept in insertion order. */
export class CollectionStore {
  readonly db: string;
  readonly name: string;
  readonly uuid: UUID;
  options: Doc;
  readonly docs = new Map<string, Doc>();
  // The _id index is the `docs` map itself; this holds the secondary indexes only.
  readonly indexes = new Map<string, IndexStore>();

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
  }

  /** Replaces a document in place (same _id), enforcing unique indexes before changing anything. */
  replace(idKey: string, next: Doc): void {
    const prev = this.docs.get(idKey);
    if (!prev) throw new MongoCommandError(1, 'document vanished during update');
    const ixs = [...this.indexes.values()];
    const newKeys = ixs.map((ix) => ix.keysFor(next));
    ixs.forEach((ix, i) => ix.assertUnique(this.ns, idKey, newKeys[i]));
    ixs.forEach((ix, i) => {
      ix.remove(idKey, ix.keysFor(prev));
      ix.add(idKey, newKeys[i]);
    });
    this.docs.set(idKey, next);
  }

  remove(idKey: string): Doc | undefined {
    const prev = this.docs.get(idKey);
    if (!prev) return undefined;
    for (const ix of this.indexes.values()) ix.remove(idKey, ix.keysFor(prev));
    this.docs.delete(idKey);
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
   * Documents that may match the filter. Equality (or $in) on every field of the _id index or a
   * secondary index is answered from the hash index instead of scanning.
   */
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

  candidates(filter: Doc | undefined): Iterable<Doc> {
    if (!filter) return this.docs.values();
    const conds = equalityConditions(filter);
    if (conds.size === 0) return this.docs.values();
    const ids = conds.get('_id');
    if (ids) {
      const found = new Map<string, Doc>();
      for (const v of ids) {
        const key = hashKey(v);
        const doc = this.docs.get(key);
        if (doc) found.set(key, doc);
      }
      return found.values();
    }
    for (const ix of this.indexes.values()) {
      if (ix.spec.partialFilterExpression || !ix.fields.every((f) => conds.has(f))) continue;
      let combos: unknown[][] = [[]];
      for (const f of ix.fields) combos = combos.flatMap((c) => conds.get(f)!.map((v) => [...c, v]));
      const out = new Map<string, Doc>();
      for (const combo of combos) {
        for (const idKey of ix.lookup(combo.map(hashKey).join('\u0000')) ?? []) {
          const doc = this.docs.get(idKey);
          if (doc) out.set(idKey, doc);
        }
      }
      return out.values();
    }
    return this.docs.values();
  }

  clear(): void {
    this.docs.clear();
    for (const ix of this.indexes.values()) ix.clear();
  }
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

/** Field → possible values, for fields constrained to a finite set of scalar values. */
function equalityConditions(filter: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((sub) => visit(sub as Doc));
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isHashable(v)) out.set(k, [v]);
      else if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.getPrototypeOf(v) === Object.prototype
      ) {
        const ops = v as Doc;
        if ('$eq' in ops && isHashable(ops.$eq)) out.set(k, [ops.$eq]);
        else if (Array.isArray(ops.$in) && ops.$in.every(isHashable)) out.set(k, ops.$in);
      }
    }
  };
  visit(filter);
  return out;
}

function formatId(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  return String(v);
}
