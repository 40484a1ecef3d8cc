import {
  MongoClient,
  type CreateIndexesOptions,
  type Collection,
  type Db,
  type Document as DriverDocument,
  type Sort,
} from 'mongodb';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';

/** Plain test documents: any `_id` type (the driver's typings assume ObjectId ids). */
export type Document = Record<string, unknown>;
type Filter = Record<string, unknown>;
type Update = Record<string, unknown> | Record<string, unknown>[];
/**
 * Collection schema for direct driver calls in cases. The driver's filter typings insist on
 * ObjectId ids; the cases deliberately use every id type, so this test double opts out.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestSchema = any;

export interface FindOpts {
  sort?: Sort;
  projection?: DriverDocument;
  skip?: number;
  limit?: number;
  batchSize?: number;
}

export interface UpdateOpts {
  upsert?: boolean;
  arrayFilters?: Document[];
}

/**
 * The operations the conformance cases need, implemented once with the official driver and once
 * with mongoose models, so each case checks both clients against the same expectations.
 */
export interface ClientHarness {
  readonly client: 'driver' | 'mongoose';
  insertOne(coll: string, doc: Document): Promise<unknown>;
  insertMany(coll: string, docs: Document[], ordered?: boolean): Promise<unknown>;
  find(coll: string, filter: Filter, opts?: FindOpts): Promise<Document[]>;
  findOne(coll: string, filter: Filter): Promise<Document | null>;
  updateOne(
    coll: string,
    filter: Filter,
    update: Update | Document[],
    opts?: UpdateOpts,
  ): Promise<{ matchedCount: number; modifiedCount: number; upsertedId?: unknown }>;
  updateMany(
    coll: string,
    filter: Filter,
    update: Update | Document[],
    opts?: UpdateOpts,
  ): Promise<{ matchedCount: number; modifiedCount: number; upsertedId?: unknown }>;
  replaceOne(
    coll: string,
    filter: Filter,
    doc: Document,
    opts?: UpdateOpts,
  ): Promise<{ matchedCount: number; modifiedCount: number }>;
  deleteMany(coll: string, filter: Filter): Promise<number>;
  deleteOne(coll: string, filter: Filter): Promise<number>;
  countDocuments(coll: string, filter?: Filter): Promise<number>;
  distinct(coll: string, key: string, filter?: Filter): Promise<unknown[]>;
  aggregate(coll: string, pipeline: Document[]): Promise<Document[]>;
  findOneAndUpdate(
    coll: string,
    filter: Filter,
    update: Update,
    opts: { after: boolean; upsert?: boolean; sort?: Sort },
  ): Promise<Document | null>;
  findOneAndDelete(coll: string, filter: Filter): Promise<Document | null>;
  createIndex(coll: string, key: Record<string, 1 | -1>, opts?: CreateIndexesOptions): Promise<unknown>;
  db(): Db;
  coll(name: string): Collection<TestSchema>;
  close(): Promise<void>;
}

export async function driverHarness(uri: string, dbName: string): Promise<ClientHarness> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
  const db = client.db(dbName);
  // Casts are confined here: the cases pass plain objects with arbitrary _id types.
  const c = (name: string): Collection<DriverDocument> => db.collection(name);
  return {
    client: 'driver',
    insertOne: (coll, doc) => c(coll).insertOne(doc as never),
    insertMany: (coll, docs, ordered = true) => c(coll).insertMany(docs as never[], { ordered }),
    find: (coll, filter, o = {}) =>
      c(coll)
        .find(filter as never, o)
        .toArray(),
    findOne: (coll, filter) => c(coll).findOne(filter as never),
    updateOne: (coll, f, u, o = {}) => c(coll).updateOne(f as never, u as never, o),
    updateMany: (coll, f, u, o = {}) => c(coll).updateMany(f as never, u as never, o),
    replaceOne: (coll, f, d, o = {}) => c(coll).replaceOne(f as never, d as never, o),
    deleteMany: async (coll, f) => (await c(coll).deleteMany(f as never)).deletedCount,
    deleteOne: async (coll, f) => (await c(coll).deleteOne(f as never)).deletedCount,
    countDocuments: (coll, f = {}) => c(coll).countDocuments(f as never),
    distinct: (coll, key, f = {}) => c(coll).distinct(key, f as never),
    aggregate: (coll, p) => c(coll).aggregate(p).toArray(),
    findOneAndUpdate: (coll, f, u, o) =>
      c(coll).findOneAndUpdate(f as never, u as never, {
        returnDocument: o.after ? 'after' : 'before',
        upsert: o.upsert,
        sort: o.sort,
      }),
    findOneAndDelete: (coll, f) => c(coll).findOneAndDelete(f as never),
    createIndex: (coll, key, o = {}) => c(coll).createIndex(key, o),
    db: () => db,
    coll: (name) => db.collection<TestSchema>(name),
    close: () => client.close(),
  };
}

