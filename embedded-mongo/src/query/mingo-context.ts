import { Aggregator } from 'mingo/aggregator';
import { Context, ProcessingMode, evalExpr } from 'mingo/core';
import { Query } from 'mingo/query';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy';
import type { Options } from 'mingo/types';
import { Decimal128, Double, Int32, Long, MaxKey, MinKey, BSONRegExp, ObjectId } from 'mongodb';
import { applyNumeric } from './numeric-ops';
import {
  bsonEquals,
  bsonTypeMatches,
  canonicalTypeRank,
  collationComparator,
  compareBson,
  hashKey,
  isNumeric,
  pathValues,
  toNumber,
  sortDocuments,
  type SortSpec,
  type StringComparator,
} from './bson-order';
import { parseCollation } from './collation';
import { compileFastFilter } from './fast-filter';
import { jsonSchemaFailures } from './json-schema';
import { badValue } from '../errors';

type Doc = Record<string, unknown>;
type Predicate = (doc: unknown) => boolean;

/** Every value a path reaches, plus the elements of arrays it reaches (mongod's implicit array traversal). */
function candidates(doc: unknown, selector: string): { values: unknown[]; arrays: unknown[][] } {
  const values = pathValues(doc, selector);
  const arrays = values.filter((v): v is unknown[] => Array.isArray(v));
  return { values, arrays };
}

function toRegExp(v: unknown): RegExp | null {
  if (v instanceof RegExp) return v;
  if (v instanceof BSONRegExp) return new RegExp(v.pattern, v.options.replace(/[^imsu]/g, ''));
  return null;
}

/** The string comparator of the operation's collation (undefined: binary). */
function strCmpOf(options: Options | undefined): StringComparator | undefined {
  return parseCollation(options?.collation)?.compare;
}

function equalsMatch(doc: unknown, selector: string, target: unknown, strCmp?: StringComparator): boolean {
  const re = toRegExp(target);
  const { values, arrays } = candidates(doc, selector);
  // Regexes ignore the collation, as in mongod.
  const test = (v: unknown): boolean =>
    re
      ? (typeof v === 'string' && re.test(v)) || (v instanceof RegExp && v.source === re.source)
      : bsonEquals(v, target, strCmp);
  if (values.some(test)) return true;
  return arrays.some((arr) => arr.some(test));
}

function rangeMatch(
  doc: unknown,
  selector: string,
  target: unknown,
  ok: (c: number) => boolean,
  strCmp?: StringComparator,
): boolean {
  const rank = canonicalTypeRank(target);
  const bound = target instanceof MinKey || target instanceof MaxKey;
  const test = (v: unknown): boolean =>
    (bound || canonicalTypeRank(v) === rank) &&
    (v !== undefined || target === null) &&
    ok(compareBson(v, target, strCmp));
  const { values, arrays } = candidates(doc, selector);
  if (target === null) {
    // Only $gte/$lte null match; missing and null count as null.
    return values.some((v) => (v === null || v === undefined) && ok(0));
  }
  return values.some(test) || arrays.some((arr) => arr.some(test));
}

/**
 * The hash of a value whose BSON equality is exactly hash equality (strings, JS numbers, Long,
 * Int32/Double wrappers, booleans, ObjectIds, Dates), or null for anything else.
 */
function fastKey(v: unknown): string | null {
  if (typeof v === 'string') return 's' + v;
  if (
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    v instanceof ObjectId ||
    v instanceof Date ||
    v instanceof Long ||
    v instanceof Int32 ||
    v instanceof Double
  ) {
    return hashKey(v);
  }
  return null;
}

/**
 * Compiles `$in`: plain scalars go into a hash set, so a document costs one lookup per value it
 * holds instead of one comparison per list entry. Everything else (null, regexes, documents,
 * arrays, Decimal128...) keeps the general comparison.
 */
