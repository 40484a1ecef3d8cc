import { Long, Timestamp } from 'mongodb';
import { MongoCommandError, badValue, failedToParse, typeMismatch } from '../errors';
import {
  bsonEquals,
  bsonTypeName,
  compareBson,
  isNumeric,
  sortDocuments,
  toNumber,
  hashKey,
} from './bson-order';
import { compileFilter, runPipeline } from './mingo-context';
import { applyNumeric } from './numeric-ops';

type Doc = Record<string, unknown>;
type Container = Doc | unknown[];

export interface UpdateContext {
  /** The filter that selected the document; used to resolve the positional `$`. */
  query: Doc;
  arrayFilters?: Doc[];
  /** True when building an upserted document: enables $setOnInsert and allows setting _id. */
  isInsert: boolean;
  /** `let` variables for `$$name` in pipeline updates. */
  variables?: Doc;
  /** The operation's collation spec, for comparisons inside pipeline updates. */
  collation?: unknown;
}

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$setOnInsert',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
]);

export function isOperatorUpdate(update: Doc): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0].startsWith('$');
}

export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v as Doc)) out[k] = deepClone(x);
    return out as T;
  }
  return v; // BSON value objects are immutable in practice
}

/** Applies an update (operators, replacement or pipeline) and returns the new document. */
export function applyUpdate(doc: Doc, update: Doc | Doc[], ctx: UpdateContext): Doc {
  if (Array.isArray(update)) {
    const [out] = runPipeline([deepClone(doc)], update, () => [], ctx.collation, ctx.variables);
    assertIdUnchanged(doc, out, ctx);
    return idFirst(out);
  }
  if (!isOperatorUpdate(update)) {
    for (const k of Object.keys(update)) {
      if (k.startsWith('$'))
        throw failedToParse(
          `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document.`,
        );
    }
    const out: Doc = { _id: doc._id, ...deepClone(update) };
    if (doc._id === undefined) delete out._id;
    assertIdUnchanged(doc, out, ctx);
    return idFirst(out);
  }
  const out = deepClone(doc);
  const paths: string[] = [];
  for (const [op, spec] of Object.entries(update)) {
    if (!OPERATORS.has(op)) {
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${bsonTypeName(spec)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(spec)}}`,
      );
    }
    for (const path of Object.keys(spec as Doc)) {
      if (path === '') throw new MongoCommandError(56, 'An update path cannot be empty');
      paths.push(path);
      if (op === '$rename') paths.push(String((spec as Doc)[path]));
    }
  }
  assertNoConflicts(paths);
  // mongod applies modifications in field-name order, so new fields appear sorted, not in the
  // order the operators were written.
  const entries: Array<[string, string, unknown]> = [];
  for (const [op, spec] of Object.entries(update)) {
    if (op === '$setOnInsert' && !ctx.isInsert) continue;
    for (const [path, value] of Object.entries(spec as Doc)) entries.push([op, path, value]);
  }
  entries.sort((a, b) => comparePaths(a[1], b[1]));
  for (const [op, path, value] of entries) applyOperator(out, op, path, value, ctx, doc);
  assertIdUnchanged(doc, out, ctx);
  return out;
}

function comparePaths(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) {
      const numeric = /^\d+$/.test(pa[i]) && /^\d+$/.test(pb[i]);
      if (numeric) return Number(pa[i]) - Number(pb[i]);
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  return pa.length - pb.length;
}

function idFirst(doc: Doc): Doc {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

function assertIdUnchanged(before: Doc, after: Doc, ctx: UpdateContext): void {
  if (ctx.isInsert && before._id === undefined) return;
  if (!bsonEquals(before._id, after._id)) {
    throw new MongoCommandError(
      66,
      `Performing an update on the path '_id' would modify the immutable field '_id'`,
    );
  }
}

function assertNoConflicts(paths: string[]): void {
  const norm = paths.map((p) =>
    p
      .split('.')
      .filter((s) => !s.startsWith('$'))
      .join('.'),
  );
  for (let i = 0; i < norm.length; i++) {
    for (let j = i + 1; j < norm.length; j++) {
      const [a, b] = [norm[i], norm[j]];
      if (a === b || a.startsWith(b + '.') || b.startsWith(a + '.')) {
        throw new MongoCommandError(
          40,
          `Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`,
        );
      }
    }
  }
}

interface Target {
  parent: Container;
  key: string;
  /** Dotted path with positional segments resolved to indexes (used in error messages). */
  path: string;
}

const CREATING_OPS = new Set([
  '$set',
  '$setOnInsert',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
  '$bit',
]);

function resolveTargets(root: Doc, path: string, ctx: UpdateContext, create: boolean): Target[] {
  const parts = path.split('.');
  let level: Array<{ node: Container; path: string; logical: string }> = [
    { node: root, path: '', logical: '' },
  ];
  for (let i = 0; i < parts.length - 1; i++) {
    const next: typeof level = [];
    for (const { node, path: p, logical } of level) {
      for (const key of expandSegment(node, parts[i], logical, ctx, create)) {
        let child = (node as Doc)[key];
        const childPath = p ? `${p}.${key}` : key;
        if (child === undefined || child === null) {
          if (!create) continue;
          if (child === null)
            throw new MongoCommandError(
              28,
              `Cannot create field '${parts[i + 1]}' in element {${key}: null}`,
            );
          child = {};
          setChild(node, key, child);
        }
        if (typeof child !== 'object' || isBsonScalar(child)) {
          if (!create) continue;
          throw new MongoCommandError(
            28,
            `Cannot create field '${parts[i + 1]}' in element {${key}: ${formatShort(child)}}`,
          );
        }
        const logicalNext =
          /^\d+$/.test(key) && Array.isArray(node) ? logical : logical ? `${logical}.${parts[i]}` : parts[i];
        next.push({ node: child as Container, path: childPath, logical: logicalNext });
      }
    }
    level = next;
  }
  const last = parts[parts.length - 1];
  return level.flatMap(({ node, path: p, logical }) =>
    expandSegment(node, last, logical, ctx, create).map((key) => ({
      parent: node,
      key,
      path: p ? `${p}.${key}` : key,
    })),
  );
}

function isBsonScalar(v: unknown): boolean {
  return !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype;
}

function setChild(node: Container, key: string, value: unknown): void {
  if (Array.isArray(node)) {
    const idx = Number(key);
    while (node.length < idx) node.push(null);
    node[idx] = value;
  } else node[key] = value;
}

function expandSegment(
  node: Container,
  seg: string,
  logical: string,
  ctx: UpdateContext,
  create: boolean,
): string[] {
  if (seg === '$') {
    if (!Array.isArray(node))
      throw badValue('The positional operator did not find the match needed from the query.');
    const idx = positionalIndex(node, logical, ctx.query);
    if (idx < 0) throw badValue('The positional operator did not find the match needed from the query.');
    return [String(idx)];
  }
  if (seg === '$[]') {
    if (!Array.isArray(node)) throw badValue(`Cannot apply array updates to non-array element ${logical}`);
    return node.map((_, i) => String(i));
  }
  const m = /^\$\[(\w+)\]$/.exec(seg);
  if (m) {
    if (!Array.isArray(node)) throw badValue(`Cannot apply array updates to non-array element ${logical}`);
    const test = arrayFilterFor(m[1], ctx.arrayFilters ?? []);
    return node.map((el, i) => (test(el) ? String(i) : '')).filter((s) => s !== '');
  }
  if (Array.isArray(node) && !/^\d+$/.test(seg)) {
    // Removing operators ($unset, $pull...) treat a field of an array as absent, as mongod does.
    if (!create) return [];
    throw new MongoCommandError(28, `Cannot create field '${seg}' in element {${logical}: [...]}`);
  }
  return [seg];
}

function arrayFilterFor(id: string, filters: Doc[]): (el: unknown) => boolean {
  const filter = filters.find((f) => Object.keys(f).some((k) => k === id || k.startsWith(id + '.')));
  if (!filter) throw badValue(`No array filter found for identifier '${id}' in path`);
  const rewritten: Doc = {};
  for (const [k, v] of Object.entries(filter)) rewritten[k === id ? 'v' : 'v' + k.slice(id.length)] = v;
  const pred = compileFilter(rewritten);
  return (el) => pred({ v: el });
}

/** The index of the first array element that satisfied the query's conditions on that array. */
function positionalIndex(arr: unknown[], arrayPath: string, query: Doc): number {
  const conds: Array<(el: unknown) => boolean> = [];
  const collect = (q: Doc): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((x) => collect(x as Doc));
      else if (k === arrayPath) {
        const elem = v && typeof v === 'object' ? (v as Doc).$elemMatch : undefined;
        if (elem && typeof elem === 'object') {
          const keys = Object.keys(elem);
          const pred = keys.every((x) => x.startsWith('$'))
            ? compileFilter({ v: elem })
            : compileFilter(elem as Doc);
          conds.push(
            keys.every((x) => x.startsWith('$'))
              ? (el) => pred({ v: el })
              : (el) => isPlainObject(el) && pred(el as Doc),
          );
        } else {
          const pred = compileFilter({ v });
          conds.push((el) => pred({ v: el }));
        }
      } else if (k.startsWith(arrayPath + '.')) {
        const pred = compileFilter({ [k.slice(arrayPath.length + 1)]: v });
        conds.push((el) => isPlainObject(el) && pred(el as Doc));
      }
    }
  };
  collect(query);
  if (conds.length === 0) return -1;
  return arr.findIndex((el) => conds.every((c) => c(el)));
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

function formatShort(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function idDesc(doc: Doc): string {
  const id = doc._id;
  return `{_id: ${typeof id === 'string' ? JSON.stringify(id) : String(id)}}`;
}

function applyOperator(
  root: Doc,
  op: string,
  path: string,
  value: unknown,
  ctx: UpdateContext,
  original: Doc,
): void {
  if (op === '$rename') {
    if (typeof value !== 'string')
      throw badValue(`The 'to' field for $rename must be a string: ${path}: ${String(value)}`);
    const [src] = resolveTargets(root, path, ctx, false);
    if (!src || !(src.key in (src.parent as Doc))) return;
    const moved = (src.parent as Doc)[src.key];
    if (Array.isArray(src.parent)) throw badValue(`The source field cannot be an array element, '${path}'`);
    delete (src.parent as Doc)[src.key];
    const [dst] = resolveTargets(root, value, ctx, true);
    setChild(dst.parent, dst.key, moved);
    return;
  }
  if ((op === '$inc' || op === '$mul') && !isNumeric(value)) {
    throw typeMismatch(
      `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatShort(value)}}`,
    );
  }
  const create = CREATING_OPS.has(op);
  for (const t of resolveTargets(root, path, ctx, create)) {
    const parent = t.parent as Doc;
    const exists = Array.isArray(t.parent) ? Number(t.key) < t.parent.length : t.key in parent;
    const current = exists ? parent[t.key] : undefined;
    switch (op) {
      case '$set':
      case '$setOnInsert':
        setChild(t.parent, t.key, deepClone(value));
        break;
      case '$unset':
        if (!exists) break;
        if (Array.isArray(t.parent)) t.parent[Number(t.key)] = null;
        else delete parent[t.key];
        break;
      case '$inc':
      case '$mul':
        if (exists && !isNumeric(current)) {
          throw typeMismatch(
            `Cannot apply ${op} to a value of non-numeric type. ${idDesc(original)} has the field '${t.key}' of non-numeric type ${bsonTypeName(current)}`,
          );
        }
        // A missing field starts at 0 for both $inc and $mul (mongod's rule: $mul on a missing field sets 0).
        setChild(t.parent, t.key, applyNumeric(op, exists ? current : 0, value));
        break;
      case '$min':
      case '$max': {
        const c = exists ? compareBson(value, current) : 0;
        if (!exists || (op === '$min' ? c < 0 : c > 0)) setChild(t.parent, t.key, deepClone(value));
        break;
      }
      case '$currentDate': {
        const wantsTs = isPlainObject(value) && (value as Doc).$type === 'timestamp';
        setChild(
          t.parent,
          t.key,
          wantsTs ? Timestamp.fromNumber(Math.floor(Date.now() / 1000) * 2 ** 32) : new Date(),
        );
        break;
      }
      case '$push':
      case '$addToSet': {
        if (exists && !Array.isArray(current)) {
          throw badValue(
            `The field '${t.path}' must be an array but is of type ${bsonTypeName(current)} in document ${idDesc(original)}`,
          );
        }
        const arr = exists ? (current as unknown[]) : [];
        if (!exists) setChild(t.parent, t.key, arr);
        if (op === '$push') push(arr, value, t.parent, t.key);
        else {
          const items = isPlainObject(value) && '$each' in (value as Doc) ? (value as Doc).$each : [value];
          if (!Array.isArray(items))
            throw badValue(
              `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(items)}`,
            );
          for (const it of items) if (!arr.some((x) => bsonEquals(x, it))) arr.push(deepClone(it));
        }
        break;
      }
      case '$pop':
        if (!exists) break;
        if (!Array.isArray(current))
          throw typeMismatch(
            `Path '${t.path}' contains an element of non-array type '${bsonTypeName(current)}'`,
          );
        if (toNumber(value) >= 1) current.pop();
        else current.shift();
        break;
      case '$pull':
      case '$pullAll': {
        if (!exists) break;
        if (!Array.isArray(current)) throw badValue(`Cannot apply ${op} to a non-array value`);
        const keep = op === '$pull' ? pullPredicate(value) : pullAllPredicate(value);
        setChild(
          t.parent,
          t.key,
          current.filter((el) => !keep(el)),
        );
        break;
      }
      case '$bit': {
        if (exists && !isNumeric(current))
          throw badValue(
            `Cannot apply $bit to a value of non-integral type. ${idDesc(original)} has the field ${t.key} of non-integer type ${bsonTypeName(current)}`,
          );
        let n = exists
          ? BigInt(current instanceof Long ? current.toString() : Math.trunc(toNumber(current)))
          : 0n;
        for (const [bop, operand] of Object.entries(value as Doc)) {
          const o = BigInt(operand instanceof Long ? operand.toString() : Math.trunc(toNumber(operand)));
          if (bop === 'and') n &= o;
          else if (bop === 'or') n |= o;
          else if (bop === 'xor') n ^= o;
          else throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${bop}'`);
        }
        setChild(t.parent, t.key, current instanceof Long ? Long.fromBigInt(n) : Number(n));
        break;
      }
    }
  }
}

