import { MongoClient, type Collection } from 'mongodb';
import { start, type RunningServer } from '../server';

interface Row {
  _id: number;
  v: number;
  tag: string;
}

/**
 * Counts and distincts read their matches in slices (#19), as a cursor reads its batches: a long
 * one lets other requests run meanwhile, and it answers what gathering every match answered.
 */
describe('counts and distincts read in slices', () => {
  let server: RunningServer;
  let client: MongoClient;
  let other: MongoClient;
  let big: Collection<Row>;
  const BIG = 60_000;

  beforeAll(async () => {
    server = await start();
    client = await MongoClient.connect(server.uri);
    other = await MongoClient.connect(server.uri);
    big = client.db('app').collection<Row>('big');
    const rows = Array.from({ length: BIG }, (_, i) => ({ _id: i, v: i % 100, tag: `t${i % 7}` }));
    for (let i = 0; i < BIG; i += 10_000) await big.insertMany(rows.slice(i, i + 10_000));
  });
  afterAll(async () => {
    await client.close();
    await other.close();
    await server.stop();
  });

  /** How many pings another connection had answered while `read` was running. */
  async function pingsDuring(read: () => Promise<unknown>): Promise<number> {
    let done = false;
    const reading = read().finally(() => (done = true));
    let pings = 0;
    while (!done) {
      await other.db('admin').command({ ping: 1 });
      if (!done) pings++;
    }
    await reading;
    return pings;
  }

  // A filter no index narrows, matching every document: each count reads the whole collection.
  const everything = { v: { $gte: 0 }, tag: { $ne: 'none' } };

  it('should answer other requests while a countDocuments reads a large collection', async () => {
    // In one step, the ping sent beside it is answered before it or after it, never between.
    const pings = await pingsDuring(async () => {
      for (let i = 0; i < 3; i++) expect(await big.countDocuments(everything)).toBe(BIG);
    });
    expect(pings).toBeGreaterThanOrEqual(4);
  });

  it('should answer other requests while a count command or a distinct reads a large collection', async () => {
    const pings = await pingsDuring(async () => {
      const reply = await client.db('app').command({ count: 'big', query: everything });
      expect(reply.n).toBe(BIG);
      expect((await big.distinct('tag', everything)).sort()).toEqual([
        't0',
        't1',
        't2',
        't3',
        't4',
        't5',
        't6',
      ]);
      expect(await big.distinct('v', everything)).toHaveLength(100);
    });
    expect(pings).toBeGreaterThanOrEqual(4);
  });

  it('should count what the filter, skip and limit leave, as the full pipeline would', async () => {
    const coll = client.db('app').collection<Row>('small');
    await coll.insertMany(
      Array.from({ length: 30 }, (_, i) => ({ _id: i, v: i, tag: i % 2 ? 'odd' : 'even' })),
    );
    expect(await coll.countDocuments({ tag: 'odd' })).toBe(15);
    expect(await coll.countDocuments({ tag: 'odd' }, { skip: 10 })).toBe(5);
    expect(await coll.countDocuments({ tag: 'odd' }, { skip: 20 })).toBe(0);
    expect(await coll.countDocuments({ tag: 'odd' }, { limit: 4 })).toBe(4);
    expect(await coll.countDocuments({ tag: 'odd' }, { skip: 12, limit: 4 })).toBe(3);
    expect(await coll.countDocuments({ tag: 'none' })).toBe(0);
    expect(await client.db('app').collection('missing').countDocuments({ tag: 'odd' })).toBe(0);
    // The group the count ends with, as $group outputs it; none for no input, as $group outputs none.
    const group = { $group: { _id: 'all', total: { $sum: 1 } } };
    expect(
      await coll.aggregate([{ $match: { v: { $lt: 5 } } }, { $sort: { v: -1 } }, group]).toArray(),
    ).toEqual([{ _id: 'all', total: 5 }]);
    expect(await coll.aggregate([{ $match: { v: { $lt: 0 } } }, group]).toArray()).toEqual([]);
    // Not a count: grouped as before.
    expect(
      await coll
        .aggregate([{ $match: { v: { $lt: 4 } } }, { $group: { _id: null, s: { $sum: '$v' } } }])
        .toArray(),
    ).toEqual([{ _id: null, s: 6 }]);
    expect(
      await coll
        .aggregate([
          { $match: { v: { $lt: 4 } } },
          { $group: { _id: '$tag', n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray(),
    ).toEqual([
      { _id: 'even', n: 2 },
      { _id: 'odd', n: 2 },
    ]);
    expect(
      (await client.db('app').command({ count: 'small', query: { tag: 'even' }, skip: 3, limit: 5 })).n,
    ).toBe(5);
    expect((await client.db('app').command({ count: 'small', query: { tag: 'even' }, skip: 13 })).n).toBe(2);
    expect(await coll.distinct('tag', { v: { $gt: 27 } })).toEqual(['even', 'odd']);
  });

  it('should count the collection as it is when the read reaches each document', async () => {
    const coll = client.db('app').collection<Row>('changing');
    const n = 40_000;
    const rows = Array.from({ length: n }, (_, i) => ({ _id: i, v: 1, tag: 'x' }));
    for (let i = 0; i < n; i += 10_000) await coll.insertMany(rows.slice(i, i + 10_000));
    // Removing documents while a count runs: it sees each document at most once, and the ones
    // removed before it began, never.
    await coll.deleteMany({ _id: { $lt: 1000 } });
    const counting = coll.countDocuments({ v: 1, tag: 'x' });
    await other
      .db('app')
      .collection<Row>('changing')
      .deleteMany({ _id: { $gte: n - 1000 } });
    const counted = await counting;
    expect(counted).toBeGreaterThanOrEqual(n - 2000);
    expect(counted).toBeLessThanOrEqual(n - 1000);
    expect(await coll.countDocuments({ v: 1, tag: 'x' })).toBe(n - 2000);
  });
});
