import { describeConformance, failure } from '../support/conformance';

/** Read-only views as the MongoDB manual describes them (Views: create, query, restrictions). */
describeConformance('views', ({ h }) => {
  beforeAll(async () => {
    await h()
      .coll('staff')
      .insertMany([
        { _id: 1, name: 'ann', dept: 'eng', salary: 10 },
        { _id: 2, name: 'bob', dept: 'ops', salary: 7 },
        { _id: 3, name: 'cy', dept: 'eng', salary: 12 },
      ]);
    await h()
      .db()
      .createCollection('engineers', {
        viewOn: 'staff',
        pipeline: [{ $match: { dept: 'eng' } }, { $project: { salary: 0 } }],
      });
    await h()
      .db()
      .createCollection('engineer_names', {
        viewOn: 'engineers',
        pipeline: [{ $project: { _id: 0, name: 1 } }],
      });
  });

  it('should find through the view pipeline with filter, sort, skip, limit and projection', async () => {
    const v = h().coll('engineers');
    expect(await v.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, name: 'ann', dept: 'eng' },
      { _id: 3, name: 'cy', dept: 'eng' },
    ]);
    expect(await v.find({ name: 'cy' }, { projection: { dept: 0 } }).toArray()).toEqual([
      { _id: 3, name: 'cy' },
    ]);
    expect(await v.find({}).sort({ _id: -1 }).skip(1).limit(1).toArray()).toEqual([
      { _id: 1, name: 'ann', dept: 'eng' },
    ]);
  });

  it('should aggregate, count and estimate the count over a view, and resolve a view on a view', async () => {
    const v = h().coll('engineers');
    expect(await v.aggregate([{ $group: { _id: '$dept', n: { $sum: 1 } } }]).toArray()).toEqual([
      { _id: 'eng', n: 2 },
    ]);
    expect(await v.countDocuments({ name: 'ann' })).toBe(1);
    expect(await v.estimatedDocumentCount()).toBe(2);
    expect(await v.distinct('name')).toEqual(['ann', 'cy']);
    const names = await h().coll('engineer_names').find({}).sort({ name: 1 }).toArray();
    expect(names).toEqual([{ name: 'ann' }, { name: 'cy' }]);
  });

  it('should see writes to the source collection when reading the view afterwards', async () => {
    await h().coll('staff').insertOne({ _id: 4, name: 'dee', dept: 'eng', salary: 9 });
    expect(await h().coll('engineers').countDocuments({})).toBe(3);
    await h().coll('staff').deleteOne({ _id: 4 });
  });

  it('should reject writes and index builds on a view with code 166', async () => {
    const v = h().coll('engineers');
    expect((await failure(v.insertOne({ _id: 9, name: 'x' }))).code).toBe(166);
    expect((await failure(v.updateOne({ _id: 1 }, { $set: { name: 'y' } }))).code).toBe(166);
    expect((await failure(v.deleteOne({ _id: 1 }))).code).toBe(166);
    expect((await failure(v.findOneAndUpdate({ _id: 1 }, { $set: { a: 1 } }))).code).toBe(166);
    expect((await failure(v.createIndex({ name: 1 }))).code).toBe(166);
    expect(await h().coll('staff').countDocuments({})).toBe(3);
  });

  it('should list a view with its type and definition when listing collections', async () => {
    const [info] = await h().db().listCollections({ name: 'engineers' }).toArray();
    expect(info).toMatchObject({
      name: 'engineers',
      type: 'view',
      options: { viewOn: 'staff', pipeline: [{ $match: { dept: 'eng' } }, { $project: { salary: 0 } }] },
    });
  });
});
