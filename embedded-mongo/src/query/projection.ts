import { badValue } from '../errors';
import { toNumber } from './bson-order';
import { compileFilter, runPipeline } from './mingo-context';

type Doc = Record<string, unknown>;

const isPlain = (v: unknown): v is Doc =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Applies a find() projection keeping the document's own field order (mongod returns fields in
 * stored order, not projection order). Aggregation expressions fall back to mingo's $project.
 */
export function compileProjection(spec: Doc | undefined, query: Doc = {}): ((doc: Doc) => Doc) | null {
  if (!spec || Object.keys(spec).length === 0) return null;
  const includes: string[] = [];
  const excludes: string[] = [];
  const slices: Array<[string, unknown]> = [];
  const elemMatches: Array<[string, (el: unknown) => boolean]> = [];
  let positional: string | null = null;
  let idIncluded = true;
  let needsAggregation = false;
  for (const [path, v] of Object.entries(spec)) {
    if (path.endsWith('.$')) {
      positional = path.slice(0, -2);
      includes.push(positional);
    } else if (isPlain(v) && '$slice' in v) slices.push([path, v.$slice]);
    else if (isPlain(v) && '$elemMatch' in v) {
      const pred = compileFilter(v.$elemMatch as Doc);
      elemMatches.push([path, (el) => isPlain(el) && pred(el)]);
    } else if (isPlain(v) || typeof v === 'string' || Array.isArray(v)) needsAggregation = true;
    else if (path === '_id') idIncluded = !!toNumber(v) || v === true;
    else if (v === true || (typeof v !== 'boolean' && toNumber(v) !== 0)) includes.push(path);
    else excludes.push(path);
  }
  if (needsAggregation) {
    return (doc) => {
      const [out] = runPipeline([doc], [{ $project: spec }], () => []);
      return reorder(out ?? {}, doc);
    };
  }
  if (includes.length && excludes.length) {
    throw badValue(`Cannot do exclusion on field ${excludes[0]} in inclusion projection`);
  }
  if (
    includes.length > 0 &&
    !positional &&
    slices.length === 0 &&
    elemMatches.length === 0 &&
    includes.every((p) => !p.includes('.') && p !== '__proto__')
  ) {
    return topLevelFields(new Set(includes), idIncluded);
  }
  const positionalTest = positional ? positionalPredicate(positional, query) : null;
  return (doc) => {
    let out: Doc;
    if (includes.length || elemMatches.length || positional) {
      out = pickPaths(
        doc,
        [...includes, ...elemMatches.map(([p]) => p), ...slices.map(([p]) => p)].map((p) => p.split('.')),
      );
    } else {
      out = structuredCloneDoc(doc);
      for (const p of excludes) dropPath(out, p.split('.'));
    }
    if (idIncluded && '_id' in doc) out = { _id: doc._id, ...out };
    else delete out._id;
    for (const [path, arg] of slices) applySlice(out, path, arg);
    for (const [path, test] of elemMatches) {
      const arr = doc[path];
      const hit = Array.isArray(arr) ? arr.find(test) : undefined;
      if (hit === undefined) delete out[path];
      else out[path] = [hit];
    }
    if (positional && positionalTest) {
      const arr = doc[positional];
      if (Array.isArray(arr)) {
        const hit = arr.find(positionalTest);
        if (hit !== undefined) out[positional] = [hit];
      }
    }
    return reorder(out, doc);
  };
}

function positionalPredicate(path: string, query: Doc): ((el: unknown) => boolean) | null {
  for (const [k, v] of Object.entries(query)) {
    if (k === path) {
      const p = compileFilter({ v });
      return (el) => p({ v: el }) || p({ v: [el] });
    }
    if (k.startsWith(path + '.')) {
      const p = compileFilter({ [k.slice(path.length + 1)]: v });
      return (el) => isPlain(el) && p(el);
    }
  }
  return null;
}

function structuredCloneDoc(doc: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc))
    out[k] = isPlain(v)
      ? structuredCloneDoc(v)
      : Array.isArray(v)
        ? v.map((x) => (isPlain(x) ? structuredCloneDoc(x) : x))
        : v;
  return out;
}

function pickPaths(value: Doc, paths: string[][]): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) {
    const matching = paths.filter((p) => p[0] === k);
    if (!matching.length) continue;
    if (matching.some((p) => p.length === 1)) out[k] = v;
    else {
      const rest = matching.map((p) => p.slice(1));
      if (isPlain(v)) out[k] = pickPaths(v, rest);
      else if (Array.isArray(v)) out[k] = v.filter(isPlain).map((el) => pickPaths(el, rest));
    }
  }
  return out;
}

function dropPath(value: Doc, path: string[]): void {
  const [head, ...rest] = path;
  if (!(head in value)) return;
  if (rest.length === 0) {
    delete value[head];
    return;
  }
  const child = value[head];
  if (isPlain(child)) dropPath(child, rest);
  else if (Array.isArray(child)) child.forEach((el) => isPlain(el) && dropPath(el, rest));
}

function applySlice(out: Doc, path: string, arg: unknown): void {
  const arr = out[path];
  if (!Array.isArray(arr)) return;
  if (Array.isArray(arg)) {
    const [skip, n] = arg.map(toNumber);
    const start = skip < 0 ? Math.max(0, arr.length + skip) : skip;
    out[path] = arr.slice(start, start + n);
  } else {
    const n = toNumber(arg);
    out[path] = n >= 0 ? arr.slice(0, n) : arr.slice(n);
  }
}

/**
 * An inclusion of top-level fields only (a directory page's summary fields): what the general
 * path gives (`_id` first, the fields in the document's order, embedded documents copied with
 * their fields in order) without splitting paths and matching each field against each path per
 * document.
 */
function topLevelFields(fields: Set<string>, idIncluded: boolean): (doc: Doc) => Doc {
  return (doc) => {
    const result: Doc = {};
    if (idIncluded && '_id' in doc) result._id = doc._id;
    for (const k of Object.keys(doc)) {
      if (k === '_id' || !fields.has(k)) continue;
      const v = doc[k];
      result[k] = isPlain(v) ? reorder(v, v) : v;
    }
    return result;
  };
}

/** Orders fields as in the source document (recursively), `_id` first, computed fields last. */
function reorder(out: Doc, source: Doc): Doc {
  const result: Doc = {};
  if ('_id' in out) result._id = out._id;
  for (const k of Object.keys(source)) {
    if (k === '_id' || !(k in out)) continue;
    const v = out[k];
    const s = source[k];
    result[k] = isPlain(v) && isPlain(s) ? reorder(v, s) : v;
  }
  for (const k of Object.keys(out)) if (!(k in result)) result[k] = out[k];
  return result;
}
