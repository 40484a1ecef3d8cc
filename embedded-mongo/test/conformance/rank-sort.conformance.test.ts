import { ObjectId, type CollationOptions } from 'mongodb';
import { describeConformance } from '../support/conformance';
import type { Document } from '../support/client-harness';

/**
 * A sorted read whose filter names its candidates (a search's gram postings) orders them by the
 * sort index's ranks (IndexStore.sortRanks) instead of walking the index: it must give exactly
 * what collecting and sorting gives, under the index's collation, for missing, null and
 * mixed-type values, ties, both directions, and after writes that insert keys between others
 * (until a gap runs out of precision), rename, delete and re-insert.
 */
const ZH: CollationOptions = { locale: 'zh' };
const EN2: CollationOptions = { locale: 'en', strength: 2 };
const NAMES = [
  '哈尔滨华科',
  '鞍山北方',
  '长春恒通',
  'alpha',
  'Alpha',
  'ALPHA',
  'beta',
  '大连龙江',
  '沈阳',
  'm',
  'n',
];

function dataset(): Document[] {
  const docs: Document[] = [];
  for (let i = 0; i < 300; i++) {
    docs.push({
      _id: new ObjectId(((i * 97) % 300).toString(16).padStart(24, '0')), // not in insertion order
      name: `${NAMES[i % NAMES.length]}${i % 4 === 0 ? '' : i % 13}`,
      g: [`x${i % 3}`, `y${i % 5}`, ...(i % 7 === 0 ? ['z'] : [])],
    });
  }
  docs.push(
    { _id: 'no-name', g: ['x0', 'y0', 'z'] },
    { _id: 'null-name', name: null, g: ['x0', 'y0', 'z'] },
    { _id: 'num-name', name: 42, g: ['x0', 'y1', 'z'] },
    { _id: 'date-name', name: new Date(0), g: ['x0', 'y0', 'z'] },
  );
  return docs;
}

/** Collection → its indexes: the compound (name, _id) of the directory and a single-field one. */
const COLLECTIONS: Array<[string, Array<[Record<string, 1>, Record<string, unknown>]>]> = [
  ['plain', []],
  [
    'zh',
    [
      [{ name: 1, _id: 1 }, { collation: ZH }],
      [{ g: 1 }, { collation: ZH }],
    ],
  ],
  [
    'en2',
    [
      [{ name: 1 }, { collation: EN2 }],
      [{ g: 1 }, { collation: EN2 }],
    ],
  ],
];

const QUERIES: Array<[string, Record<string, unknown>]> = [
  ['$all of two grams', { g: { $all: ['x1', 'y2'] } }],
  ['one gram', { g: 'x0' }],
  ['a gram and a $nor (the second tier)', { g: 'x0', $nor: [{ g: { $all: ['y1'] } }] }],
  ['a rare gram', { g: 'z' }],
  ['a gram nothing has', { g: 'nope' }],
  ['a gram and ids', { g: 'x0', _id: { $in: ['no-name', 'num-name', 'null-name'] } }],
  // Bounds on the name every match is at or above: the candidates ranked below are skipped.
  [
    'a page after a cursor',
    { g: 'x0', $or: [{ name: { $gt: 'beta' } }, { name: 'beta', _id: { $gt: 'early' } }] },
  ],
  // Under en2, 'alpha', 'Alpha' and 'ALPHA' are one name: a bound at any of them keeps all three.
  ['names from a bound on', { g: 'x0', name: { $gte: 'Alpha' } }],
  [
    'a page after a cursor at a name of equal others',
    { g: 'x0', $or: [{ name: { $gt: 'ALPHA' } }, { name: 'ALPHA', _id: { $gt: 'early' } }] },
  ],
  ['names past every name', { g: 'x0', name: { $gt: '齐齐哈尔齐齐' } }],
  ['two bounds in an $and', { $and: [{ g: 'x0' }, { name: { $gt: 'alpha' } }, { name: { $gte: 'm' } }] }],
  ['an $or with a branch without a bound', { g: 'x0', $or: [{ name: { $gt: 'm' } }, { _id: 'no-name' }] }],
  // The predicate rejects the lowest ranks (no bound to skip them): several rounds of candidates.
  ['matches only far along the order', { g: 'x0', $nor: [{ name: { $lt: '长春' } }] }],
  ['matches only at the far end', { g: 'x0', $nor: [{ name: { $lt: '沈阳' } }] }],
];

