import { Decimal128, Long, ObjectId } from 'mongodb';
import { describeConformance } from '../support/conformance';
import type { Document, FindOpts } from '../support/client-harness';

/**
 * Index use must never change results: every query runs against a collection without secondary
 * indexes and one with them (same documents), and the answers must be identical, in order.
 */
const OID_A = new ObjectId('64b000000000000000000001');
const OID_B = new ObjectId('64b000000000000000000002');

function dataset(): Document[] {
  const docs: Document[] = [];
  const words = ['alpha', 'beta', 'gamma', 'delta', 'eps'];
  for (let i = 0; i < 60; i++) {
    docs.push({
      _id: (i * 37) % 61, // not in insertion order
      kind: ['a', 'b', 'c'][i % 3],
      tags: [words[i % 5], words[(i * 3) % 5], `t${i % 7}`],
      n: i % 4,
      sub: [{ k: `k${i % 6}` }, { k: `k${(i + 1) % 6}` }],
      code: i % 10 === 0 ? i : `code${i}`,
      status: i % 4 === 0 ? 'pending' : 'done',
      user: `u${i % 5}`,
      ref: `r${i}`,
      ...(i % 3 === 0 ? { opt: `o${i % 2}` } : {}),
    });
  }
  docs.push(
    { _id: 'str-1', ref: 'x1', kind: 'a', tags: 'alpha', n: 1.0, user: 'u1' }, // scalar, not an array
    { _id: 'str-2', ref: 'x2', kind: 'b', tags: [['alpha'], 'beta'], n: Long.fromNumber(1), user: 'u2' }, // nested array
    { _id: OID_A, ref: 'x3', kind: 'c', tags: [], n: Decimal128.fromString('1'), opt: null, user: 'u3' },
    { _id: OID_B, ref: 'x4', kind: 'a', tags: ['alpha', 'beta', null], n: '1', user: 'u4' },
    {
      _id: 1000,
      ref: 'x5',
      kind: 'b',
      tags: [{ w: 'alpha' }, 'gamma'],
      n: 2.5,
      status: 'pending',
      user: 'u1',
    },
    { _id: 1001, ref: 'x6', kind: null, n: null, user: 'u1' },
    { _id: 1002, ref: 'x7', tags: ['alpha', 'gamma'], sub: { k: 'k1' }, user: 'u2' },
  );
  return docs;
}

const INDEXES: Array<[Record<string, 1 | -1>, Record<string, unknown>]> = [
  [{ tags: 1 }, {}],
  [{ kind: 1, _id: -1 }, {}],
  [{ n: 1 }, {}],
  [{ 'sub.k': 1 }, {}],
  [{ opt: 1 }, { sparse: true }],
  [{ code: 1 }, { unique: true, partialFilterExpression: { code: { $type: 'string' } } }],
  [{ user: 1 }, { partialFilterExpression: { status: 'pending' } }],
  [{ kind: 1, user: 1 }, {}],
];

