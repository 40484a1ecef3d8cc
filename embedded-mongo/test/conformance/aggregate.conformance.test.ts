import { describeConformance } from '../support/conformance';

describeConformance('aggregate', ({ h }) => {
  beforeAll(async () => {
    await h().insertMany('orders', [
      { _id: 1, cust: 'a', amount: 10, items: ['x', 'y'], status: 'new' },
      { _id: 2, cust: 'b', amount: 20, items: ['y'], status: 'paid' },
      { _id: 3, cust: 'a', amount: 30, items: [], status: 'paid' },
      { _id: 4, cust: 'c', amount: 45, items: ['z'], status: 'paid' },
    ]);
    await h().insertMany('customers', [
      { _id: 'a', name: 'Ann' },
      { _id: 'b', name: 'Bob' },
    ]);
  });

  it('should group and sort when summing per key', async () => {
    const out = await h().aggregate('orders', [
      { $match: { status: 'paid' } },
      { $group: { _id: '$cust', total: { $sum: '$amount' }, n: { $sum: 1 }, avg: { $avg: '$amount' } } },
      { $sort: { total: -1 } },
    ]);
    expect(out).toEqual([
      { _id: 'c', total: 45, n: 1, avg: 45 },
      { _id: 'a', total: 30, n: 1, avg: 30 },
      { _id: 'b', total: 20, n: 1, avg: 20 },
    ]);
  });

  it('should reshape documents with $project, $addFields, $set, $unset and $replaceRoot', async () => {
    const out = await h().aggregate('orders', [
      { $match: { _id: 1 } },
      { $project: { cust: 1, amount: 1, items: 1 } },
      { $addFields: { double: { $multiply: ['$amount', 2] } } },
      { $set: { count: { $size: '$items' } } },
      { $unset: 'items' },
      { $replaceRoot: { newRoot: { c: '$cust', d: '$double', n: '$count' } } },
    ]);
    expect(out).toEqual([{ c: 'a', d: 20, n: 2 }]);
  });

  it('should unwind, skip, limit and count when paging', async () => {
    const out = await h().aggregate('orders', [
      { $unwind: '$items' },
      { $sort: { _id: 1, items: 1 } },
      { $skip: 1 },
      { $limit: 2 },
      { $project: { _id: 1, items: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 1, items: 'y' },
      { _id: 2, items: 'y' },
    ]);
    expect(await h().aggregate('orders', [{ $unwind: '$items' }, { $count: 'n' }])).toEqual([{ n: 4 }]);
  });

  it('should join another collection when using $lookup', async () => {
    const out = await h().aggregate('orders', [
      { $match: { _id: { $in: [1, 4] } } },
      { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
      { $project: { _id: 1, names: '$c.name' } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 1, names: ['Ann'] },
      { _id: 4, names: [] },
    ]);
  });

  it('should join by an indexed foreign field after $match and $limit, a missing local field matching null', async () => {
    await h().insertMany('tokens', [{ _id: 't1', owner: 'a' }, { _id: 't2', owner: 'z' }, { _id: 't3' }]);
    await h().insertMany('owners', [
      { _id: 'o1', key: 'a', name: 'Ann' },
      { _id: 'o2', key: null, name: 'Nobody' },
      { _id: 'o3', name: 'Keyless' },
    ]);
    await h().createIndex('owners', { key: 1 });
    const join = (id: string) =>
      h().aggregate('tokens', [
        { $match: { _id: id } },
        { $limit: 1 },
        { $lookup: { from: 'owners', localField: 'owner', foreignField: 'key', as: 'o' } },
      ]);
    expect(await join('t1')).toEqual([{ _id: 't1', owner: 'a', o: [{ _id: 'o1', key: 'a', name: 'Ann' }] }]);
    expect(await join('t2')).toEqual([{ _id: 't2', owner: 'z', o: [] }]);
    const [keyless] = await join('t3');
    expect((keyless.o as Array<{ _id: string }>).map((o) => o._id).sort()).toEqual(['o2', 'o3']);
  });

  it('should compute several facets, $sortByCount and $bucket in one pass', async () => {
    const [out] = await h().aggregate('orders', [
      {
        $facet: {
          byStatus: [{ $sortByCount: '$status' }],
          buckets: [
            {
              $bucket: {
                groupBy: '$amount',
                boundaries: [0, 25, 50],
                default: 'other',
                output: { n: { $sum: 1 } },
              },
            },
          ],
        },
      },
    ]);
    expect(out).toEqual({
      byStatus: [
        { _id: 'paid', count: 3 },
        { _id: 'new', count: 1 },
      ],
      buckets: [
        { _id: 0, n: 2 },
        { _id: 25, n: 2 },
      ],
    });
  });

  it('should count documents through the aggregate path mongoose and the driver use', async () => {
    expect(await h().countDocuments('orders', { amount: { $gt: 15 } })).toBe(3);
  });

  it('should leave stored documents unchanged when a pipeline rewrites its documents', async () => {
    const before = await h().find('orders', {}, { sort: { _id: 1 } });
    await h().aggregate('orders', [
      { $set: { cust: 'zzz', 'extra.k': 1 } },
      { $unwind: '$items' },
      { $set: { items: 'changed' } },
    ]);
    await h().aggregate('orders', [
      { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
      { $unwind: '$c' },
      { $set: { 'c.name': 'changed' } },
    ]);
    expect(await h().find('orders', {}, { sort: { _id: 1 } })).toEqual(before);
    expect(await h().find('customers', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'a', name: 'Ann' },
      { _id: 'b', name: 'Bob' },
    ]);
  });
});