function compileIn(list: unknown, strCmp?: StringComparator): (doc: unknown, selector: string) => boolean {
  if (!Array.isArray(list)) throw badValue('$in needs an array');
  const keys = new Set<string>();
  const scalars: unknown[] = [];
  const rest: unknown[] = [];
  for (const t of list) {
    // Under a collation, strings compare through the collator rather than the hash set.
    const k = strCmp && typeof t === 'string' ? null : fastKey(t);
    if (k === null) rest.push(t);
    else {
      keys.add(k);
      scalars.push(t);
    }
  }
  if (keys.size === 0) return (doc, selector) => rest.some((t) => equalsMatch(doc, selector, t, strCmp));
  const test = (v: unknown): boolean => {
    if (strCmp && typeof v === 'string') return false; // strings are all in `rest`
    const k = fastKey(v);
    if (k !== null) return keys.has(k);
    // null, missing, arrays and documents never equal a plain scalar; other types compare one by one.
    if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return false;
    if (Object.getPrototypeOf(v) === Object.prototype) return false;
    return scalars.some((t) => bsonEquals(v, t));
  };
  return (doc, selector) => {
    const { values, arrays } = candidates(doc, selector);
    if (values.some(test) || arrays.some((arr) => arr.some(test))) return true;
    return rest.length > 0 && rest.some((t) => equalsMatch(doc, selector, t, strCmp));
  };
}

const queryOps = {
  $eq: (selector: string, value: unknown, options?: Options): Predicate => {
    const strCmp = strCmpOf(options);
    return (o) => equalsMatch(o, selector, value, strCmp);
  },
  $ne: (selector: string, value: unknown, options?: Options): Predicate => {
    const strCmp = strCmpOf(options);
    return (o) => !equalsMatch(o, selector, value, strCmp);
  },
  $gt: (selector: string, value: unknown, options?: Options): Predicate => {
    const strCmp = strCmpOf(options);
    return (o) => rangeMatch(o, selector, value, (c) => c > 0, strCmp);
  },
  $gte: (selector: string, value: unknown, options?: Options): Predicate => {
    const strCmp = strCmpOf(options);
    return (o) => rangeMatch(o, selector, value, (c) => c >= 0, strCmp);
  },
  $lt: (selector: string, value: unknown, options?: Options): Predicate => {
    const strCmp = strCmpOf(options);
    return (o) => rangeMatch(o, selector, value, (c) => c < 0, strCmp);
  },
  $lte: (selector: string, value: unknown, options?: Options): Predicate => {
    const strCmp = strCmpOf(options);
    return (o) => rangeMatch(o, selector, value, (c) => c <= 0, strCmp);
  },
  $in: (selector: string, value: unknown, options?: Options): Predicate => {
    const match = compileIn(value, strCmpOf(options));
    return (o) => match(o, selector);
  },
  $nin: (selector: string, value: unknown, options?: Options): Predicate => {
    if (!Array.isArray(value)) throw badValue('$nin needs an array');
    const match = compileIn(value, strCmpOf(options));
    return (o) => !match(o, selector);
  },
  // The top-level $jsonSchema: mingo would need an external validator; this one checks mongod's subset.
  $jsonSchema:
    (_selector: string, schema: unknown): Predicate =>
    (o) =>
      jsonSchemaFailures(schema as Doc, o).length === 0,
  $type: (selector: string, value: unknown): Predicate => {
    const types = Array.isArray(value) ? value : [value];
    return (o) => {
      const { values, arrays } = candidates(o, selector);
      return types.some(
        (t) =>
          values.some((v) => bsonTypeMatches(v, t)) ||
          (t !== 'array' && t !== 4 && arrays.some((a) => a.some((v) => bsonTypeMatches(v, t)))),
      );
    };
  },
};

/** A comparison expression; strings compare under the operation's collation, as in mongod. */
function binaryExpr(fn: (c: number) => unknown) {
  return (obj: unknown, expr: unknown, options: Options): unknown => {
    const [a, b] = evalExpr(obj, expr, options) as [unknown, unknown];
    return fn(compareBson(a, b, strCmpOf(options)));
  };
}

const expressionOps = {
  $eq: binaryExpr((c) => c === 0),
  $ne: binaryExpr((c) => c !== 0),
  $gt: binaryExpr((c) => c > 0),
  $gte: binaryExpr((c) => c >= 0),
  $lt: binaryExpr((c) => c < 0),
  $lte: binaryExpr((c) => c <= 0),
  $cmp: binaryExpr((c) => Math.sign(c)),
};