function push(arr: unknown[], value: unknown, parent: Container, key: string): void {
  if (!(isPlainObject(value) && '$each' in (value as Doc))) {
    arr.push(deepClone(value));
    return;
  }
  const spec = value as Doc;
  const items = spec.$each;
  if (!Array.isArray(items))
    throw badValue(
      `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(items)}`,
    );
  const pos = spec.$position === undefined ? arr.length : toNumber(spec.$position);
  const at = pos < 0 ? Math.max(0, arr.length + pos) : Math.min(pos, arr.length);
  arr.splice(at, 0, ...items.map(deepClone));
  let result = arr;
  if (spec.$sort !== undefined) {
    const s = spec.$sort;
    result = isPlainObject(s)
      ? sortDocuments(result, s as Record<string, number>)
      : [...result].sort((a, b) => compareBson(a, b) * (toNumber(s) < 0 ? -1 : 1));
  }
  if (spec.$slice !== undefined) {
    const n = toNumber(spec.$slice);
    result = n >= 0 ? result.slice(0, n) : result.slice(Math.max(0, result.length + n));
  }
  if (result !== arr) setChild(parent, key, result);
}

function pullPredicate(cond: unknown): (el: unknown) => boolean {
  if (cond instanceof RegExp) return (el) => typeof el === 'string' && cond.test(el);
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond as Doc);
    if (keys.length && keys.every((k) => k.startsWith('$'))) {
      const pred = compileFilter({ v: cond });
      return (el) => pred({ v: el });
    }
    const pred = compileFilter(cond as Doc);
    return (el) => isPlainObject(el) && pred(el as Doc);
  }
  return (el) => bsonEquals(el, cond);
}

function pullAllPredicate(values: unknown): (el: unknown) => boolean {
  if (!Array.isArray(values))
    throw badValue(`$pullAll requires an array argument but was given a ${bsonTypeName(values)}`);
  const keys = new Set(values.map((v) => hashKey(v)));
  return (el) => keys.has(hashKey(el));
}
