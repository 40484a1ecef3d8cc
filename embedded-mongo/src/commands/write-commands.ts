import { BSON, ObjectId } from 'mongodb';
import { performance } from 'node:perf_hooks';
import { MongoCommandError, failedToParse, toCommandError } from '../errors';
import { hashKey, type SortSpec } from '../query/bson-order';
import { compileFilter } from '../query/mingo-context';
import { compileProjection } from '../query/projection';
import { applyUpdate, deepClone, isOperatorUpdate } from '../query/update-apply';
import type { CollectionStore } from '../storage/collection-store';
import type { StorageEngine } from '../storage/storage-engine';
import {
  assertNotView,
  collectionName,
  letVariables,
  type CommandHandler,
  type Doc,
} from './command-context';
import { effectiveCollation, queryDocuments } from './read-commands';
import { documentValidator } from './validation';
import { parseCollation } from '../query/collation';
import { traceStep } from '../pause-trace';
import { nextTurn } from '../turns';

const MAX_DOC_SIZE = 16 * 1024 * 1024;

function writeError(index: number, err: unknown): Doc {
  const e = toCommandError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

/** Puts `_id` first (generating an ObjectId if absent), as mongod stores documents. */
function withId(doc: Doc): Doc {
  if ('_id' in doc) {
    if (Object.keys(doc)[0] === '_id') return doc;
    const { _id, ...rest } = doc;
    return { _id, ...rest };
  }
  return { _id: new ObjectId(), ...doc };
}

/** The first `$`-prefixed field name inside an `_id` document (at any depth), if any. */
function dollarFieldIn(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype)
    return null;
  for (const [k, x] of Object.entries(v as Doc)) {
    if (k.startsWith('$')) return k;
    const inner = dollarFieldIn(x);
    if (inner) return inner;
  }
  return null;
}

