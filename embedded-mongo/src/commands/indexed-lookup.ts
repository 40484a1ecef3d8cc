import { ObjectId } from 'mongodb';
import type { CollectionStore } from '../storage/collection-store';
import type { Doc } from './command-context';
import { hasOwnProto } from './find-stages';

/** The equality `$lookup` form: one field of each side, no sub-pipeline, no variables. */
type PlainLookup = { from: string; localField: string; foreignField: string; as: string };

function plainLookup(stage: Doc): PlainLookup | null {
  const spec = stage.$lookup as Doc | undefined;
  if (!spec || typeof spec !== 'object' || Object.keys(spec).length !== 4) return null;
  const { from, localField, foreignField, as } = spec;
  if (typeof from !== 'string' || typeof localField !== 'string' || typeof foreignField !== 'string')
    return null;
  if (typeof as !== 'string' || as.includes('.') || localField.includes('.')) return null;
  return { from, localField, foreignField, as };
}

/**
 * Local values whose $lookup equality is plain query equality (no arrays, documents or regexes);
 * under a collation only those it cannot change: no strings.
 */
function isScalarKey(v: unknown, collated: boolean): boolean {
  return (
    v === undefined ||
    v === null ||
    (typeof v === 'string' && !collated) ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    v instanceof ObjectId ||
    v instanceof Date
  );
}

/** `_id`, or the first field of a plain (not sparse, not partial, no collation) index. */
function isIndexed(coll: CollectionStore, field: string): boolean {
  if (field === '_id') return true;
  return [...coll.indexes.values()].some(
    (ix) =>
      ix.fields[0] === field && !ix.spec.sparse && !ix.spec.partialFilterExpression && !ix.spec.collation,
  );
}

export type ForeignCollection = (name: string) => CollectionStore | undefined;
export type ForeignQuery = (coll: CollectionStore, filter: Doc) => Doc[];

/**
 * Runs the leading `$limit` and plain equality `$lookup` stages of a pipeline through the foreign
 * collection's indexes, one query per input document, instead of handing the whole foreign
 * collection to the pipeline engine (which copies and hashes every foreign document on every
 * call: a session → user join on each request would cost O(users)). A `$lookup` with a missing
 * local field matches foreign documents whose field is null or missing, as the query `{ f: null }`
 * does. Under a collation (`collated`: the aggregation's, or the local collection's default) a join
 * is taken here only when no local value is a string, since a collation compares strings alone: an
 * _id or ObjectId join (a session's user) is the same under any. Anything less plain (arrays,
 * strings under a collation, views, sub-pipelines, unindexed foreign fields) is left to the
 * pipeline engine.
 */
export function indexedLookups(
  input: Doc[],
  pipeline: Doc[],
  foreign: ForeignCollection,
  query: ForeignQuery,
  collated = false,
): { docs: Doc[]; rest: Doc[] } {
  let docs = input;
  let i = 0;
  for (; i < pipeline.length; i++) {
    const stage = pipeline[i];
    if ('$limit' in stage && Object.keys(stage).length === 1) {
      const n = stage.$limit;
      if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) break;
      docs = docs.slice(0, n);
      continue;
    }
    const lookup = plainLookup(stage);
    if (!lookup) break;
    const coll = foreign(lookup.from);
    if (coll && (coll.options.viewOn !== undefined || coll.options.collation)) break;
    // Without an index on the foreign field every query would scan: the engine's hash join is better.
    if (coll && !isIndexed(coll, lookup.foreignField)) break;
    if (!docs.every((d) => isScalarKey(d[lookup.localField], collated))) break;
    const { as } = lookup;
    docs = docs.map((d) => {
      const joined = coll ? query(coll, { [lookup.foreignField]: d[lookup.localField] ?? null }) : [];
      // A spread copies ~10x slower than Object.assign (authentication's session → user join runs
      // on every request, #19); a field named __proto__ is where the two differ, so it keeps it.
      if (as === '__proto__' || hasOwnProto(d)) return { ...d, [as]: joined };
      const out = Object.assign({}, d);
      out[as] = joined;
      return out;
    });
  }
  return { docs, rest: pipeline.slice(i) };
}
