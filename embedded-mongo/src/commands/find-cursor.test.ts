import { MongoClient, type Collection, type Document } from 'mongodb';

interface Row {
  _id: number;
  v?: number;
  pad?: string;
  s?: string;
}
import { start, type RunningServer } from '../server';

/**
 * A find's cursor reads its matches batch by batch (#19): later batches see the collection as it is
 * when they are read, in natural and _id order; a sorted read hands out what it found at open.
 */
describe('find cursors read batch by batch', () => {
  let server: RunningServer;
  let client: MongoClient;
  let n = 0;
  const fresh = async (count: number): Promise<Collection<Row>> => {
    const coll = client.db('app').collection<Row>(`c${n++}`);
    await coll.insertMany(Array.from({ length: count }, (_, i) => ({ _id: i * 10, v: i, pad: 'x' })));
    return coll;
  };
  const ids = (docs: Document[]): unknown[] => docs.map((d) => d._id);

  beforeAll(async () => {
    server = await start();
    client = await MongoClient.connect(server.uri);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('should hand out documents changed after the find opened as they are when their batch is read', async () => {
    const coll = await fresh(50);
    const cursor = coll.find({ v: { $gte: 0 } }, { batchSize: 10, projection: { v: 1 } });
    const first = await cursor.next();
    expect(first).toEqual({ _id: 0, v: 0 });
    // Ahead of the cursor: one changed so it no longer matches, one changed so it still does, one removed.
    await coll.updateOne({ _id: 200 }, { $set: { v: -1 } });
    await coll.updateOne({ _id: 300 }, { $set: { v: 1000 } });
    await coll.deleteOne({ _id: 400 });
    const rest = await cursor.toArray();
    const all = [first!, ...rest];
    expect(ids(all)).not.toContain(200);
    expect(ids(all)).not.toContain(400);
    expect(all.find((d) => d._id === 300)).toEqual({ _id: 300, v: 1000 });
    expect(all).toHaveLength(48);
    // Whole (projected) documents, each once, in natural order.
    expect(all.every((d) => Object.keys(d).join() === '_id,v')).toBe(true);
    expect(new Set(ids(all)).size).toBe(48);
  });

  it('should meet each _id at most once in an _id-ordered read while the order shifts under it', async () => {
    const coll = await fresh(60);
    const cursor = coll.find({}, { batchSize: 7, sort: { _id: 1 } });
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) seen.push((await cursor.next())!._id);
    // Positions before and at the cursor's place move: entries removed behind it, smaller ids
    // added, and larger ids added ahead of it (which an ascending read then meets). The server has
    // read up to 140 by now (two batches of 7 and the one after them).
    await coll.deleteMany({ _id: { $lt: 50 } });
    await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 595 }, { _id: 1000 }]);
    await coll.deleteOne({ _id: 200 });
    for await (const doc of cursor) seen.push(doc._id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).not.toContain(1);
    expect(seen).not.toContain(200);
    expect(seen).toContain(595);
    expect(seen).toContain(1000);
    expect(seen).toHaveLength(60 - 1 + 2);
  });

  it('should keep skip and limit across batches, ending the cursor at the limit', async () => {
    const coll = await fresh(100);
    const cursor = coll.find({}, { batchSize: 4, skip: 5, limit: 13, sort: { _id: -1 } });
    const got = await cursor.toArray();
    expect(ids(got)).toEqual(Array.from({ length: 13 }, (_, i) => (94 - i) * 10));
    const reply = await client.db('app').command({ find: coll.collectionName, limit: 3, batchSize: 5 });
    expect(reply.cursor.firstBatch).toHaveLength(3);
    expect(Number(reply.cursor.id)).toBe(0);
    // A batch that holds every match says so at once; one that fills exactly is known once peeked.
    const exact = await client.db('app').command({ find: coll.collectionName, batchSize: 100 });
    expect(exact.cursor.firstBatch).toHaveLength(100);
    expect(Number(exact.cursor.id)).toBe(0);
  });

  it('should hand out a sorted read as its documents were when the find opened', async () => {
    const coll = await fresh(30);
    const cursor = coll.find({}, { batchSize: 5, sort: { v: -1 }, projection: { v: 1, pad: 1 } });
    expect((await cursor.next())!._id).toBe(290);
    await coll.updateOne({ _id: 100 }, { $set: { v: 99, pad: 'y' } });
    await coll.deleteOne({ _id: 50 });
    const rest = await cursor.toArray();
    expect(ids(rest)).toEqual(Array.from({ length: 29 }, (_, i) => (28 - i) * 10));
    expect(rest.find((d) => d._id === 100)).toEqual({ _id: 100, v: 10, pad: 'x' });
    expect(rest.find((d) => d._id === 50)).toEqual({ _id: 50, v: 5, pad: 'x' });
  });

  it('should read an aggregation that is a find batch by batch too, projected', async () => {
    const coll = await fresh(40);
    const cursor = coll.aggregate([{ $match: { v: { $lt: 30 } } }, { $project: { v: 1 } }], {
      batchSize: 5,
    });
    expect(await cursor.next()).toEqual({ _id: 0, v: 0 });
    await coll.updateOne({ _id: 250 }, { $set: { v: 100 } });
    await coll.updateOne({ _id: 350 }, { $set: { v: 3 } });
    const rest = await cursor.toArray();
    expect(ids(rest)).not.toContain(250);
    expect(rest.find((d) => d._id === 350)).toEqual({ _id: 350, v: 3 });
    expect(rest).toHaveLength(29 - 1 + 1);
  });

  it('should apply the collation to a find read batch by batch', async () => {
    const coll = client.db('app').collection<Row>(`c${n++}`);
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, s: i % 2 ? 'ABC' : 'abc' })));
    const got = await coll
      .find({ s: 'abc' }, { batchSize: 4, collation: { locale: 'en', strength: 2 } })
      .toArray();
    expect(got).toHaveLength(30);
  });

  it('should end a killed cursor and answer its getMore with not found', async () => {
    const coll = await fresh(20);
    const reply = await client.db('app').command({ find: coll.collectionName, batchSize: 2 });
    const id = reply.cursor.id;
    const killed = await client.db('app').command({ killCursors: coll.collectionName, cursors: [id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    await expect(
      client.db('app').command({ getMore: id, collection: coll.collectionName }),
    ).rejects.toMatchObject({ code: 43 });
  });
});