function validateForStorage(doc: Doc): void {
  if (Array.isArray(doc._id)) throw new MongoCommandError(2, `The '_id' value cannot be of type array`);
  const dollar = dollarFieldIn(doc._id);
  if (dollar) {
    throw new MongoCommandError(
      52,
      `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
    );
  }
  if (doc._id instanceof RegExp) throw new MongoCommandError(2, `can't use a regex for _id`);
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_DOC_SIZE) {
    throw new MongoCommandError(
      10334,
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOC_SIZE}`,
    );
  }
}

// The longest an insert batch holds the event loop before letting other requests run.
const INSERT_SLICE_MS = 10;

const insert: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'insert');
  assertNotView(ctx, name);
  const docs = Array.isArray(cmd.documents) ? (cmd.documents as Doc[]) : [];
  const ordered = cmd.ordered !== false;
  let coll = ctx.engine.ensureCollection(ctx.db, name);
  let check = documentValidator(ctx, coll, cmd);
  const writeErrors: Doc[] = [];
  let n = 0;
  let sliceStart = performance.now();
  for (let i = 0; i < docs.length; i++) {
    // A large batch (a bulk import sends thousands) lets other requests run every few
    // milliseconds, as mongod yields between documents: a multi-document insert is not atomic.
    // Checked before every document: one directory document with a dozen indexes takes ~0.1 ms,
    // so 32 of them between checks let slices overrun by several milliseconds.
    if (performance.now() - sliceStart > INSERT_SLICE_MS) {
      traceStep('insert-slice', sliceStart);
      await nextTurn();
      sliceStart = performance.now();
      // The collection may have been dropped or its validator changed meanwhile.
      coll = ctx.engine.ensureCollection(ctx.db, name);
      check = documentValidator(ctx, coll, cmd);
    }
    try {
      const doc = withId(docs[i]);
      validateForStorage(doc);
      check?.(doc);
      ctx.engine.insert(coll, doc);
      n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  traceStep('insert-slice', sliceStart);
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

/** The document an upsert starts from: the equality conditions of the query, as mongod builds it. */
export function upsertSeed(query: Doc): Doc {
  const seed: Doc = {};
  const visit = (q: Doc): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((x) => visit(x as Doc));
        continue;
      }
      if (k.startsWith('$')) continue;
      let value = v;
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
        const keys = Object.keys(v as Doc);
        if (keys.some((x) => x.startsWith('$'))) {
          if (keys.length === 1 && keys[0] === '$eq') value = (v as Doc).$eq;
          else continue;
        }
      }
      if (value instanceof RegExp) continue;
      setPath(seed, k, deepClone(value));
    }
  };
  visit(query);
  return seed;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (const p of parts.slice(0, -1)) {
    if (!node[p] || typeof node[p] !== 'object') node[p] = {};
    node = node[p] as Doc;
  }
  node[parts[parts.length - 1]] = value;
}

function sameBson(a: Doc, b: Doc): boolean {
  return Buffer.from(BSON.serialize(a)).equals(BSON.serialize(b));
}

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  before?: Doc;
  after?: Doc;
}

/** Applies one update statement; throws on the first failing document like mongod does. */
export function runUpdate(
  engine: StorageEngine,
  coll: CollectionStore,
  q: Doc,
  u: Doc | Doc[],
  opts: {
    multi: boolean;
    upsert: boolean;
    arrayFilters?: Doc[];
    sort?: SortSpec;
    collation?: unknown;
    variables?: Doc;
    /** The collection validator's check (documentValidator), if any. */
    check?: (doc: Doc, before?: Doc) => void;
  },
): UpdateOutcome {
  if (!Array.isArray(u) && !isOperatorUpdate(u) && opts.multi) {
    throw failedToParse('multi update is not supported for replacement-style update');
  }
  const collation = effectiveCollation(coll, opts.collation)?.spec;
  const matches = queryDocuments(coll, {
    filter: q,
    sort: opts.sort,
    limit: opts.multi ? 0 : 1,
    collation: opts.collation,
    variables: opts.variables,
  });
  const base = { query: q, variables: opts.variables, collation };
  if (matches.length === 0) {
    if (!opts.upsert) return { matched: 0, modified: 0 };
    const seed = upsertSeed(q);
    let doc =
      Array.isArray(u) || isOperatorUpdate(u)
        ? applyUpdate(seed, u, { ...base, arrayFilters: opts.arrayFilters, isInsert: true })
        : applyUpdate(seed, u, { ...base, isInsert: true });
    if (!Array.isArray(u) && !isOperatorUpdate(u) && seed._id !== undefined) doc = { ...doc, _id: seed._id };
    doc = withId(doc);
    validateForStorage(doc);
    opts.check?.(doc);
    engine.insert(coll, doc);
    return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
  }
  let modified = 0;
  let before: Doc | undefined;
  let after: Doc | undefined;
  for (const doc of matches) {
    const next = applyUpdate(doc, u, { ...base, arrayFilters: opts.arrayFilters, isInsert: false });
    before ??= doc;
    after ??= next;
    if (sameBson(doc, next)) continue;
    validateForStorage(next);
    opts.check?.(next, doc);
    engine.replace(coll, hashKey(doc._id), next);
    modified++;
  }
  return { matched: matches.length, modified, before, after };
}

const update: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'update');
  assertNotView(ctx, name);
  const stmts = Array.isArray(cmd.updates) ? (cmd.updates as Doc[]) : [];
  // The server reports 7.0, where an update statement has no sort (added in 8.0): refuse it as 7.0 does.
  if (stmts.some((s) => s && s.sort !== undefined)) {
    throw new MongoCommandError(40415, "BSON field 'update.updates.sort' is an unknown field.");
  }
  const ordered = cmd.ordered !== false;
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const check = documentValidator(ctx, coll, cmd);
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    try {
      const out = runUpdate(ctx.engine, coll, (s.q as Doc) ?? {}, s.u as Doc, {
        multi: s.multi === true,
        upsert: s.upsert === true,
        arrayFilters: s.arrayFilters as Doc[] | undefined,
        sort: s.sort as SortSpec | undefined,
        collation: s.collation,
        variables: letVariables(cmd),
        check,
      });
      n += out.matched;
      nModified += out.modified;
      if (out.upsertedId !== undefined) {
        n++;
        upserted.push({ index: i, _id: out.upsertedId });
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

const del: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'delete');
  assertNotView(ctx, name);
  const stmts = Array.isArray(cmd.deletes) ? (cmd.deletes as Doc[]) : [];
  const ordered = cmd.ordered !== false;
  const coll = ctx.engine.getCollection(ctx.db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    try {
      if (!coll) {
        compileFilter(s.q as Doc, parseCollation(s.collation)?.spec);
        continue;
      }
      const limit = Number(s.limit ?? 0);
      const matches = queryDocuments(coll, {
        filter: (s.q as Doc) ?? {},
        limit: limit === 1 ? 1 : 0,
        collation: s.collation,
        variables: letVariables(cmd),
      });
      for (const doc of matches) if (ctx.engine.remove(coll, hashKey(doc._id))) n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const findAndModify: CommandHandler = (cmd, ctx) => {
  const name =
    typeof cmd.findAndModify === 'string' ? cmd.findAndModify : collectionName(cmd, 'findandmodify');
  assertNotView(ctx, name);
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const query = (cmd.query as Doc) ?? {};
  const sort = cmd.sort as SortSpec | undefined;
  const project = compileProjection(cmd.fields as Doc | undefined, query);
  const shape = (d: Doc | undefined): Doc | null => (d ? (project ? project(d) : d) : null);
  if (cmd.remove === true) {
    if (cmd.update !== undefined) throw failedToParse('Cannot specify both an update and remove=true');
    const [doc] = queryDocuments(coll, {
      filter: query,
      sort,
      limit: 1,
      collation: cmd.collation,
      variables: letVariables(cmd),
    });
    if (doc) ctx.engine.remove(coll, hashKey(doc._id));
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shape(doc), ok: 1 };
  }
  if (cmd.update === undefined) throw failedToParse('Either an update or remove=true must be specified');
  const out = runUpdate(ctx.engine, coll, query, cmd.update as Doc, {
    multi: false,
    upsert: cmd.upsert === true,
    arrayFilters: cmd.arrayFilters as Doc[] | undefined,
    sort,
    collation: cmd.collation,
    variables: letVariables(cmd),
    check: documentValidator(ctx, coll, cmd),
  });
  const lastErrorObject: Doc = {
    n: out.upsertedId !== undefined ? 1 : out.matched,
    updatedExisting: out.matched > 0,
  };
  if (out.upsertedId !== undefined) lastErrorObject.upserted = out.upsertedId;
  const value = cmd.new === true ? out.after : out.before;
  return { lastErrorObject, value: shape(value), ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
};
