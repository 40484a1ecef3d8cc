import { Long, ObjectId } from 'mongodb';
import { describeConformance } from '../support/conformance';

/**
 * The embedded server keeps compiled filters by value (read-commands.ts): filters that print
 * alike but differ in BSON type must never share a predicate, and an $expr reading $$NOW must be
 * evaluated afresh on every query.
 */
const HEX = '65a1b2c3d4e5f60718293a4b';

describeConformance('compiled filter reuse', ({ h }) => {
  beforeAll(async () => {
    await h()
      .coll('things')
      .insertMany([
        { _id: 1, v: new ObjectId(HEX) },
        { _id: 2, v: HEX },
        { _id: 3, v: new Date(5) },
        { _id: 4, v: 5 },
        { _id: 5, v: Long.fromNumber(6) },
        { _id: 6, v: '5' },
        { _id: 7, v: [5, 'x'] },
      ]);
  });

  const ids = async (filter: Record<string, unknown>) =>
    (await h().find('things', filter, { sort: { _id: 1 } })).map((d) => d._id);

  it('should tell values of different BSON types apart when the same filter shape repeats', async () => {
    for (let round = 0; round < 2; round++) {
      expect(await ids({ v: new ObjectId(HEX) })).toEqual([1]);
      expect(await ids({ v: HEX })).toEqual([2]);
      expect(await ids({ v: new Date(5) })).toEqual([3]);
      expect(await ids({ v: 5 })).toEqual([4, 7]);
      expect(await ids({ v: '5' })).toEqual([6]);
      expect(await ids({ v: Long.fromNumber(6) })).toEqual([5]);
      expect(await ids({ v: 6 })).toEqual([5]);
      expect(await ids({ v: { $in: [5, '5'] } })).toEqual([4, 6, 7]);
      expect(await ids({ v: { $in: ['5', 5] } })).toEqual([4, 6, 7]);
      expect(await ids({ v: [5, 'x'] })).toEqual([7]);
    }
  });

  it('should evaluate $$NOW afresh on each query when the filter is the same', async () => {
    const at = new Date(Date.now() + 400);
    await h().coll('clock').insertOne({ _id: 'soon', at });
    const due = { $expr: { $lt: ['$at', '$$NOW'] } };
    expect(await h().find('clock', due)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()) + 100));
    expect((await h().find('clock', due)).map((d) => d._id)).toEqual(['soon']);
  });
});
