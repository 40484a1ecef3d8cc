import mongoose from 'mongoose';
import type { IndexProblem, IndexReportView } from '@alliance-hub/types';
import type { Logger } from '../../logger';

/**
 * The indexes cloud expects, compared with the ones the database holds.
 *
 * Expected = every mongoose schema's indexes plus those features create outside their schemas
 * (declareIndexes, below). On a real MongoDB an operator may have added an index by hand, or a
 * unique index may have failed to build because the data already holds duplicates: both are
 * reported (a log warning at start and counts in /health/ready), never silently "fixed" by
 * dropping anything, since dropping an index someone relies on is not cloud's call.
 */

type KeySpec = Record<string, unknown>;
type Declared = { collection: string; key: KeySpec; options?: mongoose.mongo.CreateIndexesOptions };

const declared: Declared[] = [];

/** Indexes a feature needs on a collection it does not define a schema for; created by ensureIndexes. */
export function declareIndexes(
  collection: string,
  specs: Array<[KeySpec, mongoose.mongo.CreateIndexesOptions?]>,
) {
  for (const [key, options] of specs) {
    if (
      !declared.some(
        (d) => d.collection === collection && signature(d.key, d.options) === signature(key, options),
      )
    )
      declared.push({ collection, key, options });
  }
}

type IndexOptionsLike = {
  unique?: boolean;
  sparse?: boolean;
  collation?: { locale?: string; strength?: number };
  partialFilterExpression?: unknown;
};

/** What makes two indexes the same for our purposes: key order and direction, uniqueness, collation. */
function signature(key: KeySpec, options: IndexOptionsLike | undefined): string {
  const normalizedKey = Object.entries(key).map(([field, dir]) => [
    field,
    typeof dir === 'number' ? Math.sign(dir) : dir,
  ]);
  const collation =
    options?.collation && options.collation.locale !== 'simple'
      ? `${options.collation.locale}/${options.collation.strength ?? 3}`
      : '';
  return JSON.stringify([
    normalizedKey,
    Boolean(options?.unique),
    collation,
    options?.partialFilterExpression ?? null,
  ]);
}

const describeKey = (key: KeySpec) =>
  Object.entries(key)
    .map(([field, dir]) => `${field}:${String(dir)}`)
    .join(',');

function expectedIndexes(): Map<string, Map<string, KeySpec>> {
  const byCollection = new Map<string, Map<string, KeySpec>>();
  const add = (collection: string, key: KeySpec, options: IndexOptionsLike | undefined) => {
    const map = byCollection.get(collection) ?? new Map<string, KeySpec>();
    map.set(signature(key, options), key);
    byCollection.set(collection, map);
  };
  for (const model of Object.values(mongoose.connection.models)) {
    const collection = model.collection.collectionName;
    // A collection's default collation applies to every index built on it, _id's included.
    const schemaCollation = model.schema.get('collation') as IndexOptionsLike['collation'];
    add(collection, { _id: 1 }, { collation: schemaCollation });
    for (const [key, options] of model.schema.indexes()) {
      const opts = options as IndexOptionsLike;
      add(collection, key as KeySpec, { ...opts, collation: opts.collation ?? schemaCollation });
    }
  }
  for (const d of declared) {
    add(d.collection, { _id: 1 }, undefined);
    add(d.collection, d.key, d.options as IndexOptionsLike);
  }
  return byCollection;
}

/**
 * Creates the expected indexes the database lacks, then reports the differences. It reads the
 * catalog first and asks only for what is missing: a start on a database that has them all costs
 * one listIndexes per collection, not a createIndex round trip per index (~260 of them, most of a
 * restart's database work).
 */
export async function ensureIndexes(logger: Logger): Promise<IndexReportView> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('ensureIndexes before the database connection');
  const before = await reportIndexes();
  const lacking = new Set(before.missing.map((p) => p.collection));
  if (lacking.size > 0) await createIndexesIn(lacking, logger);
  const report = lacking.size > 0 ? await reportIndexes() : before;
  if (report.missing.length > 0 || report.extra.length > 0) {
    logger.warn(
      {
        missing: report.missing.map((p) => `${p.collection} {${p.key}}`),
        extra: report.extra.map((p) => `${p.collection} ${p.name ?? ''} {${p.key}}`),
      },
      'the database indexes differ from what cloud expects: missing ones slow queries down or let ' +
        'duplicates in (often existing duplicates stopped a unique index); extra ones cost writes. ' +
        'Nothing was dropped.',
    );
  } else {
    logger.info({ collections: expectedIndexes().size }, 'database indexes checked');
  }
  return report;
}

/** Every expected index of these collections (createIndex is a no-op for those that exist). */
async function createIndexesIn(collections: Set<string>, logger: Logger) {
  const db = mongoose.connection.db!;
  const failures: string[] = [];
  for (const model of Object.values(mongoose.connection.models)) {
    if (!collections.has(model.collection.collectionName)) continue;
    // A collection without secondary indexes is otherwise never created (cloud connects without
    // mongoose's autoCreate), and its _id index would be reported missing on every start.
    await model.createCollection().catch((err: { code?: number }) => {
      if (err.code !== 48) throw err; // NamespaceExists: another process was first
    });
    await model.createIndexes().catch((err: unknown) => {
      failures.push(model.collection.collectionName);
      logger.error({ err, collection: model.collection.collectionName }, 'creating an index failed');
    });
  }
  for (const d of declared) {
    if (!collections.has(d.collection)) continue;
    await db
      .collection(d.collection)
      .createIndex(d.key as mongoose.mongo.IndexSpecification, d.options ?? {})
      .catch((err: unknown) => {
        failures.push(d.collection);
        logger.error({ err, collection: d.collection, key: describeKey(d.key) }, 'creating an index failed');
      });
  }
  return failures;
}

/** Compares without changing anything. */
export async function reportIndexes(): Promise<IndexReportView> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('reportIndexes before the database connection');
  const missing: IndexProblem[] = [];
  const extra: IndexProblem[] = [];
  const existingCollections = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  for (const [collection, expected] of expectedIndexes()) {
    const actual = existingCollections.has(collection)
      ? ((await db.collection(collection).listIndexes().toArray()) as Array<
          { key: KeySpec; name: string } & IndexOptionsLike
        >)
      : [];
    const actualSignatures = new Set(actual.map((index) => signature(index.key, index)));
    for (const [sig, key] of expected) {
      if (!actualSignatures.has(sig)) missing.push({ collection, key: describeKey(key) });
    }
    for (const index of actual) {
      if (!expected.has(signature(index.key, index)))
        extra.push({ collection, name: index.name, key: describeKey(index.key) });
    }
  }
  return { checkedAt: new Date().toISOString(), missing, extra };
}
