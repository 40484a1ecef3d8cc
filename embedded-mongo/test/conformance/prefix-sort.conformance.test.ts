import { Long, ObjectId, type CollationOptions } from 'mongodb';
import { describeConformance } from '../support/conformance';
import type { Document, FindOpts } from '../support/client-harness';

/**
 * The equality-prefix sort (a compound index whose leading fields the filter fixes, followed by
 * the sort's fields) must give exactly what collecting and sorting gives: every query runs on a
 * collection without secondary indexes and on one with them, and the answers are compared in order.
 */
const DAY = 24 * 3600_000;
const T0 = Date.UTC(2025, 0, 1);

function dataset(): Document[] {
  const docs: Document[] = [];
  for (let i = 0; i < 240; i++) {
    docs.push({
      _id: new ObjectId(((i * 97) % 240).toString(16).padStart(24, '0')), // not in insertion order
      kind: ['a', 'b', 'c'][i % 3],
      column: ['active:lead', 'on_hold:lead', 'active:intent'][i % 5 === 0 ? 1 : i % 2 ? 0 : 2],
      // Ties: 240 documents over 17 dates.
      at: new Date(T0 + (i % 17) * DAY),
      n: i % 7 === 0 ? Long.fromNumber(i % 4) : i % 4,
      years: i % 4 === 0 ? [2024, 2025] : [2024 + (i % 3)],
      owner: `o${i % 6}`,
      // Multikey in some documents: the index cannot give this field's order.
      score: i % 10 === 0 ? [i % 9, 100 - (i % 9)] : i % 9,
      name: ['Ann', 'ann', 'Bob', 'bob'][i % 4],
    });
  }
  docs.push(
    { _id: 'no-at', kind: 'a', column: 'active:lead', years: [2025], owner: 'o1', n: 1 }, // missing sort field
    { _id: 'null-at', kind: 'a', column: 'active:lead', at: null, years: [2025], owner: 'o1', n: 1 },
    { _id: 'str-at', kind: 'a', column: 'active:lead', at: 'soon', years: [2025], owner: 'o1', n: 2 },
    { _id: 'num-at', kind: 'a', column: 'active:lead', at: 5, years: 2025, owner: 'o1', n: 2 },
    { _id: 'no-kind', column: 'active:lead', at: new Date(T0), years: [], owner: 'o2' },
  );
  return docs;
}

const INDEXES: Array<[Record<string, 1 | -1>, Record<string, unknown>]> = [
  [{ column: 1, at: 1, _id: 1 }, {}],
  [{ years: 1, column: 1, at: 1, _id: 1 }, {}],
  [{ owner: 1, kind: 1, at: -1 }, {}],
  [{ kind: 1, score: 1 }, {}],
  [{ kind: 1, n: -1, _id: 1 }, { partialFilterExpression: { kind: { $exists: true } } }],
  [{ owner: 1, name: 1 }, { collation: { locale: 'en', strength: 2 } }],
  [{ at: 1, _id: 1 }, {}],
];

const COLUMN_IN = { $in: ['active:lead', 'on_hold:lead'] };
const QUERIES: Array<[string, Record<string, unknown>]> = [
  ['equality on the first field', { column: 'active:lead' }],
  ['$in on the first field (merged scans)', { column: COLUMN_IN }],
  ['$and of the board shape', { $and: [{}, { column: COLUMN_IN }] }],
  ['multikey prefix field by one value', { $and: [{ years: 2025 }, { column: COLUMN_IN }] }],
  ['multikey prefix field by $in (documents under both values)', { years: { $in: [2024, 2025] } }],
  ['two-field prefix plus a residual clause', { owner: 'o1', kind: 'a', n: { $gte: 1 } }],
  ['prefix plus an indexed residual clause', { column: 'active:lead', owner: 'o3' }],
  [
    'prefix plus a range on the first sort field',
    { column: COLUMN_IN, at: { $gte: new Date(T0 + 5 * DAY) } },
  ],
  [
    'prefix plus a closed range',
    { column: 'active:lead', at: { $gt: new Date(T0 + 3 * DAY), $lte: new Date(T0 + 9 * DAY) } },
  ],
  ['prefix plus a range of another type', { column: 'active:lead', at: { $lt: 'z' } }],
  ['prefix matching nothing', { column: 'nope' }],
  ['equality on a multikey sort candidate', { kind: 'b' }],
  ['empty $in', { column: { $in: [] } }],
  ['null prefix (left to the other plans)', { column: null }],
];