const isWideNumber = (v: unknown): boolean => v instanceof Long || v instanceof Decimal128;
const numericValues = (values: unknown[]): unknown[] => values.filter(isNumeric);

function sumValues(values: unknown[]): unknown {
  let total: unknown = 0;
  for (const v of numericValues(values)) total = applyNumeric('$inc', total, v);
  return total;
}

/** Evaluates the operand per document with each document as $$ROOT, exactly as mingo's $push does. */
function evalEach(coll: unknown[], expr: unknown, options: Options): unknown[] {
  const push = accumulatorOperators.$push as unknown as (c: unknown[], e: unknown, o: Options) => unknown[];
  return push(coll, expr, options);
}

function extremum(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (best === null || compareBson(v, best) * sign > 0) best = v;
  }
  return best;
}

// mingo's accumulators only understand JS numbers: Long and Decimal128 would be skipped or mis-ordered.
const accumulatorOps = {
  $sum: (coll: unknown[], expr: unknown, options: Options): unknown =>
    typeof expr === 'number' ? coll.length * expr : sumValues(evalEach(coll, expr, options)),
  $avg: (coll: unknown[], expr: unknown, options: Options): unknown => {
    const nums = numericValues(evalEach(coll, expr, options));
    if (nums.length === 0) return null;
    const total = sumValues(nums);
    return total instanceof Decimal128
      ? Decimal128.fromString(String(toNumber(total) / nums.length))
      : toNumber(total) / nums.length;
  },
  $max: (coll: unknown[], expr: unknown, options: Options): unknown =>
    extremum(evalEach(coll, expr, options), 1),
  $min: (coll: unknown[], expr: unknown, options: Options): unknown =>
    extremum(evalEach(coll, expr, options), -1),
};

/** Wraps an arithmetic expression so Long and Decimal128 operands keep their type. */
function wideArithmetic(
  name: '$add' | '$subtract' | '$multiply',
  fallback: (obj: unknown, expr: unknown, options: Options) => unknown,
) {
  return (obj: unknown, expr: unknown, options: Options): unknown => {
    const args = evalExpr(obj, expr, options);
    if (!Array.isArray(args) || !args.some(isWideNumber)) return fallback(obj, expr, options);
    if (args.some((a) => a === null || a === undefined)) return null;
    if (!args.every(isNumeric))
      throw badValue(`${name} only supports numeric types when mixing Long or Decimal128`);
    if (name === '$subtract') return applyNumeric('$inc', args[0], applyNumeric('$mul', args[1], -1));
    let acc: unknown = args[0];
    for (const v of args.slice(1)) acc = applyNumeric(name === '$add' ? '$inc' : '$mul', acc, v);
    return acc;
  };
}

const arithmeticOps = {
  $add: wideArithmetic('$add', expressionOperators.$add as never),
  $subtract: wideArithmetic('$subtract', expressionOperators.$subtract as never),
  $multiply: wideArithmetic('$multiply', expressionOperators.$multiply as never),
};

const pipelineOps = {
  // mingo sorts arrays and cross-type values differently from mongod; sort with the BSON order instead.
  $sort: (coll: LazyIterator, spec: SortSpec, options: Options): LazyIterator =>
    coll.transform((docs: unknown[]) =>
      Lazy(sortDocuments(docs, spec, collationComparator(options.collation))),
    ),
};

// Built from scratch rather than passed to mingo's top-level helpers: those merge a user context
// *under* the defaults, so the BSON-aware overrides would never be used.
const CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators, ...accumulatorOps } as never,
  expression: { ...expressionOperators, ...expressionOps, ...arithmeticOps } as never,
  pipeline: { ...pipelineOperators, ...pipelineOps } as never,
  projection: { ...projectionOperators } as never,
  query: { ...queryOperators, ...queryOps } as never,
  window: { ...windowOperators } as never,
});

export type CollectionResolver = (name: string) => Doc[];

/**
 * mingo's ComputeOptions class, which it does not export. Given plain options, every `new Query`
 * and `new Aggregator` copies the context's operator tables (some 250 entries, 5–8 µs and their
 * garbage: a third of compiling a small filter, #19) so that a caller's later changes cannot
 * reach a running query. Given a ComputeOptions, they share its context. Nothing ever changes
 * CONTEXT after this module is loaded, so the copies bought nothing here. A query operator is
 * handed mingo's ComputeOptions, so a probe query gives the class.
 */