const QUERIES: Array<[string, Record<string, unknown>]> = [
  ['equality on a multikey field', { tags: 'alpha' }],
  ['$all of one value', { tags: { $all: ['alpha'] } }],
  ['$all of two values', { tags: { $all: ['alpha', 'gamma'] } }],
  ['$all of three values plus $nor', { tags: { $all: ['beta', 'delta', 't3'] }, $nor: [{ kind: 'a' }] }],
  ['$all with a missing value', { tags: { $all: ['alpha', 'nope'] } }],
  ['$all with an array element (scan)', { tags: { $all: [['alpha']] } }],
  ['$all with $elemMatch (scan)', { tags: { $all: [{ $elemMatch: { $eq: 'alpha' } }] } }],
  ['$all with a regex (scan)', { tags: { $all: [/^alp/] } }],
  ['$in on a multikey field', { tags: { $in: ['gamma', 't1', 'zzz'] } }],
  ['$in with null (missing fields, scan)', { opt: { $in: [null, 'o1'] } }],
  ['$in with a regex (scan)', { tags: { $in: [/^del/, 'eps'] } }],
  ['$in on _id', { _id: { $in: [3, 5, 'str-1', OID_A, 999] } }],
  ['$in of mixed numeric types', { n: { $in: [1, 2.5] } }],
  ['equality on a number matches Long and Decimal', { n: 1 }],
  ['equality on a double form', { n: 1.0 }],
  ['$in with one value', { n: { $in: [3] } }],
  ['empty $in', { n: { $in: [] } }],
  ['$and of indexable clauses', { $and: [{ tags: 'alpha' }, { kind: 'a' }, { n: { $in: [0, 1] } }] }],
  ['equality prefix of a compound index', { kind: 'b' }],
  ['full compound key', { kind: 'c', user: { $in: ['u1', 'u3'] } }],
  ['dotted multikey path', { 'sub.k': 'k1' }],
  ['dotted $in', { 'sub.k': { $in: ['k2', 'k5'] } }],
  ['sparse index with null (scan)', { opt: null }],
  ['sparse index with a value', { opt: 'o1' }],
  ['partial index implied by the filter', { code: 'code7' }],
  ['partial index not implied (numbers are outside it)', { code: 20 }],
  ['partial index on another field not implied', { user: 'u1' }],
  ['partial index implied by an equality', { user: 'u1', status: 'pending' }],
  ['$eq operator', { kind: { $eq: 'a' }, tags: { $eq: 'beta' } }],
  ['indexable clause plus a range', { tags: 'alpha', n: { $gte: 2 } }],
  ['_id range with an index', { tags: 'gamma', _id: { $gt: 20 } }],
  ['_id range alone', { _id: { $gte: 30, $lt: 50 } }],
  ['$or is only re-checked', { kind: 'a', $or: [{ tags: 'beta' }, { n: 3 }] }],
  ['open range on an indexed field', { n: { $gt: 1 } }],
  ['closed range on an indexed field', { n: { $gt: 0, $lte: 2.5 } }],
  ['range with a Long bound', { n: { $gte: Long.fromNumber(1), $lt: 2 } }],
  ['range on a multikey field', { tags: { $gte: 'beta', $lt: 't3' } }],
  ['multikey range met by different elements', { tags: { $gt: 't5', $lt: 'beta' } }],
  ['open string range', { tags: { $gt: 't' } }],
  ['upper bound only', { tags: { $lte: 'beta' } }],
  ['range on a dotted multikey path', { 'sub.k': { $gt: 'k3' } }],
  ['range on a compound index prefix', { kind: { $gt: 'a' } }],
  ['range with bounds of two types (scan)', { n: { $gt: 0, $lt: 'z' } }],
  ['range on a partial index (scan)', { code: { $gte: 'code5' } }],
  ['range on _id of strings', { _id: { $gte: 'str-1' } }],
  ['range on _id below a bound', { _id: { $lt: 10 } }],
  ['$or whose branches are indexed', { $or: [{ tags: 'eps' }, { kind: 'c', n: { $lt: 2 } }] }],
  ['$or of ranges', { $or: [{ n: { $lt: 1 } }, { n: { $gt: 2 } }] }],
  ['$or with an unindexed branch (scan)', { $or: [{ tags: 'eps' }, { status: 'pending' }] }],
  ['$or inside $and', { $and: [{ $or: [{ _id: 5 }, { user: 'u2', kind: 'b' }] }, { n: { $gte: 0 } }] }],
  ['empty filter', {}],
];

const SORTS: Array<[string, FindOpts]> = [
  ['sorted by _id', { sort: { _id: 1 } }],
  ['sorted by _id descending with a limit', { sort: { _id: -1 }, limit: 4 }],
  ['sorted by _id with skip and limit', { sort: { _id: 1 }, skip: 2, limit: 3 }],
  ['sorted by another field', { sort: { n: 1, _id: -1 }, limit: 5 }],
  ['sorted by a multikey indexed field', { sort: { tags: 1, _id: 1 } }],
  ['sorted by an indexed field descending with a limit', { sort: { tags: -1, _id: 1 }, limit: 7 }],
  ['sorted by a compound index prefix', { sort: { kind: 1, user: -1, _id: 1 }, skip: 2, limit: 6 }],
  ['natural order', {}],
  ['natural order with a limit', { limit: 3 }],
  ['reverse natural order', { sort: { $natural: -1 } }],
];

