import { Decimal128, Long, ObjectId } from 'mongodb';
import { describeConformance } from '../support/conformance';

describeConformance('bson semantics', ({ h }) => {
  it('should sort mixed types in BSON order when sorting ascending', async () => {
    const oid = new ObjectId('64b000000000000000000001');
    const date = new Date('2024-01-01T00:00:00Z');
    const docs = [
      { _id: 1, v: 'str' },
      { _id: 2, v: 5 },
      { _id: 3, v: null },
      { _id: 4, v: oid },
      { _id: 5, v: date },
      { _id: 6, v: true },
      { _id: 7, v: { a: 1 } },
      { _id: 8 },
      { _id: 9, v: Long.fromNumber(3) },
      { _id: 10, v: Decimal128.fromString('4.5') },
      { _id: 11, v: 2.5 },
    ];
    await h().insertMany('mixed', docs);
    const sorted = await h().coll('mixed').find({}).sort({ v: 1, _id: 1 }).toArray();
    expect(sorted.map((d) => d._id)).toEqual([3, 8, 11, 9, 10, 2, 1, 7, 4, 6, 5]);
  });

  it('should compare Long, Decimal128 and doubles numerically when filtering', async () => {
    const ids = async (f: Record<string, unknown>) =>
      (await h().coll('mixed').find(f).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ v: { $gt: 2.6, $lt: 5 } })).toEqual([9, 10]);
    expect(await ids({ v: 3 })).toEqual([9]);
    expect(await ids({ v: Decimal128.fromString('5') })).toEqual([2]);
    expect(await ids({ v: { $gte: new Date('2023-01-01') } })).toEqual([5]);
    expect(await ids({ v: { $gt: new ObjectId('64b000000000000000000000') } })).toEqual([4]);
  });

  it('should match $type aliases including number and numeric codes', async () => {
    const ids = async (t: unknown) =>
      (
        await h()
          .coll('mixed')
          .find({ v: { $type: t } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id);
    expect(await ids('number')).toEqual([2, 9, 10, 11]);
    expect(await ids('long')).toEqual([9]);
    expect(await ids('decimal')).toEqual([10]);
    expect(await ids('double')).toEqual([11]);
    expect(await ids('objectId')).toEqual([4]);
    expect(await ids(2)).toEqual([1]);
    expect(await ids(['bool', 'date'])).toEqual([5, 6]);
    expect(await ids('null')).toEqual([3]);
  });

  it('should sort by the largest element when sorting an array field descending', async () => {
    await h().insertMany('arrs', [
      { _id: 'a', v: [1, 10] },
      { _id: 'b', v: [5, 6] },
      { _id: 'c', v: 7 },
    ]);
    const desc = await h().coll('arrs').find({}).sort({ v: -1 }).toArray();
    expect(desc.map((d) => d._id)).toEqual(['a', 'c', 'b']);
    const asc = await h().coll('arrs').find({}).sort({ v: 1 }).toArray();
    expect(asc.map((d) => d._id)).toEqual(['a', 'b', 'c']);
  });

  it('should return 64-bit integers as Long when they exceed double precision', async () => {
    const big = Long.fromString('9223372036854775807');
    await h().insertOne('longs', { _id: 1, big });
    const doc = await h().coll('longs').findOne({ big }, { promoteLongs: false });
    expect(doc?.big).toBeInstanceOf(Long);
    expect(String(doc?.big)).toBe('9223372036854775807');
    const [agg] = await h()
      .coll('longs')
      .aggregate([{ $project: { big: 1 } }], { promoteLongs: false })
      .toArray();
    expect(String(agg.big)).toBe('9223372036854775807');
  });

  it('should keep ObjectId and Date types intact when round-tripping', async () => {
    const id = new ObjectId();
    const when = new Date(1700000000123);
    await h()
      .coll('rt')
      .insertOne({ _id: id, when, nested: { at: when, ids: [id] } });
    const doc = await h().coll('rt').findOne({ _id: id });
    expect(doc?._id).toBeInstanceOf(ObjectId);
    expect(doc?.nested.at.getTime()).toBe(1700000000123);
    expect(doc?.nested.ids[0].equals(id)).toBe(true);
    expect(await h().coll('rt').countDocuments({ 'nested.ids': id })).toBe(1);
  });

  it('should keep Long and Decimal128 exact when aggregating sums, extremes and arithmetic', async () => {
    await h().insertMany('wide', [
      { _id: 1, g: 'l', v: Long.fromString('9007199254740993') },
      { _id: 2, g: 'l', v: 1 },
      { _id: 3, g: 'd', v: Decimal128.fromString('0.1') },
      { _id: 4, g: 'd', v: Decimal128.fromString('0.2') },
    ]);
    const rows = await h()
      .coll('wide')
      .aggregate([{ $group: { _id: '$g', s: { $sum: '$v' }, mx: { $max: '$v' } } }, { $sort: { _id: 1 } }], {
        promoteLongs: false,
      })
      .toArray();
    expect(rows.map((r) => [r._id, String(r.s), String(r.mx)])).toEqual([
      ['d', '0.3', '0.2'],
      ['l', '9007199254740994', '9007199254740993'],
    ]);
    const [added] = await h()
      .coll('wide')
      .aggregate([{ $match: { _id: 1 } }, { $project: { x: { $add: ['$v', 1] } } }], { promoteLongs: false })
      .toArray();
    expect(added.x).toBeInstanceOf(Long);
    expect(String(added.x)).toBe('9007199254740994');
  });

  it('should order strings by the collation when a find or aggregate sort has one', async () => {
    await h().insertMany('names', [
      { _id: 1, n: '张' },
      { _id: 2, n: '李' },
      { _id: 3, n: '安' },
      { _id: 4, n: '王' },
    ]);
    const found = await h()
      .coll('names')
      .find({}, { collation: { locale: 'zh' } })
      .sort({ n: 1 })
      .toArray();
    expect(found.map((d) => d.n)).toEqual(['安', '李', '王', '张']);
    const agg = await h()
      .coll('names')
      .aggregate([{ $sort: { n: -1 } }], { collation: { locale: 'zh' } })
      .toArray();
    expect(agg.map((d) => d.n)).toEqual(['张', '王', '李', '安']);
    const binary = await h().coll('names').find({}).sort({ n: 1 }).toArray();
    expect(binary.map((d) => d.n)).toEqual(['安', '张', '李', '王']);
  });
});
