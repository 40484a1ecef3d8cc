import { ObjectId } from 'mongodb';
import { MongoCommandError } from '../errors';
import { bsonEquals, hashKey, pathValues } from '../query/bson-order';
import { runPipeline } from '../query/mingo-context';
import { CollectionStore } from '../storage/collection-store';
import type { StorageEngine } from '../storage/storage-engine';
import type { Doc } from './command-context';

/** The target of `$out` / `$merge`: a collection name or `{ db, coll }`. */
function target(spec: unknown, db: string, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db, coll: spec };
  if (spec && typeof spec === 'object' && typeof (spec as Doc).coll === 'string') {
    const s = spec as Doc;
    return { db: typeof s.db === 'string' ? s.db : db, coll: s.coll as string };
  }
  throw new MongoCommandError(
    16990,
    `${stage} only supports a string or object argument, but found ${typeof spec}`,
  );
}

function withId(doc: Doc): Doc {
  if (doc._id !== undefined) return doc;
  return { _id: new ObjectId(), ...doc };
}

/**
 * `$out`: replaces the target's documents with the results, keeping its indexes. Every result is
 * checked against the target's unique indexes first, so a duplicate leaves the target untouched
 * (mongod writes to a temporary collection and renames it, with the same outcome).
 */
export function runOut(engine: StorageEngine, db: string, spec: unknown, results: Doc[]): void {
  const to = target(spec, db, '$out');
  const existing = engine.getCollection(to.db, to.coll);
  if (existing?.options.viewOn !== undefined) {
    throw new MongoCommandError(166, `Namespace ${to.db}.${to.coll} is a view, not a collection`);
  }
  const docs = results.map(withId);
  const trial = new CollectionStore(to.db, to.coll);
  for (const ix of existing?.indexes.values() ?? []) trial.addIndex(ix.spec);
  for (const d of docs) trial.insert(d);
  const coll = existing ?? engine.ensureCollection(to.db, to.coll);
  for (const key of [...coll.docs.keys()]) engine.remove(coll, key);
  for (const d of docs) engine.insert(coll, d);
}

type WhenMatched = 'replace' | 'keepExisting' | 'merge' | 'fail' | Doc[];
type WhenNotMatched = 'insert' | 'discard' | 'fail';

/**
 * `$merge`: each result is matched to the target by its `on` fields (default `_id`, otherwise a
 * unique index on exactly those fields must exist), then replaced, kept, merged, updated by a
 * pipeline or refused (whenMatched), or inserted, discarded or refused (whenNotMatched). Like
 * mongod, documents written before an error stay written.
 */
export function runMerge(engine: StorageEngine, db: string, raw: unknown, results: Doc[]): void {
  const spec: Doc = typeof raw === 'string' ? { into: raw } : ((raw ?? {}) as Doc);
  const to = target(spec.into, db, '$merge');
  const on =
    spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on.map(String) : [String(spec.on)];
  const whenMatched = (spec.whenMatched ?? 'merge') as WhenMatched;
  const whenNotMatched = (spec.whenNotMatched ?? 'insert') as WhenNotMatched;
  const variables = (spec.let ?? undefined) as Doc | undefined;
  const coll = engine.ensureCollection(to.db, to.coll);
  if (coll.options.viewOn !== undefined) {
    throw new MongoCommandError(166, `Namespace ${to.db}.${to.coll} is a view, not a collection`);
  }
  const onIsId = on.length === 1 && on[0] === '_id';
  const index = onIsId
    ? null
    : [...coll.indexes.values()].find(
        (ix) =>
          ix.unique &&
          !ix.spec.partialFilterExpression &&
          ix.fields.length === on.length &&
          on.every((f) => ix.fields.includes(f)),
      );
  if (!onIsId && !index) {
    throw new MongoCommandError(51183, 'Cannot find index to verify that join fields will be unique');
  }
  for (const result of results) {
    const keyValues = on.map((f) => {
      const values = pathValues(result, f);
      const v = values[0];
      if (values.length !== 1 || v === undefined || v === null || Array.isArray(v)) {
        throw new MongoCommandError(
          51132,
          `$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`,
        );
      }
      return v;
    });
    const match = findMatch(coll, on, keyValues);
    if (!match) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') {
        throw new MongoCommandError(
          13113,
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      }
      engine.insert(coll, withId(result));
      continue;
    }
    const idKey = hashKey(match._id);
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      throw new MongoCommandError(
        11000,
        `$merge with whenMatched: fail found an existing document with the same values for the 'on' field: ${on.join(', ')}`,
      );
    }
    let next: Doc;
    if (Array.isArray(whenMatched)) {
      [next] = runPipeline([{ ...match }], whenMatched, () => [], undefined, { ...variables, new: result });
    } else if (whenMatched === 'replace') next = { ...result, _id: match._id };
    else next = { ...match, ...result, _id: match._id };
    if (result._id !== undefined && !bsonEquals(result._id, match._id)) {
      throw new MongoCommandError(
        66,
        '$merge failed to update the matching document, did you attempt to modify the _id or the shard key?',
      );
    }
    engine.replace(coll, idKey, { _id: match._id, ...next });
  }
}

function findMatch(coll: CollectionStore, on: string[], values: unknown[]): Doc | undefined {
  if (on.length === 1 && on[0] === '_id') return coll.get(hashKey(values[0]));
  const filter: Doc = {};
  on.forEach((f, i) => (filter[f] = values[i]));
  return coll.select(
    filter,
    (d) => on.every((f, i) => pathValues(d, f).some((v) => bsonEquals(v, values[i]))),
    {
      order: 'natural',
      stopAt: 1,
    },
  )[0];
}
