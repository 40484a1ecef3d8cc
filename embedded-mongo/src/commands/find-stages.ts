import type { SortSpec } from '../query/bson-order';
import type { Doc } from './command-context';

/** The query a pipeline's leading stages amount to: a find's filter, sort, skip, limit and projection. */
export interface LeadingFind {
  filter: Doc;
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Doc;
  /** How many stages of the pipeline it stands for. */
  used: number;
}

const isPlainObject = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The operand of a one-key stage `{ op: operand }`, or undefined when the stage is anything else. */
function operand(stage: Doc | undefined, op: string): unknown {
  if (!stage || Object.keys(stage).length !== 1 || !(op in stage)) return undefined;
  return stage[op];
}

const isCount = (v: unknown, min: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min;

/**
 * Field inclusions or exclusions only (`_id` either way), which a find projection applies exactly
 * as `$project` does; expressions, positional paths and mixes are left to the pipeline engine,
 * which reports their errors in `$project`'s words.
 */
function isPlainProjection(spec: unknown): spec is Doc {
  if (!isPlainObject(spec)) return false;
  const kinds = new Set<boolean>();
  for (const [path, v] of Object.entries(spec)) {
    if (path.startsWith('$') || path.includes('$') || path === '') return false;
    if (v !== 0 && v !== 1 && v !== true && v !== false) return false;
    if (path !== '_id') kinds.add(v === 1 || v === true);
  }
  return kinds.size === 1;
}

/**
 * A pipeline's leading `$match`, then an optional `$sort`, `$skip`, `$limit` and plain `$project`
 * in that order, as one query, which mongod's planner answers from indexes (a sort an index
 * delivers stops at the limit). Null when the pipeline does not start with a `$match`.
 */
export function leadingFind(pipeline: Doc[]): LeadingFind | null {
  const filter = operand(pipeline[0], '$match');
  if (!isPlainObject(filter)) return null;
  const found: LeadingFind = { filter, used: 1 };
  const sort = operand(pipeline[found.used], '$sort');
  if (
    isPlainObject(sort) &&
    Object.keys(sort).length > 0 &&
    Object.values(sort).every((d) => d === 1 || d === -1)
  ) {
    found.sort = sort as SortSpec;
    found.used++;
  }
  const skip = operand(pipeline[found.used], '$skip');
  if (isCount(skip, 0)) {
    found.skip = skip;
    found.used++;
  }
  const limit = operand(pipeline[found.used], '$limit');
  if (isCount(limit, 1)) {
    found.limit = limit;
    found.used++;
  }
  const projection = operand(pipeline[found.used], '$project');
  if (isPlainProjection(projection)) {
    found.projection = projection;
    found.used++;
  }
  return found;
}

/** A `$unionWith` of a collection through a sub-pipeline: `{ coll, pipeline }`. */
export interface UnionStage {
  coll: string;
  pipeline: Doc[];
}

function unionStage(stage: Doc): UnionStage | null {
  const spec = operand(stage, '$unionWith');
  if (!isPlainObject(spec) || typeof spec.coll !== 'string' || !Array.isArray(spec.pipeline)) return null;
  if (Object.keys(spec).some((k) => k !== 'coll' && k !== 'pipeline')) return null;
  return { coll: spec.coll, pipeline: spec.pipeline as Doc[] };
}

/**
 * An uncorrelated `$lookup`: `{ from, pipeline, as }` and nothing else (no `let`, no local or
 * foreign field), whose pipeline reads the same documents whatever the input document is.
 */
function subqueryStage(stage: Doc): (UnionStage & { as: string }) | null {
  const spec = operand(stage, '$lookup');
  if (!isPlainObject(spec) || typeof spec.from !== 'string' || !Array.isArray(spec.pipeline)) return null;
  if (typeof spec.as !== 'string' || spec.as === '' || spec.as.startsWith('$') || spec.as.includes('.'))
    return null;
  if (Object.keys(spec).some((k) => k !== 'from' && k !== 'pipeline' && k !== 'as')) return null;
  return { coll: spec.from, pipeline: spec.pipeline as Doc[], as: spec.as };
}

/** A copy of `doc` with `field` set to `value` (last if new), as `{ ...doc, [field]: value }`. */
function withField(doc: Doc, field: string, value: unknown): Doc {
  if (field === '__proto__' || hasOwnProto(doc)) return { ...doc, [field]: value };
  const out = Object.assign({}, doc);
  out[field] = value;
  return out;
}

/**
 * Runs `stages` over `docs` with `run` (the pipeline engine), except for the `$unionWith` stages
 * `union` answers itself (through the other collection's indexes; null leaves the stage to the
 * engine). A `$unionWith` followed by a `$limit` that the documents before it already fill is not
 * run at all: mongod's pipeline pulls documents one at a time and never opens the union then. A
 * search's ranked tiers (`name matches, then $unionWith text matches, $limit`) read the second
 * tier only when the first leaves room on the page.
 *
 * An uncorrelated `$lookup` (`{ from, pipeline, as }`) is answered the same way: its pipeline read
 * once through `union` and set on every document, and not read at all when no document reaches it
 * (as in mongod, which runs a `$lookup` per input document). Authentication joins a read to the
 * session so (a session, then the page of a search), and an unknown or revoked session reads
 * nothing else.
 */
export function runWithUnions(
  docs: Doc[],
  stages: Doc[],
  run: (docs: Doc[], stages: Doc[]) => Doc[],
  union: (stage: UnionStage) => Doc[] | null,
): Doc[] {
  let out = docs;
  let segment: Doc[] = [];
  for (let i = 0; i < stages.length; i++) {
    const subquery = subqueryStage(stages[i]);
    if (subquery) {
      if (segment.length > 0) out = run(out, segment);
      segment = [];
      if (out.length === 0) continue;
      const theirs = union(subquery);
      if (theirs) out = out.map((d) => withField(d, subquery.as, theirs.slice()));
      else segment.push(stages[i]);
      continue;
    }
    const stage = unionStage(stages[i]);
    if (!stage) {
      segment.push(stages[i]);
      continue;
    }
    if (segment.length > 0) out = run(out, segment);
    segment = [];
    const limit = operand(stages[i + 1], '$limit');
    if (isCount(limit, 1) && out.length >= limit) continue;
    const theirs = union(stage);
    if (theirs) out = [...out, ...theirs];
    else segment.push(stages[i]);
  }
  return segment.length > 0 ? run(out, segment) : out;
}

/** A `$set`/`$addFields` value that is a constant as written: no field path, variable or expression. */
const isLiteral = (v: unknown): boolean =>
  v === null ||
  typeof v === 'number' ||
  typeof v === 'boolean' ||
  (typeof v === 'string' && !v.startsWith('$'));

/**
 * Whether a document has a field named `__proto__` of its own. A copy by Object.assign sets
 * fields where `{ ...d, ...set }` defines them, which differs for that name only (a set would
 * change the copy's prototype); everywhere else the copies are equal, keys in the same order, and
 * Object.assign makes them ~10x faster: 21 documents of 8 fields with one field set took 47-57 µs
 * with the two spreads and 2.6-5 µs assigned (microbench), per page of a search (#19).
 */
export const hasOwnProto = (doc: Doc): boolean => Object.prototype.hasOwnProperty.call(doc, '__proto__');

/**
 * The stages' output when each is a `$limit` or a `$set`/`$addFields` of literal values on
 * top-level fields (a search's `{ $set: { searchTier: 1 } }` after each tier), computed without
 * the pipeline engine, whose set-up per call costs more than these stages on a page of results;
 * null when any stage is something else. Documents are copied, never changed: they may be the
 * stored ones. A field already present keeps its place, a new one goes last, as in mongod.
 */
export function runSimpleStages(docs: Doc[], stages: Doc[]): Doc[] | null {
  for (const stage of stages) {
    if (isCount(operand(stage, '$limit'), 1)) continue;
    const set = operand(stage, '$set') ?? operand(stage, '$addFields');
    if (!isPlainObject(set) || Object.keys(set).length === 0) return null;
    for (const [field, v] of Object.entries(set)) {
      if (field === '' || field.startsWith('$') || field.includes('.') || field === '_id') return null;
      if (!isLiteral(v)) return null;
    }
  }
  let out = docs;
  for (const stage of stages) {
    const limit = operand(stage, '$limit');
    if (isCount(limit, 1)) {
      if (out.length > limit) out = out.slice(0, limit);
      continue;
    }
    const set = (operand(stage, '$set') ?? operand(stage, '$addFields')) as Doc;
    const setsProto = hasOwnProto(set);
    out = out.map((d) => (setsProto || hasOwnProto(d) ? { ...d, ...set } : Object.assign({}, d, set)));
  }
  return out;
}
