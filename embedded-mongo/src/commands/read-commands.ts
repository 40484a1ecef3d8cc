import { Long, ObjectId } from 'mongodb';
import { MongoCommandError, badValue } from '../errors';
import { hashKey, sortDocuments, pathValues, type SortSpec } from '../query/bson-order';
import { parseCollation, type Collation } from '../query/collation';
import { FilterCache } from '../query/filter-cache';
import { compileFilter, runPipeline } from '../query/mingo-context';
import { compileProjection } from '../query/projection';
import type { CollectionStore, ReadOrder } from '../storage/collection-store';
import { ArraySource, WindowSource, type DocSource } from '../storage/doc-source';
import {
  collectionName,
  intOption,
  letVariables,
  type CommandContext,
  type CommandHandler,
  type Doc,
} from './command-context';
import { DEFAULT_FIRST_BATCH, encodeBatch, forEachResult } from './cursor-registry';
import {
  leadingFind,
  runSimpleStages,
  runWithUnions,
  type LeadingFind,
  type UnionStage,
} from './find-stages';
import { indexedLookups } from './indexed-lookup';
import { runMerge, runOut } from './output-stages';
import { SortedSource } from './sorted-source';

export interface FindSpec {
  filter?: Doc;
  sort?: SortSpec;
  /** The command's collation option; absent means the collection's default collation. */
  collation?: unknown;
  skip?: number;
  limit?: number;
  /** `let` variables for `$$name` in `$expr`. */
  variables?: Doc;
}

/** The collation an operation runs under: its own option, else the collection's default. */
export function effectiveCollation(coll: CollectionStore | undefined, collation: unknown): Collation | null {
  if (collation !== undefined && collation !== null) return parseCollation(collation);
  return parseCollation(coll?.options.collation);
}

/** A find's parts as the store reads them. */
interface PreparedFind {
  pred: (doc: Doc) => boolean;
  skip: number;
  /** Infinity when the find has none. */
  limit: number;
  sort: SortSpec | undefined;
}

function prepareFind(coll: CollectionStore, spec: FindSpec, collation: Collation | null): PreparedFind {
  const pred =
    coll.isExactLookup(spec.filter, collation) && !spec.variables
      ? () => true
      : cachedFilter(spec.filter, collation, spec.variables);
  const skip = spec.skip ?? 0;
  const limit = spec.limit && spec.limit > 0 ? spec.limit : Infinity;
  const sort = spec.sort && Object.keys(spec.sort).length > 0 ? spec.sort : undefined;
  return { pred, skip, limit, sort };
}

/**
 * Runs filter → sort → skip → limit over a collection. Index posting lists and ranges narrow the
 * candidates; with no sort, `$natural`, an `_id` sort or a sort an index delivers, reading stops
 * once skip + limit documents matched.
 */
export function queryDocuments(coll: CollectionStore | undefined, spec: FindSpec, unordered = false): Doc[] {
  const collation = effectiveCollation(coll, spec.collation);
  if (!coll) return [];
  const prepared = prepareFind(coll, spec, collation);
  const { pred, skip, limit, sort } = prepared;
  const order = readOrder(sort, collation, unordered);
  if (order) return coll.select(spec.filter, pred, { order, stopAt: skip + limit, collation }).slice(skip);
  return sortedByIndex(coll, spec, prepared, collation) ?? sortedInMemory(coll, spec, prepared, collation);
}

/** Every match collected and sorted: only the first skip + limit are kept (a heap), not all sorted. */
function sortedInMemory(
  coll: CollectionStore,
  spec: FindSpec,
  { pred, skip, limit, sort }: PreparedFind,
  collation: Collation | null,
): Doc[] {
  const out = coll.select(spec.filter, pred, { order: 'natural', stopAt: Infinity, collation });
  const sorted = sortDocuments(out, sort as SortSpec, collation?.compare, skip + limit);
  return sorted.slice(skip, limit === Infinity ? undefined : skip + limit);
}