describeConformance('query planner', ({ h }) => {
  beforeAll(async () => {
    await h().coll('plain').insertMany(dataset());
    await h().coll('indexed').insertMany(dataset());
    for (const [key, opts] of INDEXES) await h().createIndex('indexed', key, opts);
  });

  const compare = async (filter: Record<string, unknown>, opts: FindOpts): Promise<Document[]> => {
    const plain = await h().find('plain', filter, opts);
    const indexed = await h().find('indexed', filter, opts);
    expect(indexed).toEqual(plain);
    return plain;
  };

  for (const [label, filter] of QUERIES) {
    it(`should give the same results with and without indexes: ${label}`, async () => {
      for (const [, opts] of SORTS) await compare(filter, opts);
      expect(await h().countDocuments('indexed', filter)).toBe(await h().countDocuments('plain', filter));
    });
  }

  it('should answer an equality on _id or a unique index from that one document, still checking the rest', async () => {
    await h().coll('unique-plain').insertMany(dataset());
    await h().coll('unique-indexed').insertMany(dataset());
    await h().createIndex('unique-indexed', { ref: 1 }, { unique: true });
    const filters: Array<[Record<string, unknown>, number]> = [
      [{ ref: 'r7', kind: 'b' }, 1],
      [{ ref: 'r7', kind: 'a', tags: 'alpha' }, 0],
      [{ ref: 'nope', kind: 'a' }, 0],
      [{ _id: 37, status: 'done', n: { $in: [0, 1] } }, 1],
      [{ ref: 'x5', $or: [{ status: 'pending' }, { n: 9 }] }, 1],
    ];
    for (const [filter, count] of filters) {
      for (const [, opts] of SORTS) {
        const plain = await h().find('unique-plain', filter, opts);
        expect(await h().find('unique-indexed', filter, opts)).toEqual(plain);
        if (!opts.skip) expect(plain).toHaveLength(count);
      }
    }
  });

  it('should find documents through the index only where the filter allows it', async () => {
    const ids = async (f: Record<string, unknown>) =>
      (await compare(f, { sort: { _id: 1 } })).map((d) => String(d._id));
    expect(await ids({ tags: { $all: ['alpha', 'beta'] } })).toContain(String(OID_B));
    expect(await ids({ tags: 'alpha' })).toEqual(expect.arrayContaining(['str-1', '1002']));
    expect(await ids({ opt: null })).toContain(String(OID_A));
    expect(await ids({ code: 20 })).toEqual(['8']); // i = 20 is stored under _id 20 * 37 % 61
    expect(await ids({ n: 1 })).toEqual(expect.arrayContaining(['str-1', 'str-2', String(OID_A)]));
    expect(await ids({ n: { $in: [1] } })).toEqual(await ids({ n: 1 }));
  });

  it('should keep index answers right through updates, deletes and re-inserts', async () => {
    for (const name of ['plain', 'indexed']) {
      const c = h().coll(name);
      await c.updateMany({ kind: 'a', _id: { $lt: 1000 } }, { $push: { tags: 'pushed' } } as never);
      await c.updateMany({ tags: 'gamma' }, { $pull: { tags: 'gamma' } } as never);
      await c.updateOne({ _id: 3 }, { $set: { kind: 'z', tags: ['zeta', 'alpha'] } });
      await c.deleteMany({ n: 3 });
      await c.insertMany([
        { _id: 50, kind: 'a', tags: ['alpha', 'pushed'] }, // deleted just above (i = 3)
        { _id: -5, kind: 'z', tags: ['zeta'] },
        { _id: 'str-0', kind: 'z', tags: ['alpha', 'zeta'] },
      ]);
      await c.replaceOne({ _id: 1002 }, { kind: 'b', tags: ['zeta', 'pushed'] });
      await c.updateOne({ code: 'code41' }, { $set: { tags: ['up'] } }, { upsert: true });
      await c.updateOne({ _id: 'up-999', code: 'code999' }, { $set: { tags: ['new'] } }, { upsert: true });
    }
    const filters: Record<string, unknown>[] = [
      { tags: 'pushed' },
      { tags: { $all: ['alpha', 'pushed'] } },
      { tags: 'gamma' },
      { tags: { $all: ['zeta'] } },
      { kind: 'z' },
      { kind: 'a', tags: 'pushed' },
      { code: { $in: ['code41', 'code999'] } },
      { n: { $in: [0, 3] } },
      {},
    ];
    for (const f of filters) {
      for (const [, opts] of SORTS) await compare(f, opts);
    }
  });

  it('should upsert through a partial unique index without duplicating', async () => {
    await h()
      .coll('indexed')
      .updateOne({ code: 'code11' }, { $inc: { hits: 1 } }, { upsert: true });
    await h()
      .coll('indexed')
      .updateOne({ code: 'code11' }, { $inc: { hits: 1 } }, { upsert: true });
    const found = await h().find('indexed', { code: 'code11' });
    expect(found).toHaveLength(1);
    expect(found[0].hits).toBe(2);
  });

  it('should page through _id order with a $gt cursor like the app does', async () => {
    const all = await compare({ tags: { $all: ['alpha'] } }, { sort: { _id: 1 } });
    const pages: Document[] = [];
    let after: unknown;
    for (;;) {
      const filter: Record<string, unknown> = { tags: { $all: ['alpha'] } };
      if (after !== undefined) filter._id = { $gt: after };
      const page = await compare(filter, { sort: { _id: 1 }, limit: 3 });
      if (page.length === 0) break;
      pages.push(...page);
      after = page[page.length - 1]._id;
    }
    // A $gt on a number only reaches numbers (type bracketing), so paging stops at the first type.
    const numeric = all.filter((d) => typeof d._id === 'number');
    expect(pages.slice(0, numeric.length)).toEqual(numeric);
  });
  it('should page backwards through a large collection with a wide $lt cursor on _id', async () => {
    // Past the planner's cap, a wide _id range is left to the id-order walk and the matcher.
    const docs = Array.from({ length: 3000 }, (_, i) => ({ _id: i, w: i % 7 === 0 ? 'hit' : 'miss' }));
    await h().coll('wide_plain').insertMany(docs);
    await h().coll('wide_indexed').insertMany(docs);
    await h().createIndex('wide_indexed', { w: 1 }, {});
    const expected = docs.filter((d) => d.w === 'hit' && d._id < 2500).sort((a, b) => b._id - a._id);
    for (const coll of ['wide_plain', 'wide_indexed']) {
      const page = await h().find(coll, { w: 'hit', _id: { $lt: 2500 } }, { sort: { _id: -1 }, limit: 5 });
      expect(page).toEqual(expected.slice(0, 5));
      expect(await h().countDocuments(coll, { w: 'hit', _id: { $lt: 2500 } })).toBe(expected.length);
    }
  });
});