const ComputeOptions = ((): new (options: Options) => Options => {
  let found: (new (options: Options) => Options) | undefined;
  const probe = (_selector: string, _value: unknown, options: Options) => {
    found = options.constructor as never;
    return () => true;
  };
  new Query({ x: { $probe: 1 } }, { context: Context.init({ query: { $probe: probe } as never }) });
  if (!found || !('init' in found)) throw new Error('mingo: ComputeOptions not found');
  return found;
})();

/**
 * mingoOptions as mingo's own ComputeOptions over the shared CONTEXT: a Query or Aggregator
 * built with these copies no operator tables (see ComputeOptions above).
 */
function sharedOptions(resolver?: CollectionResolver, collation?: unknown, variables?: Doc): Options {
  return new ComputeOptions({ ...mingoOptions(resolver, collation), ...(variables ? { variables } : {}) });
}

export function mingoOptions(resolver?: CollectionResolver, collation?: unknown): Options {
  return {
    ...(collation && typeof collation === 'object' ? { collation: collation as Options['collation'] } : {}),
    processingMode: ProcessingMode.CLONE_OFF,
    scriptEnabled: false,
    failOnError: true,
    context: CONTEXT,
    idKey: '_id',
    useStrictMode: true,
    ...(resolver ? { collectionResolver: resolver } : {}),
  };
}

/** Compiles a filter into a predicate, on every call (finds cache theirs: cachedFilter in read-commands.ts). */
export function compileFilter(
  filter: Doc | undefined,
  collation?: unknown,
  variables?: Doc,
): (doc: Doc) => boolean {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  validateFilter(filter);
  const options = sharedOptions(undefined, collation, variables);
  const slow = (part: Doc): ((doc: Doc) => boolean) => {
    const q = new Query(part, options);
    return (doc) => q.test(doc);
  };
  // A search's `$all` of grams (in the name, or not in it) without mingo: see fast-filter.ts.
  return compileFastFilter(filter, slow) ?? slow(filter);
}

function validateFilter(filter: Doc): void {
  for (const [k, v] of Object.entries(filter)) {
    if (
      k.startsWith('$') &&
      ![
        '$and',
        '$or',
        '$nor',
        '$expr',
        '$where',
        '$text',
        '$comment',
        '$jsonSchema',
        '$alwaysTrue',
        '$alwaysFalse',
      ].includes(k)
    ) {
      throw badValue(
        `unknown top level operator: ${k}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
      );
    }
    if ((k === '$and' || k === '$or' || k === '$nor') && (!Array.isArray(v) || v.length === 0)) {
      throw badValue(`${k} must be a nonempty array`);
    }
  }
}

// Stages that never write into their input documents. mingo (with cloning off) edits documents in
// place for $set/$addFields/$unwind/..., which would corrupt stored documents.
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$count', '$sortByCount']);

function pipelineMayMutate(pipeline: Doc[]): boolean {
  return pipeline.some((stage, i) => {
    const op = Object.keys(stage)[0];
    if (READ_ONLY_STAGES.has(op)) return false;
    // A final $group only reads its input; its output documents are new objects.
    return !(op === '$group' && i === pipeline.length - 1);
  });
}

export function runPipeline(
  docs: Doc[],
  pipeline: Doc[],
  resolver: CollectionResolver,
  collation?: unknown,
  variables?: Doc,
): Doc[] {
  const mutates = pipelineMayMutate(pipeline);
  const input = mutates ? docs.map((d) => deepClone(d)) : docs;
  const safeResolver: CollectionResolver = mutates
    ? (name) => resolver(name).map((d) => deepClone(d))
    : resolver;
  const agg = new Aggregator(pipeline, sharedOptions(safeResolver, collation, variables));
  return agg.run(input) as Doc[];
}

function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v as Doc)) out[k] = deepClone(x);
    return out as T;
  }
  return v; // BSON value objects (ObjectId, Long, Date...) are never modified in place
}
