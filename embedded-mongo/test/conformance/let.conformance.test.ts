import { describeConformance } from '../support/conformance';

/** The `let` option (MongoDB 5.0+): `$$name` variables in `$expr` and pipelines, per the manual. */
describeConformance('let variables', ({ h }) => {
  beforeAll(async () => {
    await h()
      .coll('cakes')
      .insertMany([
        { _id: 1, flavor: 'chocolate', price: 8 },
        { _id: 2, flavor: 'strawberry', price: 4 },
        { _id: 3, flavor: 'cherry', price: 7 },
      ]);
  });

  it('should read let variables in $expr when finding', async () => {
    const c = h().coll('cakes');
    const docs = await c
      .find({ $expr: { $eq: ['$flavor', '$$target'] } }, { let: { target: 'cherry' } })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([3]);
    const cheap = await c
      .find({ $expr: { $lt: ['$price', '$$max'] } }, { let: { max: 7.5 } })
      .sort({ _id: 1 })
      .toArray();
    expect(cheap.map((d) => d._id)).toEqual([2, 3]);
  });

  it('should read let variables in aggregate stages', async () => {
    const docs = await h()
      .coll('cakes')
      .aggregate(
        [
          { $match: { $expr: { $gte: ['$price', '$$min'] } } },
          { $project: { _id: 1, label: { $concat: ['$$prefix', '$flavor'] } } },
          { $sort: { _id: 1 } },
        ],
        { let: { min: 7, prefix: 'cake: ' } },
      )
      .toArray();
    expect(docs).toEqual([
      { _id: 1, label: 'cake: chocolate' },
      { _id: 3, label: 'cake: cherry' },
    ]);
  });

  it('should read let variables in update filters and pipeline updates, deletes and findAndModify', async () => {
    const c = h().coll('letwrites');
    await c.insertMany([
      { _id: 1, flavor: 'chocolate', price: 8 },
      { _id: 2, flavor: 'strawberry', price: 4 },
      { _id: 3, flavor: 'cherry', price: 7 },
    ]);
    const upd = await c.updateOne(
      { $expr: { $eq: ['$flavor', '$$target'] } },
      [{ $set: { price: '$$newPrice' } }],
      { let: { target: 'cherry', newPrice: 9 } },
    );
    expect(upd.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 3 })).toEqual({ _id: 3, flavor: 'cherry', price: 9 });
    const found = await c.findOneAndUpdate(
      { $expr: { $eq: ['$flavor', '$$target'] } },
      { $set: { sold: true } },
      { let: { target: 'strawberry' }, returnDocument: 'after' },
    );
    expect(found).toEqual({ _id: 2, flavor: 'strawberry', price: 4, sold: true });
    const del = await c.deleteMany({ $expr: { $gt: ['$price', '$$limit'] } }, { let: { limit: 8 } });
    expect(del.deletedCount).toBe(1);
    const bulk = await c.bulkWrite(
      [
        {
          updateMany: {
            filter: { $expr: { $lt: ['$price', '$$limit'] } },
            update: { $set: { cheap: true } },
          },
        },
      ],
      { let: { limit: 5 } },
    );
    expect(bulk.modifiedCount).toBe(1);
    expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2]);
  });
});