export async function mongooseHarness(uri: string, dbName: string): Promise<ClientHarness> {
  const conn: Connection = await mongoose
    .createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000, autoIndex: false })
    .asPromise();
  const models = new Map<string, Model<Document>>();
  // Schemaless models: mongoose still builds every command, but casting does not rewrite the cases' values.
  const m = (name: string): Model<Document> => {
    let model = models.get(name);
    if (!model) {
      model = conn.model<Document>(
        name,
        new Schema({ _id: Schema.Types.Mixed }, { strict: false, versionKey: false, autoCreate: false }),
        name,
      );
      models.set(name, model);
    }
    return model;
  };
  return {
    client: 'mongoose',
    insertOne: (coll, doc) => m(coll).collection.insertOne(doc as never),
    insertMany: (coll, docs, ordered = true) => m(coll).insertMany(docs as never[], { ordered, lean: true }),
    find: (coll, filter, o = {}) => {
      let q = m(coll).find(filter, o.projection).lean();
      if (o.sort) q = q.sort(o.sort as Record<string, 1 | -1>);
      if (o.skip) q = q.skip(o.skip);
      if (o.limit) q = q.limit(o.limit);
      if (o.batchSize) q = q.batchSize(o.batchSize);
      return q.exec() as Promise<Document[]>;
    },
    findOne: (coll, filter) => m(coll).findOne(filter).lean().exec() as Promise<Document | null>,
    updateOne: (coll, f, u, o = {}) =>
      m(coll)
        .updateOne(f, u as never, { ...o, updatePipeline: Array.isArray(u) })
        .exec(),
    updateMany: (coll, f, u, o = {}) =>
      m(coll)
        .updateMany(f, u as never, { ...o, updatePipeline: Array.isArray(u) })
        .exec(),
    replaceOne: (coll, f, d, o = {}) =>
      m(coll)
        .replaceOne(f, d as never, o)
        .exec(),
    deleteMany: async (coll, f) => (await m(coll).deleteMany(f).exec()).deletedCount,
    deleteOne: async (coll, f) => (await m(coll).deleteOne(f).exec()).deletedCount,
    countDocuments: (coll, f = {}) => m(coll).countDocuments(f).exec(),
    distinct: (coll, key, f = {}) => m(coll).distinct(key, f).exec() as Promise<unknown[]>,
    aggregate: (coll, p) =>
      m(coll)
        .aggregate(p as never)
        .exec(),
    findOneAndUpdate: (coll, f, u, o) =>
      m(coll)
        .findOneAndUpdate(f, u, {
          returnDocument: o.after ? 'after' : 'before',
          upsert: o.upsert,
          sort: o.sort as never,
        })
        .lean()
        .exec() as Promise<Document | null>,
    findOneAndDelete: (coll, f) => m(coll).findOneAndDelete(f).lean().exec() as Promise<Document | null>,
    createIndex: (coll, key, o = {}) => m(coll).collection.createIndex(key, o),
    db: () => conn.db as unknown as Db,
    coll: (name) => (conn.db as unknown as Db).collection<TestSchema>(name),
    close: () => conn.close(),
  };
}

export const CLIENTS = [
  ['driver', driverHarness],
  ['mongoose', mongooseHarness],
] as const;
