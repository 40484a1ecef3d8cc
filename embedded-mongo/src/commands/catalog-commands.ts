import { BSON } from 'mongodb';
import { MongoCommandError, namespaceNotFound } from '../errors';
import { compileFilter } from '../query/mingo-context';
import { bsonEquals } from '../query/bson-order';
import { parseCollation } from '../query/collation';
import { defaultIndexName, type IndexSpec } from '../storage/index-store';
import { assertNotView, collectionName, type CommandHandler, type Doc } from './command-context';
import { checkValidationOptions } from './validation';

const listDatabases: CommandHandler = (cmd, ctx) => {
  const databases = ctx.engine.databaseNames().map((name) => {
    const sizeOnDisk = ctx.engine.collections(name).reduce((s, c) => s + dataSize(c.docs.values()), 0);
    return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
  });
  const filter = compileFilter(cmd.filter as Doc | undefined);
  const shown = databases.filter((d) => filter(d));
  if (cmd.nameOnly) return { databases: shown.map((d) => ({ name: d.name })), ok: 1 };
  return { databases: shown, totalSize: shown.reduce((s, d) => s + d.sizeOnDisk, 0), totalSizeMb: 0, ok: 1 };
};

function dataSize(docs: Iterable<Doc>): number {
  let n = 0;
  for (const d of docs) n += BSON.calculateObjectSize(d);
  return n;
}

const listCollections: CommandHandler = async (cmd, ctx) => {
  const filter = compileFilter(cmd.filter as Doc | undefined);
  const infos = ctx.engine.collections(ctx.db).map((c) =>
    c.options.viewOn !== undefined
      ? cmd.nameOnly
        ? { name: c.name, type: 'view' }
        : { name: c.name, type: 'view', options: c.options, info: { readOnly: true } }
      : cmd.nameOnly
        ? { name: c.name, type: 'collection' }
        : {
            name: c.name,
            type: 'collection',
            options: c.options,
            info: { readOnly: false, uuid: c.uuid },
            idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
          },
  );
  const ns = `${ctx.db}.$cmd.listCollections`;
  const { batch, id } = await ctx.cursors.open(
    ns,
    infos.filter((i) => filter(i)),
    -1,
    true,
  );
  return { cursor: { id, ns, firstBatch: batch }, ok: 1 };
};

const create: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'create');
  const existing = ctx.engine.getCollection(ctx.db, name);
  const options = Object.fromEntries(
    Object.entries(cmd).filter(
      ([k]) => !k.startsWith('$') && !['create', 'lsid', 'writeConcern', 'comment', 'txnNumber'].includes(k),
    ),
  );
  checkValidationOptions(options);
  if (options.viewOn !== undefined) {
    if (typeof options.viewOn !== 'string' || !options.viewOn) {
      throw new MongoCommandError(14, "BSON field 'create.viewOn' is the wrong type, expected type 'string'");
    }
    options.pipeline ??= [];
    if (!Array.isArray(options.pipeline)) {
      throw new MongoCommandError(
        14,
        "BSON field 'create.pipeline' is the wrong type, expected type 'array'",
      );
    }
    for (const stage of options.pipeline as Doc[]) {
      const op = Object.keys(stage ?? {})[0];
      if (op === '$out' || op === '$merge') {
        throw new MongoCommandError(2, `${op} cannot be used in a view definition`);
      }
    }
  } else if (options.pipeline !== undefined) {
    throw new MongoCommandError(2, "'pipeline' requires 'viewOn' to also be specified");
  }
  // mongod stores a collection's default collation with every default filled in, and none for simple.
  if (options.collation !== undefined) {
    const parsed = parseCollation(options.collation);
    if (parsed) options.collation = parsed.spec;
    else delete options.collation;
  }
  if (existing) {
    // mongod treats re-creating with identical options as success.
    if (bsonEquals(existing.options, options)) return { ok: 1 };
    throw new MongoCommandError(48, `Collection ${ctx.db}.${name} already exists.`);
  }
  ctx.engine.createCollection(ctx.db, name, options);
  return { ok: 1 };
};

/** collMod: changes a collection's validator, validationLevel and validationAction. */
const collMod: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collMod');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`${ctx.db}.${name}`);
  const changes: Doc = {};
  for (const [k, v] of Object.entries(cmd)) {
    if (k === 'collMod' || k.startsWith('$') || k === 'lsid' || k === 'writeConcern' || k === 'comment')
      continue;
    if (!['validator', 'validationLevel', 'validationAction'].includes(k)) {
      throw new MongoCommandError(
        72,
        `embedded-mongo's collMod supports validator, validationLevel and validationAction, not ${k}`,
      );
    }
    changes[k] = v;
  }
  checkValidationOptions(changes);
  ctx.engine.setCollectionOptions(coll, { ...coll.options, ...changes });
  return { ok: 1 };
};