/** A sorted read's results when an index delivers its order (a prefix or its first field), else null. */
function sortedByIndex(
  coll: CollectionStore,
  spec: FindSpec,
  { pred, skip, limit, sort }: PreparedFind,
  collation: Collation | null,
): Doc[] | null {
  if (!sort) return null;
  const byPrefix = coll.selectByPrefix(spec.filter, pred, sort, skip + limit, collation);
  if (byPrefix) return byPrefix.slice(skip, limit === Infinity ? undefined : skip + limit);
  const byIndex = coll.sortIndex(sort, collation);
  const out = byIndex ? coll.selectSorted(spec.filter, pred, byIndex, skip + limit, collation) : null;
  return out ? out.slice(skip, limit === Infinity ? undefined : skip + limit) : null;
}

/**
 * A find's results for its cursor to read batch by batch, each through `project` (#19). A read in
 * an order the store walks (natural, `_id`: no sort, or one of those) goes on reading as batches
 * are asked for: nothing past the batch is decoded, checked or projected, and each document is
 * read as it is when the read reaches it (one removed before is not met, one changed is checked
 * again). A sorted read finds its matches at once, as the stored documents they are then, and
 * projects them batch by batch.
 */
export function findSource(
  coll: CollectionStore | undefined,
  spec: FindSpec,
  project?: ((doc: Doc) => Doc) | null,
  unordered = false,
): DocSource {
  const collation = effectiveCollation(coll, spec.collation);
  if (!coll) return new ArraySource([]);
  const prepared = prepareFind(coll, spec, collation);
  const { pred, skip, limit, sort } = prepared;
  const order = readOrder(sort, collation, unordered);
  const window = limit === Infinity ? 0 : limit;
  if (order) {
    const matches = coll.openSelect(spec.filter, pred, { order, stopAt: skip + limit, collation });
    return new WindowSource(matches, skip, window, project);
  }
  const byIndex = sortedByIndex(coll, spec, prepared, collation);
  if (byIndex) return new ArraySource(byIndex, project);
  // A page (a few times fewer than the collection) is kept in one pass by sortDocuments' heap.
  if ((skip + limit) * 4 < coll.docs.size) {
    return new ArraySource(sortedInMemory(coll, spec, prepared, collation), project);
  }
  const matches = coll.openSelect(spec.filter, pred, { order: 'natural', stopAt: Infinity, collation });
  const sorted = new SortedSource(matches, sort as SortSpec, collation?.compare);
  return new WindowSource(sorted, skip, window, project);
}

/**
 * Compiled filters by their exact value (see filterKey) and collation. Compiling a search's filter
 * costs tens of µs (mingo's Query), a good part of a directory search's ranked read; every search
 * compiles the same two filter shapes with the words typed, and members repeat searches (#19).
 * The predicates are pure functions of the filter, so a hit is the same predicate. A filter is
 * kept from its second use on (see FilterCache): a session read's filter, which carries the time,
 * is never used twice.
 */
const compiledFilters = new FilterCache<(doc: Doc) => boolean>();

function cachedFilter(filter: Doc | undefined, collation: Collation | null, variables?: Doc) {
  const key = variables || !filter ? null : filterKey(filter);
  if (key === null) return compileFilter(filter, collation?.spec, variables);
  return compiledFilters.get(`${collation?.id ?? ''}\u0000${key}`, () =>
    compileFilter(filter, collation?.spec),
  );
}

/**
 * A string naming a filter's value exactly, types included (an ObjectId and its hex string, a
 * Date and its number, a Long and a number differ), or null when it holds anything else, or an
 * operator whose answer may change between calls ($expr's $$NOW and $rand, $where, $function),
 * which is then compiled afresh.
 */
