import { describeConformance, failure } from '../support/conformance';

describeConformance('crud', ({ h }) => {
  it('should return inserted documents when finding by equality', async () => {
    await h().insertMany('people', [
      { _id: 1, name: 'ann', age: 30, city: 'x' },
      { _id: 2, name: 'bob', age: 25, city: 'y' },
      { _id: 3, name: 'cy', age: 35, city: 'x' },
    ]);
    expect(await h().find('people', { city: 'x' }, { sort: { _id: 1 } })).toEqual([
      { _id: 1, name: 'ann', age: 30, city: 'x' },
      { _id: 3, name: 'cy', age: 35, city: 'x' },
    ]);
    expect(await h().findOne('people', { _id: 2 })).toEqual({ _id: 2, name: 'bob', age: 25, city: 'y' });
  });

  it('should apply sort, skip, limit and projection when given together', async () => {
    const docs = await h().find(
      'people',
      { age: { $gte: 25 } },
      { sort: { age: -1 }, skip: 1, limit: 1, projection: { name: 1 } },
    );
    expect(docs).toEqual([{ _id: 1, name: 'ann' }]);
  });

  it('should keep document field order with _id first when projecting', async () => {
    await h().insertOne('ordered', { _id: 'k', b: 1, a: 2, c: { z: 1, y: 2 } });
    const [doc] = await h().find('ordered', {}, { projection: { c: 1, a: 1 } });
    expect(Object.keys(doc)).toEqual(['_id', 'a', 'c']);
    const [excl] = await h().find('ordered', {}, { projection: { b: 0 } });
    expect(Object.keys(excl)).toEqual(['_id', 'a', 'c']);
    const [noId] = await h().find('ordered', {}, { projection: { _id: 0, 'c.y': 1 } });
    expect(noId).toEqual({ c: { y: 2 } });
  });

  it('should return every document through getMore when more than 101 match', async () => {
    const docs = Array.from({ length: 250 }, (_, i) => ({ _id: i, v: i % 7 }));
    await h().insertMany('many', docs);
    const all = await h().find('many', {}, { sort: { _id: 1 } });
    expect(all).toHaveLength(250);
    expect(all[249]).toEqual({ _id: 249, v: 4 });
    const small = await h().find('many', { v: 3 }, { batchSize: 5 });
    expect(small).toHaveLength(36);
  });

  it('should close the cursor when the client stops early', async () => {
    const cursor = h().coll('many').find({}, { batchSize: 10 });
    await cursor.next();
    const id = cursor.id;
    expect(id?.isZero()).toBe(false);
    await cursor.close();
    const err = await failure(h().db().command({ getMore: id, collection: 'many' }));
    expect(err).toMatchObject({ code: 43, codeName: 'CursorNotFound' });
  });

  it('should count and distinct over the filter when asked', async () => {
    expect(await h().countDocuments('many', { v: { $in: [1, 2] } })).toBe(72);
    expect(await h().countDocuments('many')).toBe(250);
    expect(await h().coll('many').estimatedDocumentCount()).toBe(250);
    const values = await h().distinct('many', 'v', { _id: { $lt: 10 } });
    expect([...values].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('should delete one or many when filtered', async () => {
    expect(await h().deleteOne('many', { v: 0 })).toBe(1);
    expect(await h().deleteMany('many', { v: 0 })).toBe(35);
    expect(await h().countDocuments('many', { v: 0 })).toBe(0);
    expect(await h().deleteMany('nothing-here', {})).toBe(0);
  });

  it('should return before and after images when using findOneAndUpdate', async () => {
    await h().insertMany('fam', [
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ]);
    const before = await h().findOneAndUpdate('fam', { _id: 1 }, { $inc: { n: 10 } }, { after: false });
    expect(before).toEqual({ _id: 1, n: 1 });
    const after = await h().findOneAndUpdate('fam', { _id: 2 }, { $inc: { n: 10 } }, { after: true });
    expect(after).toEqual({ _id: 2, n: 12 });
    const upserted = await h().findOneAndUpdate(
      'fam',
      { _id: 3 },
      { $set: { n: 3 } },
      { after: true, upsert: true },
    );
    expect(upserted).toEqual({ _id: 3, n: 3 });
    const missing = await h().findOneAndUpdate('fam', { _id: 99 }, { $set: { n: 3 } }, { after: true });
    expect(missing).toBeNull();
    const sorted = await h().findOneAndUpdate(
      'fam',
      {},
      { $set: { top: true } },
      { after: true, sort: { n: -1 } },
    );
    expect(sorted).toEqual({ _id: 2, n: 12, top: true });
    expect(await h().findOneAndDelete('fam', { _id: 1 })).toEqual({ _id: 1, n: 11 });
    expect(await h().countDocuments('fam')).toBe(2);
  });

  it('should match with logical, element, array and regex operators when filtering', async () => {
    await h().insertMany('ops', [
      {
        _id: 1,
        tags: ['a', 'b'],
        s: 'Hello',
        n: 5,
        sub: [
          { k: 1, v: 'x' },
          { k: 2, v: 'y' },
        ],
      },
      { _id: 2, tags: ['c'], s: 'world', n: 10 },
      { _id: 3, s: null, n: 15 },
    ]);
    const ids = async (f: Record<string, unknown>) =>
      (await h().find('ops', f, { sort: { _id: 1 } })).map((d) => d._id);
    expect(await ids({ tags: 'a' })).toEqual([1]);
    expect(await ids({ tags: { $all: ['a', 'b'] } })).toEqual([1]);
    expect(await ids({ tags: { $size: 1 } })).toEqual([2]);
    expect(await ids({ s: /^hel/i })).toEqual([1]);
    expect(await ids({ s: null })).toEqual([3]);
    expect(await ids({ tags: { $exists: false } })).toEqual([3]);
    expect(await ids({ $or: [{ n: 5 }, { n: { $gt: 12 } }] })).toEqual([1, 3]);
    expect(await ids({ n: { $not: { $gt: 5 } } })).toEqual([1]);
    expect(await ids({ sub: { $elemMatch: { k: 2, v: 'y' } } })).toEqual([1]);
    expect(await ids({ 'sub.k': 2 })).toEqual([1]);
    expect(await ids({ n: { $nin: [5, 10] } })).toEqual([3]);
    expect(await ids({ $expr: { $gt: ['$n', 7] } })).toEqual([2, 3]);
    expect(await ids({ n: { $mod: [5, 0] }, s: { $type: 'string' } })).toEqual([1, 2]);
  });
});
