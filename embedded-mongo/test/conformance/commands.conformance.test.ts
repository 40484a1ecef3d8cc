import { type MongoClient } from 'mongodb';
import { describeConformance, failure } from '../support/conformance';

describeConformance('commands', ({ h }) => {
  it('should describe a writable standalone when asked hello', async () => {
    const hello = await h().db().admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.setName).toBeUndefined();
    const legacy = await h().db().admin().command({ isMaster: 1 });
    expect(legacy.ismaster).toBe(true);
  });

  it('should answer ping and buildInfo', async () => {
    expect(await h().db().admin().command({ ping: 1 })).toMatchObject({ ok: 1 });
    const info = await h().db().admin().command({ buildInfo: 1 });
    expect(typeof info.version).toBe('string');
    expect(Array.isArray(info.versionArray)).toBe(true);
  });

  it('should create, list and drop collections and databases', async () => {
    const db = h().db();
    await db.createCollection('made');
    expect(await failure(db.createCollection('made', { capped: true, size: 4096 }))).toMatchObject({
      code: 48,
      codeName: 'NamespaceExists',
    });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('made');
    const filtered = await db.listCollections({ name: 'made' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0].type).toBe('collection');
    expect(await db.collection('made').drop()).toBe(true);
    expect((await db.listCollections({ name: 'made' }).toArray()).length).toBe(0);
    await db.collection('keep').insertOne({ a: 1 });
    const dbs = await db.admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(db.databaseName);
  });

  it('should drop every collection when the database is dropped', async () => {
    const db = h().db().client.db(`${h().db().databaseName}_drop`);
    await db.collection('a').insertOne({ x: 1 });
    await db.collection('b').insertOne({ x: 1 });
    expect(await db.dropDatabase()).toBe(true);
    expect(await db.listCollections().toArray()).toEqual([]);
    expect(await db.collection('a').countDocuments()).toBe(0);
  });

  it('should report collection and database stats minimally', async () => {
    const db = h().db();
    await db.collection('stats').insertMany([{ a: 1 }, { a: 2 }]);
    const cs = await db.command({ collStats: 'stats' });
    expect(cs).toMatchObject({ count: 2, ok: 1 });
    const ds = await db.command({ dbStats: 1 });
    expect(ds.collections).toBeGreaterThanOrEqual(1);
    expect(ds.ok).toBe(1);
  });

  it('should fail with CommandNotFound when the command is unknown', async () => {
    const err = await failure(h().db().command({ definitelyNotACommand: 1 }));
    expect(err).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('should fail with IllegalOperation when a transaction starts on a standalone', async () => {
    const client = h().db().client as MongoClient;
    const session = client.startSession();
    try {
      session.startTransaction();
      const err = await failure(h().coll('txn').insertOne({ a: 1 }, { session }));
      // The driver replaces mongod's message for code 20 and keeps the server's reply as originalError.
      const original = (err.originalError ?? err) as Record<string, unknown>;
      expect(original).toMatchObject({ code: 20, codeName: 'IllegalOperation' });
      expect(String(original.errmsg)).toMatch(
        /Transaction numbers are only allowed on a replica set member or mongos/,
      );
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
  });

  it('should run commands with explicit sessions outside transactions', async () => {
    const client = h().db().client as MongoClient;
    await client.withSession(async (session) => {
      await h().coll('sess').insertOne({ a: 1 }, { session });
      expect(await h().coll('sess').countDocuments({}, { session })).toBe(1);
    });
  });
});
