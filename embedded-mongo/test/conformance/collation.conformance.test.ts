import { ObjectId, type CollationOptions } from 'mongodb';
import { describeConformance, failure } from '../support/conformance';

/**
 * Collation, from the MongoDB manual (Reference → Collation, and the `collation` option of each
 * CRUD command): strength 1 compares base letters only, 2 adds accents, 3 (the default) adds case;
 * `simple` is binary comparison; an index is used for string comparisons only by operations with
 * the same collation; a collection's default collation applies to operations and indexes that
 * specify none.
 */
const EN1 = { locale: 'en', strength: 1 };
const EN2 = { locale: 'en', strength: 2 };
const EN3 = { locale: 'en', strength: 3 };
const ZH = { locale: 'zh' };

const WORDS = [
  { _id: 1, w: 'cafe' },
  { _id: 2, w: 'Cafe' },
  { _id: 3, w: 'café' },
  { _id: 4, w: 'CAFÉ' },
  { _id: 5, w: 'cab' },
  { _id: 6, w: 'Abc' },
  { _id: 7, w: 'abd' },
];

const ids = (docs: Array<Record<string, unknown>>): unknown[] => docs.map((d) => d._id);

describeConformance('collation', ({ h }) => {
  beforeAll(async () => {
    await h().coll('words').insertMany(WORDS);
  });

  it('should match by base letters only when strength is 1', async () => {
    const docs = await h().coll('words').find({ w: 'cafe' }, { collation: EN1 }).sort({ _id: 1 }).toArray();
    expect(ids(docs)).toEqual([1, 2, 3, 4]);
  });

  it('should match case-insensitively but accent-sensitively when strength is 2', async () => {
    const docs = await h().coll('words').find({ w: 'cafe' }, { collation: EN2 }).sort({ _id: 1 }).toArray();
    expect(ids(docs)).toEqual([1, 2]);
  });

  it('should match exactly when strength is 3 or the collation is simple', async () => {
    const c = h().coll('words');
    expect(ids(await c.find({ w: 'cafe' }, { collation: EN3 }).toArray())).toEqual([1]);
    expect(ids(await c.find({ w: 'cafe' }, { collation: { locale: 'simple' } }).toArray())).toEqual([1]);
  });

  it('should compare $in, $ne and $nin under the collation when one is given', async () => {
    const c = h().coll('words');
    const inDocs = await c
      .find({ w: { $in: ['CAFE', 'ABC'] } }, { collation: EN2 })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(inDocs)).toEqual([1, 2, 6]);
    expect(await c.countDocuments({ w: { $ne: 'CAFE' } }, { collation: EN2 })).toBe(5);
    expect(await c.countDocuments({ w: { $nin: ['CAFE', 'ABC'] } }, { collation: EN2 })).toBe(4);
  });

  it('should compare ranges under the collation when one is given', async () => {
    const c = h().coll('words');
    // Binary: uppercase letters sort before lowercase, so 'Abc' and 'Cafe' are < 'b'.
    const simple = await c
      .find({ w: { $lt: 'b' } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(simple)).toEqual([2, 4, 6, 7]);
    const en = await c
      .find({ w: { $lt: 'b' } }, { collation: EN3 })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(en)).toEqual([6, 7]);
  });

  it('should sort strings in the locale order when sorting with a collation', async () => {
    const c = h().coll('words');
    const en = await c
      .find({ _id: { $in: [5, 6, 7] } }, { collation: EN3 })
      .sort({ w: 1 })
      .toArray();
    expect(en.map((d) => d.w)).toEqual(['Abc', 'abd', 'cab']);
    const simple = await c
      .find({ _id: { $in: [5, 6, 7] } })
      .sort({ w: 1 })
      .toArray();
    expect(simple.map((d) => d.w)).toEqual(['Abc', 'abd', 'cab'].sort());
  });

  it('should sort Chinese names in pinyin order when the locale is zh', async () => {
    const names = ['赵六', '张三', '阿明', '王五', '李四', '白云'];
    await h()
      .coll('zh')
      .insertMany(names.map((name, i) => ({ _id: i, name })));
    const docs = await h().coll('zh').find({}, { collation: ZH }).sort({ name: 1 }).toArray();
    expect(docs.map((d) => d.name)).toEqual(['阿明', '白云', '李四', '王五', '张三', '赵六']);
    const desc = await h()
      .coll('zh')
      .aggregate([{ $sort: { name: -1 } }, { $project: { _id: 0, name: 1 } }], { collation: ZH })
      .toArray();
    expect(desc.map((d) => d.name)).toEqual(['赵六', '张三', '王五', '李四', '白云', '阿明']);
  });

  it('should count and find distinct values under the collation when one is given', async () => {
    const c = h().coll('words');
    expect(await c.countDocuments({ w: 'CAFE' }, { collation: EN1 })).toBe(4);
    expect(await c.countDocuments({ w: 'CAFE' })).toBe(0);
    const values = await c.distinct('w', { _id: { $lte: 4 } }, { collation: EN2 });
    expect(values).toHaveLength(2);
    expect((await c.distinct('w', { _id: { $lte: 4 } })).sort()).toEqual(['CAFÉ', 'Cafe', 'cafe', 'café']);
  });

  it('should match and compare with the collation in aggregate when one is given', async () => {
    const docs = await h()
      .coll('words')
      .aggregate(
        [{ $match: { w: 'CAFE' } }, { $project: { same: { $eq: ['$w', 'cafe'] } } }, { $sort: { _id: 1 } }],
        { collation: EN1 },
      )
      .toArray();
    expect(docs).toEqual([
      { _id: 1, same: true },
      { _id: 2, same: true },
      { _id: 3, same: true },
      { _id: 4, same: true },
    ]);
  });

  it('should update, delete and findAndModify the documents the collation matches', async () => {
    const c = h().coll('writes');
    await c.insertMany(WORDS.map((d) => ({ ...d })));
    const upd = await c.updateMany({ w: 'CAFE' }, { $set: { hit: true } }, { collation: EN2 });
    expect(upd.matchedCount).toBe(2);
    const one = await c.findOneAndUpdate(
      { w: 'CAFÉ' },
      { $set: { first: true } },
      { collation: EN2, sort: { _id: 1 }, returnDocument: 'after' },
    );
    expect(one?._id).toBe(3);
    const removed = await c.findOneAndDelete({ w: 'ABD' }, { collation: EN2 });
    expect(removed?._id).toBe(7);
    const del = await c.deleteMany({ w: 'CAFE' }, { collation: EN1 });
    expect(del.deletedCount).toBe(4);
    expect(ids(await c.find({}).sort({ _id: 1 }).toArray())).toEqual([5, 6]);
  });

  it('should apply each statement its own collation in a bulk write', async () => {
    const c = h().coll('bulk');
    await c.insertMany(WORDS.map((d) => ({ ...d })));
    const res = await c.bulkWrite([
      { updateMany: { filter: { w: 'CAFE' }, update: { $set: { a: 1 } }, collation: EN1 } },
      { updateOne: { filter: { w: 'abc' }, update: { $set: { b: 1 } }, collation: EN2 } },
      { replaceOne: { filter: { w: 'CAB' }, replacement: { w: 'cab', c: 1 }, collation: EN2 } },
      { deleteOne: { filter: { w: 'ABD' }, collation: EN2 } },
      { deleteMany: { filter: { w: 'ABD' } } },
    ]);
    expect(res.matchedCount).toBe(6);
    expect(res.deletedCount).toBe(1);
    expect(await c.countDocuments({ a: 1 })).toBe(4);
    expect(await c.findOne({ _id: 6 })).toEqual({ _id: 6, w: 'Abc', b: 1 });
    expect(await c.findOne({ _id: 5 })).toEqual({ _id: 5, w: 'cab', c: 1 });
  });

  it('should reject duplicates a unique index with a collation considers equal', async () => {
    const c = h().coll('uniq');
    await c.createIndex({ name: 1 }, { unique: true, collation: EN2 });
    await c.insertOne({ _id: 1, name: 'Alice' });
    const err = await failure(c.insertOne({ _id: 2, name: 'ALICE' }));
    expect(err.code).toBe(11000);
    // Accents differ at strength 2, so this is another key.
    await c.insertOne({ _id: 3, name: 'Alicé' });
    const upd = await failure(c.updateOne({ _id: 3 }, { $set: { name: 'alice' } }));
    expect(upd.code).toBe(11000);
    const [ix] = (await c.listIndexes().toArray()).filter((i) => i.name === 'name_1');
    expect(ix.collation).toMatchObject({ locale: 'en', strength: 2, caseLevel: false });
  });

  it('should find the same documents through an index with the same collation as without it', async () => {
    const plain = h().coll('noix');
    const indexed = h().coll('withix');
    const docs = WORDS.map((d) => ({ ...d, n: d._id % 3 }));
    await plain.insertMany(docs.map((d) => ({ ...d })));
    await indexed.insertMany(docs.map((d) => ({ ...d })));
    await indexed.createIndex({ w: 1 }, { collation: EN2 });
    const queries: Array<[Record<string, unknown>, CollationOptions | undefined]> = [
      [{ w: 'CAFE' }, EN2],
      [{ w: 'CAFE' }, undefined],
      [{ w: { $in: ['CAFE', 'cab'] } }, EN2],
      [{ w: { $gte: 'B', $lt: 'd' } }, EN2],
      [{ w: { $gte: 'B', $lt: 'd' } }, undefined],
      [{ $or: [{ w: 'abd' }, { w: 'ABC' }] }, EN2],
    ];
    for (const [filter, collation] of queries) {
      const opts = collation ? { collation } : {};
      const a = await plain.find(filter, opts).sort({ _id: 1 }).toArray();
      const b = await indexed.find(filter, opts).sort({ _id: 1 }).toArray();
      expect({ filter, ids: ids(b) }).toEqual({ filter, ids: ids(a) });
      const sa = await plain.find(filter, opts).sort({ w: 1, _id: 1 }).toArray();
      const sb = await indexed.find(filter, opts).sort({ w: 1, _id: 1 }).toArray();
      expect({ filter, ids: ids(sb) }).toEqual({ filter, ids: ids(sa) });
    }
  });

  it('should use the collection default collation when an operation names none', async () => {
    await h().db().createCollection('ci', { collation: EN2 });
    const c = h().coll('ci');
    await c.insertMany([
      { _id: 1, w: 'x' },
      { _id: 2, w: 'X' },
    ]);
    expect(await c.countDocuments({ w: 'x' })).toBe(2);
    expect(await c.countDocuments({ w: 'x' }, { collation: { locale: 'simple' } })).toBe(1);
    await c.createIndex({ w: 1 });
    const [ix] = (await c.listIndexes().toArray()).filter((i) => i.name === 'w_1');
    expect(ix.collation).toMatchObject({ locale: 'en', strength: 2 });
    const [info] = await h().db().listCollections({ name: 'ci' }).toArray();
    expect((info as unknown as { options: { collation: unknown } }).options.collation).toMatchObject({
      locale: 'en',
      strength: 2,
    });
  });

  it('should reject an unknown locale and a collation without locale when given them', async () => {
    const c = h().coll('words');
    const bad = await failure(c.find({}, { collation: { locale: 'xx' } }).toArray());
    expect(bad.code).toBe(2);
    const missing = await failure(c.find({}, { collation: { strength: 2 } as never }).toArray());
    expect(missing.code).toBe(40414);
  });

  it('should join a session-like read to its user and an uncorrelated page under the collation', async () => {
    const db = h().db();
    const [u1, u2] = [new ObjectId(), new ObjectId()];
    await db
      .collection('lk_sessions')
      .insertMany([
        { _id: 1, token: 't1', userId: u1 } as never,
        { _id: 2, token: 't2', userId: u2 } as never,
      ]);
    await db.collection('lk_users').insertMany([{ _id: u1, name: 'U' }]);
    await db.collection('lk_names').insertMany([
      { _id: 1, n: 'b' },
      { _id: 2, n: 'A' },
      { _id: 3, n: 'a' },
      { _id: 4, n: 'B' },
    ] as never[]);
    await db.collection('lk_names').createIndex({ n: 1, _id: 1 }, { collation: EN2 });
    await db.collection('lk_sessions').createIndex({ token: 1 }, { collation: EN2 });
    const read = (token: string) =>
      db
        .collection('lk_sessions')
        .aggregate(
          [
            { $match: { token } },
            { $limit: 1 },
            { $lookup: { from: 'lk_users', localField: 'userId', foreignField: '_id', as: 'user' } },
            {
              $lookup: {
                from: 'lk_names',
                pipeline: [
                  { $match: { n: { $gte: 'a' } } },
                  { $sort: { n: 1, _id: 1 } },
                  { $limit: 3 },
                  { $project: { n: 1 } },
                  { $set: { tier: 0 } },
                  {
                    $unionWith: {
                      coll: 'lk_names',
                      pipeline: [{ $match: { n: 'B' } }, { $set: { tier: 1 } }],
                    },
                  },
                  { $limit: 4 },
                ],
                as: 'page',
              },
            },
          ],
          { collation: EN2 },
        )
        .toArray();
    expect(await read('T1')).toEqual([
      {
        _id: 1,
        token: 't1',
        userId: u1,
        user: [{ _id: u1, name: 'U' }],
        page: [
          { _id: 2, n: 'A', tier: 0 },
          { _id: 3, n: 'a', tier: 0 },
          { _id: 1, n: 'b', tier: 0 },
          { _id: 1, n: 'b', tier: 1 },
        ],
      },
    ]);
    expect(await read('t2')).toEqual([
      expect.objectContaining({ _id: 2, user: [], page: expect.any(Array) as unknown }),
    ]);
    expect(await read('t9')).toEqual([]);
  });
});