const SORTS: Array<[string, { sort: Record<string, 1 | -1>; skip?: number; limit?: number }, boolean]> = [
  ['name, _id with a limit', { sort: { name: 1, _id: 1 }, limit: 21 }, true],
  ['name, _id descending with skip', { sort: { name: -1, _id: -1 }, skip: 5, limit: 9 }, true],
  ['name descending, _id ascending', { sort: { name: -1, _id: 1 }, limit: 40 }, true],
  ['name only (ties in natural order)', { sort: { name: 1 }, limit: 30 }, false],
  ['name, no limit', { sort: { name: 1, _id: 1 } }, true],
];

describeConformance('rank-ordered sort', ({ h, target }) => {
  beforeAll(async () => {
    for (const [name, indexes] of COLLECTIONS) {
      await h().coll(name).insertMany(dataset());
      for (const [key, opts] of indexes) await h().createIndex(name, key, opts);
    }
  });

  const read = (coll: string, filter: Document, collation: CollationOptions, opts: (typeof SORTS)[0][1]) => {
    let cursor = h().coll(coll).find(filter, { collation }).sort(opts.sort);
    if (opts.skip) cursor = cursor.skip(opts.skip);
    if (opts.limit) cursor = cursor.limit(opts.limit);
    return cursor.toArray();
  };

  /** Exact order on the embedded server; mongod orders ties as its plan reads them. */
  const compareAll = async () => {
    for (const [coll, collation] of [
      ['zh', ZH],
      ['en2', EN2],
    ] as const) {
      for (const [, filter] of QUERIES) {
        for (const [, opts, total] of SORTS) {
          const plain = await read('plain', filter, collation, opts);
          const indexed = await read(coll, filter, collation, opts);
          if (total || target === 'embedded') expect(indexed).toEqual(plain);
          else expect(indexed.map((d) => d.name)).toEqual(plain.map((d) => d.name));
        }
      }
    }
  };

  it('should give the same pages with and without indexes', async () => {
    await compareAll();
  });

  it.each([
    ['zh', ZH],
    ['en2', EN2],
  ] as const)(
    'should give the same pages when paging with a (name, _id) cursor (%s)',
    async (coll, collation) => {
      const all = await read('plain', { g: 'x0' }, collation, { sort: { name: 1, _id: 1 } });
      const pages: Document[] = [];
      let last: Document | undefined;
      for (let i = 0; i < 20; i++) {
        const after = last
          ? [{ $or: [{ name: { $gt: last.name } }, { name: last.name, _id: { $gt: last._id } }] }]
          : [];
        const page = await read(coll, { $and: [{ g: 'x0' }, ...after] }, collation, {
          sort: { name: 1, _id: 1 },
          limit: 21,
        });
        pages.push(...page);
        if (page.length < 21) break;
        last = page[page.length - 1];
      }
      // A cursor on a string name reaches only strings after it (type bracketing), as on mongod.
      const firstString = all.findIndex((d) => typeof d.name === 'string');
      expect(pages.slice(firstString)).toEqual(all.filter((d) => typeof d.name === 'string'));
    },
  );

  it('should keep the order right through inserts between keys, renames, deletes and re-inserts', async () => {
    for (const [name] of COLLECTIONS) {
      const c = h().coll(name);
      // 150 names each just after the one before and before 'n', and 60 each just before the one
      // before: one gap halved until a double has no room left, then spread out again, repeatedly.
      for (let k = 1; k <= 150; k++) {
        await c.insertOne({ _id: `m${k}`, name: `m${'a'.repeat(k)}`, g: ['x0', `y${k % 5}`, 'z'] });
      }
      for (let k = 1; k <= 60; k++) {
        await c.insertOne({ _id: `d${k}`, name: `d${'0'.repeat(k)}1`, g: ['x0', `y${k % 5}`, 'z'] });
      }
      await c.updateMany({ g: 'y3' }, { $set: { name: '长春恒通' } });
      await c.updateOne({ _id: 'num-name' }, { $set: { name: 'Alpha' } });
      await c.updateOne({ _id: 'null-name' }, { $unset: { name: 1 } });
      await c.updateOne({ _id: 'no-name' }, { $set: { name: 7 } });
      await c.deleteMany({ g: { $all: ['x1', 'y4'] } });
      await c.insertMany([
        { _id: 'late', name: '齐齐哈尔', g: ['x0', 'y0', 'x1', 'y2', 'z'] },
        { _id: 'early', name: '', g: ['x0', 'y1', 'x1', 'y2', 'z'] },
        { _id: 'dup', name: 'ALPHA', g: ['x0', 'y0', 'z'] },
      ]);
      await c.replaceOne({ _id: 'date-name' }, { name: 'beta3', g: ['x1', 'y2', 'z'] });
    }
    await compareAll();
    // A name that became an array makes the index multikey: the reads still agree.
    for (const [name] of COLLECTIONS) {
      await h()
        .coll(name)
        .updateOne({ _id: 'late' }, { $set: { name: ['zz', 'aa'] } });
    }
    await compareAll();
  });
});

