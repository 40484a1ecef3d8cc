import { describeConformance, failure } from '../support/conformance';

/** `$out` and `$merge` as the MongoDB manual describes them (aggregation stages reference). */
describeConformance('$out and $merge', ({ h }) => {
  beforeAll(async () => {
    await h()
      .coll('sales')
      .insertMany([
        { _id: 1, item: 'a', qty: 2, year: 2024 },
        { _id: 2, item: 'b', qty: 3, year: 2024 },
        { _id: 3, item: 'a', qty: 5, year: 2025 },
      ]);
  });

  it('should replace the target collection with the results and keep its indexes when using $out', async () => {
    const target = h().coll('totals_out');
    await target.insertOne({ _id: 'old', n: 0 });
    await target.createIndex({ n: 1 });
    const cursor = await h()
      .coll('sales')
      .aggregate([
        { $group: { _id: '$item', n: { $sum: '$qty' } } },
        { $sort: { _id: 1 } },
        { $out: 'totals_out' },
      ])
      .toArray();
    expect(cursor).toEqual([]);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', n: 7 },
      { _id: 'b', n: 3 },
    ]);
    expect((await target.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'n_1']);
  });

  it('should leave the $out target untouched when a result breaks one of its unique indexes', async () => {
    const target = h().coll('out_unique');
    await target.insertOne({ _id: 'keep', item: 'z' });
    await target.createIndex({ item: 1 }, { unique: true });
    const err = await failure(
      h()
        .coll('sales')
        .aggregate([{ $project: { item: 1 } }, { $out: 'out_unique' }])
        .toArray(),
    );
    expect(err.code).toBe(11000);
    expect(await target.find({}).toArray()).toEqual([{ _id: 'keep', item: 'z' }]);
  });

  it('should merge into existing documents and insert new ones by default when using $merge', async () => {
    const target = h().coll('merge_default');
    await target.insertMany([
      { _id: 'a', n: 0, note: 'kept' },
      { _id: 'c', n: 9 },
    ]);
    await h()
      .coll('sales')
      .aggregate([{ $group: { _id: '$item', n: { $sum: '$qty' } } }, { $merge: { into: 'merge_default' } }])
      .toArray();
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', n: 7, note: 'kept' },
      { _id: 'b', n: 3 },
      { _id: 'c', n: 9 },
    ]);
  });

  it('should honour whenMatched replace, keepExisting and a pipeline, and whenNotMatched discard', async () => {
    const c = h().coll('merge_modes');
    const seed = async () => {
      await c.deleteMany({});
      await c.insertMany([{ _id: 'a', n: 1, note: 'x' }]);
    };
    const group = { $group: { _id: '$item', n: { $sum: '$qty' } } };
    await seed();
    await h()
      .coll('sales')
      .aggregate([
        group,
        { $merge: { into: 'merge_modes', whenMatched: 'replace', whenNotMatched: 'discard' } },
      ])
      .toArray();
    expect(await c.find({}).toArray()).toEqual([{ _id: 'a', n: 7 }]);
    await seed();
    await h()
      .coll('sales')
      .aggregate([group, { $merge: { into: 'merge_modes', whenMatched: 'keepExisting' } }])
      .toArray();
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', n: 1, note: 'x' },
      { _id: 'b', n: 3 },
    ]);
    await seed();
    await h()
      .coll('sales')
      .aggregate([
        group,
        {
          $merge: {
            into: 'merge_modes',
            whenMatched: [{ $set: { n: { $add: ['$n', '$$new.n'] } } }],
            whenNotMatched: 'discard',
          },
        },
      ])
      .toArray();
    expect(await c.find({}).toArray()).toEqual([{ _id: 'a', n: 8, note: 'x' }]);
  });

  it('should fail on a match when whenMatched is fail, and on a miss when whenNotMatched is fail', async () => {
    const c = h().coll('merge_fail');
    await c.insertOne({ _id: 'a', n: 0 });
    const group = { $group: { _id: '$item', n: { $sum: '$qty' } } };
    const matched = await failure(
      h()
        .coll('sales')
        .aggregate([group, { $match: { _id: 'a' } }, { $merge: { into: 'merge_fail', whenMatched: 'fail' } }])
        .toArray(),
    );
    expect(matched.code).toBe(11000);
    const missed = await failure(
      h()
        .coll('sales')
        .aggregate([
          group,
          { $match: { _id: 'b' } },
          { $merge: { into: 'merge_fail', whenNotMatched: 'fail' } },
        ])
        .toArray(),
    );
    expect(missed.code).toBe(13113);
  });

  it('should match on other fields only through a unique index on them when given on', async () => {
    const c = h().coll('merge_on');
    const pipeline = [
      { $group: { _id: { item: '$item', year: '$year' }, n: { $sum: '$qty' } } },
      { $project: { _id: 0, item: '$_id.item', year: '$_id.year', n: 1 } },
      { $merge: { into: 'merge_on', on: ['item', 'year'] } },
    ];
    const noIndex = await failure(h().coll('sales').aggregate(pipeline).toArray());
    expect(noIndex.code).toBe(51183);
    await c.createIndex({ item: 1, year: 1 }, { unique: true });
    await c.insertOne({ item: 'a', year: 2024, n: 100, note: 'seen' });
    await h().coll('sales').aggregate(pipeline).toArray();
    const docs = await c
      .find({}, { projection: { _id: 0 } })
      .sort({ item: 1, year: 1 })
      .toArray();
    expect(docs).toEqual([
      { item: 'a', year: 2024, n: 2, note: 'seen' },
      { item: 'a', year: 2025, n: 5 },
      { item: 'b', year: 2024, n: 3 },
    ]);
  });

  it('should surface a duplicate key on another unique index as 11000 when $merge inserts', async () => {
    const c = h().coll('merge_dup');
    await c.createIndex({ n: 1 }, { unique: true });
    await c.insertOne({ _id: 'z', n: 3 });
    const err = await failure(
      h()
        .coll('sales')
        .aggregate([{ $group: { _id: '$item', n: { $sum: '$qty' } } }, { $merge: { into: 'merge_dup' } }])
        .toArray(),
    );
    expect(err.code).toBe(11000);
  });
});