function filterKey(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'object':
      break;
    default:
      return null;
  }
  if (v === null) return 'N';
  if (Array.isArray(v)) {
    const parts: string[] = [];
    for (const x of v) {
      const k = filterKey(x);
      if (k === null) return null;
      parts.push(k);
    }
    return `[${parts.join(',')}]`;
  }
  if (v instanceof ObjectId) return `o${v.toHexString()}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof Long) return `l${v.toString()}`;
  if (Object.getPrototypeOf(v) !== Object.prototype) return null;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Doc)) {
    if (k === '$expr' || k === '$where' || k === '$function') return null;
    const vk = filterKey(x);
    if (vk === null) return null;
    parts.push(`${JSON.stringify(k)}:${vk}`);
  }
  return `{${parts.join(',')}}`;
}

/** A pipeline's leading find (see leadingFind) over a collection, its projection applied. */
function findDocuments(coll: CollectionStore, lead: LeadingFind, collation: unknown, variables?: Doc): Doc[] {
  const { filter, sort, skip, limit, projection } = lead;
  const docs = queryDocuments(coll, { filter, sort, skip, limit, collation, variables });
  const project = compileProjection(projection, filter);
  return project ? docs.map(project) : docs;
}

/** The order the store can produce directly for this sort, or null when a real sort is needed. */
function readOrder(
  sort: SortSpec | undefined,
  collation: Collation | null,
  unordered: boolean,
): ReadOrder | null {
  if (!sort) return unordered ? 'any' : 'natural';
  // $natural is insertion order, which is how documents are kept.
  if ('$natural' in sort) return Number(sort.$natural) < 0 ? 'natural-reverse' : 'natural';
  const keys = Object.keys(sort);
  if (keys.length !== 1) return null;
  const dir = sort[keys[0]];
  // _id sorts follow the store's _id order (strings under a collation would sort differently).
  if (keys[0] === '_id' && typeof dir === 'number' && !collation) {
    return dir < 0 ? 'id-desc' : 'id-asc';
  }
  return null;
}

/**
 * The documents of a view (its source's documents through its pipeline, views on views resolved),
 * or null when `name` is not a view. Views are computed on every read, as in mongod.
 */
export function viewDocuments(ctx: CommandContext, name: string, depth = 0): Doc[] | null {
  const view = ctx.engine.getCollection(ctx.db, name);
  if (!view || view.options.viewOn === undefined) return null;
  if (depth > 20)
    throw new MongoCommandError(165, `View depth too deep or view cycle detected; maximum depth is 20`);
  const on = String(view.options.viewOn);
  const source = viewDocuments(ctx, on, depth + 1) ?? [
    ...(ctx.engine.getCollection(ctx.db, on)?.docs.values() ?? []),
  ];
  const resolver = (other: string): Doc[] => [
    ...(ctx.engine.getCollection(ctx.db, other)?.docs.values() ?? []),
  ];
  const pipeline = Array.isArray(view.options.pipeline) ? (view.options.pipeline as Doc[]) : [];
  return pipeline.length ? runPipeline(source, pipeline, resolver, view.options.collation) : source;
}

/** filter → sort → skip → limit over documents that are not in a store (a view's). */
function queryArray(docs: Doc[], spec: FindSpec): Doc[] {
  const collation = parseCollation(spec.collation);
  const pred = compileFilter(spec.filter, collation?.spec, spec.variables);
  let out = docs.filter((d) => pred(d));
  if (spec.sort && Object.keys(spec.sort).length > 0) out = sortDocuments(out, spec.sort, collation?.compare);
  const skip = spec.skip ?? 0;
  return out.slice(skip, spec.limit && spec.limit > 0 ? skip + spec.limit : undefined);
}

/** A cursor's reply; the batch first in the cursor, the cursor first in the reply (encoded-batch.ts). */
async function cursorReply(ns: string, first: boolean, batch: Doc[], id: Long): Promise<Doc> {
  return { cursor: { [first ? 'firstBatch' : 'nextBatch']: await encodeBatch(batch), id, ns }, ok: 1 };
}

function asDoc(v: unknown, name: string): Doc | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new MongoCommandError(
      14,
      `BSON field 'FindCommandRequest.${name}' is the wrong type '${Array.isArray(v) ? 'array' : typeof v}', expected type 'object'`,
    );
  }
  return v as Doc;
}

const find: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'find');
  const ns = `${ctx.db}.${name}`;
  const filter = asDoc(cmd.filter, 'filter');
  const sort = asDoc(cmd.sort, 'sort') as SortSpec | undefined;
  const skip = intOption(cmd.skip, 0);
  let limit = intOption(cmd.limit, 0);
  if (skip < 0) throw badValue('skip value must be non-negative');
  let singleBatch = cmd.singleBatch === true;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const spec: FindSpec = {
    filter,
    sort,
    skip,
    limit,
    collation: cmd.collation,
    variables: letVariables(cmd),
  };
  const view = viewDocuments(ctx, name);
  const project = compileProjection(asDoc(cmd.projection, 'projection'), filter);
  const results = view
    ? new ArraySource(queryArray(view, spec), project)
    : findSource(ctx.engine.getCollection(ctx.db, name), spec, project);
  const batchSize = intOption(cmd.batchSize, DEFAULT_FIRST_BATCH);
  const firstBatch = limit > 0 ? Math.min(limit, batchSize || limit) : batchSize;
  // With a limit the batch fills, the source ends at it: the cursor is closed at once (id 0).
  const { batch, id } = await ctx.cursors.open(ns, results, firstBatch, singleBatch);
  return cursorReply(ns, true, batch, id);
};

const getMore: CommandHandler = async (cmd, ctx) => {
  const id = cmd.getMore instanceof Long ? cmd.getMore : Long.fromNumber(Number(cmd.getMore));
  const ns = `${ctx.db}.${String(cmd.collection)}`;
  const { batch, id: next } = await ctx.cursors.getMore(id, ns, intOption(cmd.batchSize, 0) || -1);
  return cursorReply(ns, false, batch, next);
};

const killCursors: CommandHandler = (cmd, ctx) => {
  const ids = (Array.isArray(cmd.cursors) ? cmd.cursors : []).map((c) =>
    c instanceof Long ? c : Long.fromNumber(Number(c)),
  );
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'count');
  const coll = ctx.engine.getCollection(ctx.db, name);
  const query = asDoc(cmd.query, 'query');
  parseCollation(cmd.collation);
  const skip = intOption(cmd.skip, 0);
  const limit = Math.abs(intOption(cmd.limit, 0));
  const view = viewDocuments(ctx, name);
  if (view) {
    return { n: queryArray(view, { filter: query, skip, limit, collation: cmd.collation }).length, ok: 1 };
  }
  if (!query || Object.keys(query).length === 0) {
    const n = Math.max(0, (coll?.docs.size ?? 0) - skip);
    return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
  }
  return { n: await countMatches(coll, { filter: query, skip, limit, collation: cmd.collation }), ok: 1 };
};

/**
 * How many documents a find would return, read in slices (#19): a count over 300,000 people with
 * a filter no index narrows is one long read, and in one step it held every other request.
 */
async function countMatches(coll: CollectionStore | undefined, spec: FindSpec): Promise<number> {
  let n = 0;
  await forEachResult(findSource(coll, spec, null, true), () => n++);
  return n;
}

const distinct: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'distinct');
  if (typeof cmd.key !== 'string')
    throw new MongoCommandError(14, "BSON field 'distinct.key' is missing but a required field");
  const key = cmd.key;
  const coll = ctx.engine.getCollection(ctx.db, name);
  const collation = effectiveCollation(coll, cmd.collation);
  const spec: FindSpec = { filter: asDoc(cmd.query, 'query'), collation: cmd.collation };
  const view = viewDocuments(ctx, name);
  // Under a collation, values it treats as equal are one value (the first one met is returned).
  const seen = new Map<string, unknown>();
  const found: unknown[] = [];
  const collect = (doc: Doc): void => {
    for (const v of pathValues(doc, key)) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (x === undefined) continue;
        const k = hashKey(x, collation?.key);
        if (seen.has(k)) continue;
        if (
          collation &&
          typeof x === 'string' &&
          found.some((y) => typeof y === 'string' && collation.compare(x, y) === 0)
        ) {
          continue;
        }
        seen.set(k, x);
        found.push(x);
      }
    }
  };
  // The matches are read in slices, as a count's are.
  if (view) queryArray(view, spec).forEach(collect);
  else await forEachResult(findSource(coll, spec, null, true), collect);
  return {
    values: sortDocuments(
      found.map((v) => ({ v })),
      { v: 1 },
      collation?.compare,
    ).map((d) => d.v),
    ok: 1,
  };
};

/**
 * The field a `$group` stage counts its input into when it is nothing else: one group whose `_id`
 * is a constant, with one `{ $sum: 1 }` (what the driver's countDocuments ends its pipeline with:
 * `{ $group: { _id: 1, n: { $sum: 1 } } }`). Null for any other stage.
 */
function countingGroup(stage: Doc | undefined): { id: unknown; field: string } | null {
  const group = stage && Object.keys(stage).length === 1 ? stage.$group : undefined;
  if (!group || typeof group !== 'object' || Array.isArray(group)) return null;
  const keys = Object.keys(group);
  if (keys.length !== 2 || keys[0] !== '_id') return null;
  const id = (group as Doc)._id;
  const constant =
    id === null ||
    typeof id === 'number' ||
    typeof id === 'boolean' ||
    (typeof id === 'string' && !id.startsWith('$'));
  const field = keys[1];
  const acc = (group as Doc)[field] as Doc | undefined;
  if (!constant || field === '' || field.startsWith('$') || field.includes('.')) return null;
  if (!acc || typeof acc !== 'object' || Object.keys(acc).length !== 1 || acc.$sum !== 1) return null;
  return { id, field };
}

const aggregate: CommandHandler = async (cmd, ctx) => {
  if (!Array.isArray(cmd.pipeline))
    throw new MongoCommandError(14, "'pipeline' option must be specified as an array");
  if (cmd.explain) throw new MongoCommandError(20, 'explain is not supported by embedded-mongo');
  if (!cmd.cursor || typeof cmd.cursor !== 'object') {
    throw new MongoCommandError(
      9,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  let pipeline = cmd.pipeline as Doc[];
  // $out / $merge write the results of the rest of the pipeline; they must be its last stage.
  let output: Doc | undefined;
  pipeline.forEach((stage, i) => {
    const op = Object.keys(stage)[0];
    if ((op === '$out' || op === '$merge') && i !== pipeline.length - 1) {
      throw new MongoCommandError(40601, `${op} can only be the final stage in the pipeline`);
    }
  });
  const last = pipeline[pipeline.length - 1];
  if (last && ('$out' in last || '$merge' in last)) {
    output = last;
    pipeline = pipeline.slice(0, -1);
  }
  const isCollection = typeof cmd.aggregate === 'string';
  const name = isCollection ? (cmd.aggregate as string) : '$cmd.aggregate';
  const ns = `${ctx.db}.${name}`;
  let input: Doc[] = [];
  let rest = pipeline;
  const view = isCollection ? viewDocuments(ctx, name) : null;
  if (view) input = view;
  else if (isCollection) {
    const coll = ctx.engine.getCollection(ctx.db, name);
    // A leading $match (with the $sort, $skip, $limit and $project after it) is one indexed query.
    const lead = coll ? leadingFind(pipeline) : null;
    if (lead && coll && lead.used === pipeline.length && !output) {
      // The whole pipeline is a find: its cursor reads batch by batch as find's does.
      const { filter, sort, skip, limit, projection } = lead;
      const spec = { filter, sort, skip, limit, collation: cmd.collation, variables: letVariables(cmd) };
      const source = findSource(coll, spec, compileProjection(projection, filter));
      const batchSize = intOption((cmd.cursor as Doc).batchSize, DEFAULT_FIRST_BATCH);
      const { batch, id } = await ctx.cursors.open(ns, source, batchSize, false);
      return cursorReply(ns, true, batch, id);
    }
    const counting = countingGroup(pipeline[pipeline.length - 1]);
    if (lead && coll && counting && lead.used === pipeline.length - 1 && !output) {
      // A count (countDocuments): the matches are counted in slices, never gathered. The order and
      // the projection change nothing a count sees; the skip and the limit do.
      const { filter, skip, limit } = lead;
      const spec = { filter, skip, limit, collation: cmd.collation, variables: letVariables(cmd) };
      const n = await countMatches(coll, spec);
      // A $group over no documents outputs no group at all.
      return cursorReply(ns, true, n > 0 ? [{ _id: counting.id, [counting.field]: n }] : [], Long.ZERO);
    }
    if (lead && coll) {
      input = findDocuments(coll, lead, cmd.collation, letVariables(cmd));
      rest = pipeline.slice(lead.used);
    } else input = coll ? [...coll.docs.values()] : [];
  } else if (pipeline[0] && '$listLocalSessions' in pipeline[0]) {
    input = ctx.sessions?.list() ?? [];
    rest = pipeline.slice(1);
  } else if (!pipeline[0] || !('$documents' in pipeline[0])) {
    throw new MongoCommandError(
      73,
      `{aggregate: 1} is not valid for '${pipeline[0] ? Object.keys(pipeline[0])[0] : 'empty pipeline'}'; a collection is required.`,
    );
  }
  if (isCollection && !view) {
    const local = ctx.engine.getCollection(ctx.db, name);
    ({ docs: input, rest } = indexedLookups(
      input,
      rest,
      (other) => ctx.engine.getCollection(ctx.db, other),
      (coll, filter) => queryDocuments(coll, { filter }),
      cmd.collation !== undefined || !!local?.options.collation,
    ));
  }
  const resolver = (other: string): Doc[] => [
    ...(ctx.engine.getCollection(ctx.db, other)?.docs.values() ?? []),
  ];
  const collation = isCollection
    ? effectiveCollation(ctx.engine.getCollection(ctx.db, name), cmd.collation)
    : parseCollation(cmd.collation);
  const run = (docs: Doc[], stages: Doc[]): Doc[] =>
    runSimpleStages(docs, stages) ?? runPipeline(docs, stages, resolver, collation?.spec, letVariables(cmd));
  const union = (stage: UnionStage): Doc[] | null => {
    const foreign = ctx.engine.getCollection(ctx.db, stage.coll);
    const lead = leadingFind(stage.pipeline);
    if (!isCollection || !lead || foreign?.options.viewOn !== undefined) return null;
    // The union runs under the aggregation's collation: without one, only when neither collection
    // has a default collation of its own that the foreign query would otherwise apply.
    const local = ctx.engine.getCollection(ctx.db, name);
    if (cmd.collation === undefined && (local?.options.collation || foreign?.options.collation)) return null;
    const docs = foreign ? findDocuments(foreign, lead, cmd.collation, letVariables(cmd)) : [];
    const after = stage.pipeline.slice(lead.used);
    return after.length > 0 ? runWithUnions(docs, after, run, union) : docs;
  };
  const results = rest.length ? runWithUnions(input, rest, run, union) : input;
  if (output) {
    try {
      if ('$out' in output) runOut(ctx.engine, ctx.db, output.$out, results);
      else runMerge(ctx.engine, ctx.db, output.$merge, results);
    } finally {
      // What $merge wrote before an error stays written, as in mongod: make it durable either way.
      await ctx.engine.flush();
    }
    return cursorReply(ns, true, [], Long.ZERO);
  }
  const cursorOpts = cmd.cursor as Doc;
  const { batch, id } = await ctx.cursors.open(
    ns,
    results,
    intOption(cursorOpts.batchSize, DEFAULT_FIRST_BATCH),
    false,
  );
  return cursorReply(ns, true, batch, id);
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