/**
 * Dense candidates (a gram nearly every document holds) are read by a short walk along the name
 * index; when the rest of the filter rejects what the walk meets, the walk gives up and the rank
 * read takes over after the keys it walked. Either way the pages equal collecting and sorting.
 */
describeConformance('rank-ordered sort, dense candidates', ({ h }) => {
  const NAMES = ['哈尔滨', '鞍山', 'alpha', 'Alpha', 'beta', '长春', '大连', '沈阳', 'm', 'zz'];
  beforeAll(async () => {
    const docs: Document[] = [];
    for (let i = 0; i < 3000; i++) {
      docs.push({
        _id: new ObjectId(((i * 7919) % 3000).toString(16).padStart(24, '0')),
        name: `${NAMES[i % NAMES.length]}${(i * 31) % 97}`,
        g: ['all', `m${Math.floor(i / 10) % 10}`],
      });
    }
    for (const name of ['plain', 'zh']) await h().coll(`dense_${name}`).insertMany(docs);
    await h().createIndex('dense_zh', { name: 1, _id: 1 }, { collation: ZH });
    await h().createIndex('dense_zh', { g: 1 }, { collation: ZH });
  });

  const FILTERS: Document[] = [
    { g: 'all' },
    { g: 'all', $nor: [{ g: 'm3' }] },
    // The walk meets only rejected documents first: the rank read finishes the page.
    { g: 'all', $nor: [{ name: { $lt: '沈阳' } }] },
    { g: 'all', $nor: [{ name: { $lt: 'm' } }, { g: 'm1' }] },
    // A fifth of the documents match: the walk gives up with part of the page, the rank read
    // adds the rest after the keys it walked.
    { g: 'all', $nor: [{ g: { $in: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'] } }] },
  ];

  it('should give the same pages as collecting and sorting', async () => {
    for (const filter of FILTERS) {
      for (const [sort, limit] of [
        [{ name: 1, _id: 1 }, 21],
        [{ name: 1, _id: 1 }, 3],
        [{ name: -1, _id: -1 }, 21],
        [{ name: 1, _id: 1 }, 150],
      ] as const) {
        const read = (coll: string) =>
          h().coll(coll).find(filter, { collation: ZH }).sort(sort).limit(limit).toArray();
        expect(await read('dense_zh')).toEqual(await read('dense_plain'));
      }
    }
  });

  it('should give the same pages after a (name, _id) cursor, the walk starting at the cursor', async () => {
    for (const filter of [FILTERS[0], FILTERS[4]]) {
      let last: Document | undefined;
      for (let i = 0; i < 8; i++) {
        const after = last
          ? [{ $or: [{ name: { $gt: last.name } }, { name: last.name, _id: { $gt: last._id } }] }]
          : [];
        const read = (coll: string) =>
          h()
            .coll(coll)
            .find({ $and: [filter, ...after] }, { collation: ZH })
            .sort({ name: 1, _id: 1 })
            .limit(21)
            .toArray();
        const page = await read('dense_zh');
        expect(page).toEqual(await read('dense_plain'));
        if (page.length < 21) break;
        last = page[20];
      }
    }
  });
});