const SORTS: Array<[string, FindOpts, boolean]> = [
  ['by at, _id with a limit', { sort: { at: 1, _id: 1 }, limit: 7 }, true],
  ['by at, _id descending with skip and limit', { sort: { at: -1, _id: -1 }, skip: 3, limit: 9 }, true],
  ['by at only (ties) with a limit', { sort: { at: 1 }, limit: 30 }, false],
  ['by at descending only (ties) with a limit', { sort: { at: -1 }, limit: 25 }, false],
  ['by at with ties broken by another field', { sort: { at: 1, n: -1 }, limit: 40 }, false],
  ['by at against the index direction', { sort: { at: 1, _id: -1 }, limit: 11 }, true],
  ['by n descending then _id', { sort: { n: -1, _id: 1 }, limit: 12 }, true],
  ['by a sometimes-multikey field', { sort: { score: 1, _id: 1 }, limit: 10 }, true],
  ['by a sometimes-multikey field descending', { sort: { score: -1, _id: 1 }, limit: 10 }, true],
  ['by at with a limit past the end', { sort: { at: 1, _id: 1 }, limit: 1000 }, true],
  ['by at, no limit', { sort: { at: 1, _id: 1 } }, true],
];

describeConformance('equality-prefix sort', ({ h, target }) => {
  beforeAll(async () => {
    await h().coll('plain').insertMany(dataset());
    await h().coll('indexed').insertMany(dataset());
    for (const [key, opts] of INDEXES) await h().createIndex('indexed', key, opts);
  });

  /** Exact order on the embedded server; mongod orders ties as its plan reads them. */
  const compare = async (filter: Record<string, unknown>, opts: FindOpts, total: boolean) => {
    const plain = await h().find('plain', filter, opts);
    const indexed = await h().find('indexed', filter, opts);
    if (total || target === 'embedded') expect(indexed).toEqual(plain);
    else expect(indexed.map((d) => d.at)).toEqual(plain.map((d) => d.at));
    return plain;
  };

  for (const [label, filter] of QUERIES) {
    it(`should give the same page with and without indexes: ${label}`, async () => {
      for (const [, opts, total] of SORTS) await compare(filter, opts, total);
    });
  }

  it('should give the same pages when paging with a cursor on (at, _id) either way', async () => {
    for (const dir of [1, -1] as const) {
      const all = await compare({ column: COLUMN_IN }, { sort: { at: dir, _id: dir } }, true);
      const op = dir === 1 ? '$gt' : '$lt';
      for (const withRange of [false, true]) {
        const pages: Document[] = [];
        let last: Document | undefined;
        for (let i = 0; i < 100; i++) {
          const after = last
            ? [
                ...(withRange ? [{ at: { [dir === 1 ? '$gte' : '$lte']: last.at } }] : []),
                { $or: [{ at: { [op]: last.at } }, { at: last.at, _id: { [op]: last._id } }] },
              ]
            : [];
          const page = await compare(
            { $and: [{}, { column: COLUMN_IN }, ...after] },
            { sort: { at: dir, _id: dir }, limit: 21 },
            true,
          );
          pages.push(...page);
          if (page.length < 21) break;
          last = page[page.length - 1];
        }
        // After the first page a cursor on a date reaches only dates (type bracketing).
        expect(pages).toEqual(all.filter((d, i) => i < 21 || d.at instanceof Date));
      }
    }
  });

  it('should sort strings by the collation of the read whether or not an index has it', async () => {
    const read = async (name: string, collation?: CollationOptions) =>
      h()
        .coll(name)
        .find({ owner: { $in: ['o0', 'o1'] } }, collation ? { collation } : {})
        .sort({ name: 1, _id: 1 })
        .limit(15)
        .toArray();
    for (const collation of [undefined, { locale: 'en', strength: 2 }, { locale: 'en', strength: 3 }]) {
      expect(await read('indexed', collation)).toEqual(await read('plain', collation));
    }
  });

  it('should keep the walk right through updates, deletes and re-inserts', async () => {
    for (const name of ['plain', 'indexed']) {
      const c = h().coll(name);
      await c.updateMany({ kind: 'a', column: 'active:lead' }, { $set: { column: 'active:intent' } });
      await c.updateMany({ years: 2026 }, { $set: { at: new Date(T0 - DAY) } });
      await c.updateOne({ _id: 'no-kind' }, { $set: { years: [2025, 2026, 2027], column: 'on_hold:lead' } });
      await c.deleteMany({ owner: 'o4', kind: 'b' });
      await c.insertMany([
        { _id: 'late', column: 'active:lead', at: new Date(T0 + 100 * DAY), years: [2025], owner: 'o4' },
        { _id: 'early', column: 'on_hold:lead', at: new Date(T0 - 100 * DAY), years: [2025], owner: 'o4' },
      ]);
      await c.replaceOne(
        { _id: 'num-at' },
        { column: 'on_hold:lead', at: new Date(T0), years: [2024, 2025] },
      );
      // An array in a sort field after the index was built makes that field multikey.
      await c.updateOne(
        { _id: 'str-at' },
        { $set: { at: [new Date(T0 + 50 * DAY), new Date(T0 - 50 * DAY)] } },
      );
    }
    for (const [, filter] of QUERIES) {
      for (const [, opts, total] of SORTS) await compare(filter, opts, total);
    }
  });
});