const drop: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'drop');
  const coll = ctx.engine.getCollection(ctx.db, name);
  // mongod 7 returns ok for dropping a missing collection.
  if (!coll) return { ok: 1 };
  const nIndexesWas = coll.indexes.size + 1;
  ctx.engine.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: coll.ns, ok: 1 };
};

const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.engine.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

const INDEX_OPTIONS = new Set([
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'hidden',
]);

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  for (const k of INDEX_OPTIONS) if (!bsonEquals(a[k] ?? null, b[k] ?? null)) return false;
  return true;
}

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) {
    throw new MongoCommandError(2, 'Must specify at least one index to create');
  }
  assertNotView(ctx, name);
  const existed = ctx.engine.getCollection(ctx.db, name) !== undefined;
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const before = coll.indexes.size + 1;
  let created = 0;
  for (const raw of cmd.indexes as Doc[]) {
    const key = raw.key as Doc | undefined;
    if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
      throw new MongoCommandError(67, 'Index key pattern must be a non-empty object');
    }
    const spec: IndexSpec = {
      v: 2,
      ...raw,
      key,
      name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key),
    };
    // An index without its own collation takes the collection's default; `simple` means none.
    const collation =
      raw.collation !== undefined ? parseCollation(raw.collation) : parseCollation(coll.options.collation);
    if (collation) spec.collation = collation.spec;
    else delete spec.collation;
    if (spec.name === '_id_' || (Object.keys(key).length === 1 && key._id !== undefined && !spec.unique)) {
      if (bsonEquals(key, { _id: 1 })) continue;
    }
    const sameName = coll.indexes.get(spec.name);
    const sameKey = [...coll.indexes.values()].find((ix) => bsonEquals(ix.spec.key, key));
    if (sameName) {
      if (bsonEquals(sameName.spec.key, key) && sameOptions(sameName.spec, spec)) continue;
      if (!bsonEquals(sameName.spec.key, key)) {
        throw new MongoCommandError(
          86,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      }
      throw new MongoCommandError(
        85,
        `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
      );
    }
    if (sameKey && sameOptions(sameKey.spec, spec)) {
      throw new MongoCommandError(85, `Index already exists with a different name: ${sameKey.spec.name}`);
    }
    ctx.engine.createIndex(coll, spec);
    created++;
  }
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size + 1,
    createdCollectionAutomatically: !existed,
  };
  if (created === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

const listIndexes: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`${ctx.db}.${name}`);
  const ns = `${ctx.db}.${name}`;
  const { batch, id } = await ctx.cursors.open(
    ns,
    coll.indexSpecs().map((s) => ({ ...s })),
    -1,
    true,
  );
  return { cursor: { id, ns, firstBatch: batch }, ok: 1 };
};

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'dropIndexes');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size + 1;
  const target = cmd.index;
  let names: string[];
  if (target === '*') names = [...coll.indexes.keys()];
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else {
    const found = [...coll.indexes.values()].find((ix) => bsonEquals(ix.spec.key, target));
    if (!found) throw new MongoCommandError(27, `can't find index with key: ${JSON.stringify(target)}`);
    names = [found.spec.name];
  }
  for (const n of names) {
    if (n === '_id_') throw new MongoCommandError(72, 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new MongoCommandError(27, `index not found with name [${n}]`);
  }
  for (const n of names) ctx.engine.dropIndex(coll, n);
  return { nIndexesWas, ok: 1 };
};

const collStats: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collStats');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`${ctx.db}.${name}`);
  const size = dataSize(coll.docs.values());
  const count = coll.docs.size;
  const indexSizes: Doc = {};
  for (const s of coll.indexSpecs()) indexSizes[s.name] = 0;
  return {
    ns: coll.ns,
    size,
    count,
    avgObjSize: count ? Math.round(size / count) : 0,
    storageSize: size,
    nindexes: coll.indexes.size + 1,
    totalIndexSize: 0,
    indexSizes,
    ok: 1,
  };
};

const dbStats: CommandHandler = (_cmd, ctx) => {
  const colls = ctx.engine.collections(ctx.db);
  const objects = colls.reduce((s, c) => s + c.docs.size, 0);
  const size = colls.reduce((s, c) => s + dataSize(c.docs.values()), 0);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes: colls.reduce((s, c) => s + c.indexes.size + 1, 0),
    indexSize: 0,
    ok: 1,
  };
};

export const catalogCommands: Record<string, CommandHandler> = {
  listDatabases,
  listCollections,
  create,
  collMod,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  collStats,
  dbStats,
};
