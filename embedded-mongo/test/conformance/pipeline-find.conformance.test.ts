import type { CollationOptions, Document } from 'mongodb';
import { describeConformance } from '../support/conformance';

/**
 * A pipeline's leading $match / $sort / $skip / $limit / $project run as one indexed query, and a
 * $unionWith whose sub-pipeline starts with a $match runs the same way on the other collection
 * (a directory search's ranked tiers in one round trip). Each pipeline must answer exactly what
 * the pipeline engine answers: the same pipeline behind a leading `{ $skip: 0 }` (no effect, but
 * no longer a leading $match) is the reference.
 */
const engineForm = (pipeline: Document[]): Document[] => [
  { $skip: 0 },
  ...pipeline.map((stage) =>
    stage.$unionWith
      ? { $unionWith: { ...stage.$unionWith, pipeline: [{ $skip: 0 }, ...stage.$unionWith.pipeline] } }
      : stage,
  ),
];

const NAMES = ['Émile', 'emile', 'Zoë', 'anna', 'Anna', 'bob', '张伟', '李娜', '王芳', 'ängel'];

describeConformance('pipeline leading find and $unionWith', ({ h }) => {
  beforeAll(async () => {
    const docs = Array.from({ length: 60 }, (_, i) => ({
      _id: i,
      name: `${NAMES[i % NAMES.length]}${i % 7}`,
      grams: [`g${i % 3}`, `g${(i * 5) % 4}`, i % 10 === 0 ? 'rare' : 'common'],
      kind: ['a', 'b', 'c'][i % 3],
      n: (i * 13) % 17,
      ...(i % 4 === 0 ? {} : { text: `text ${i}` }),
    }));
    await h().insertMany('orgs', docs);
    await h().createIndex('orgs', { grams: 1 });
    await h().createIndex('orgs', { name: 1, _id: 1 });
    await h().insertMany('others', [
      { _id: 'x', name: 'anna9', grams: ['g1'], kind: 'a' },
      { _id: 'y', name: 'Bob', grams: ['g2', 'rare'], kind: 'b' },
    ]);
  });

  const both = async (pipeline: Document[], collation?: CollationOptions): Promise<Document[]> => {
    const run = (p: Document[]) =>
      h()
        .db()
        .collection('orgs')
        .aggregate(p, collation ? { collation } : {})
        .toArray();
    const fast = await run(pipeline);
    expect(fast).toEqual(await run(engineForm(pipeline)));
    return fast;
  };

  const tiers = (limit: number, after?: Document): Document[] => [
    { $match: { grams: { $all: ['g1', 'rare'] }, ...after } },
    { $sort: { name: 1, _id: 1 } },
    { $limit: limit },
    { $project: { name: 1, kind: 1 } },
    { $set: { tier: 0 } },
    {
      $unionWith: {
        coll: 'orgs',
        pipeline: [
          { $match: { grams: 'g2', $nor: [{ grams: { $all: ['g1', 'rare'] } }] } },
          { $sort: { name: 1, _id: 1 } },
          { $limit: limit },
          { $project: { name: 1, kind: 1 } },
          { $set: { tier: 1 } },
        ],
      },
    },
    { $limit: limit },
  ];

  it('should answer ranked tiers in one pipeline as the engine does when the first tier leaves room', async () => {
    const out = await both(tiers(21), { locale: 'zh' });
    expect(out.filter((d) => d.tier === 0).length).toBeGreaterThan(0);
    expect(out.filter((d) => d.tier === 1).length).toBeGreaterThan(0);
    expect(out).toHaveLength(21);
    expect(Object.keys(out[0])).toEqual(['_id', 'name', 'kind', 'tier']);
  });

  it('should answer the first tier alone when it fills the page', async () => {
    const out = await both(tiers(2), { locale: 'zh' });
    expect(out.map((d) => d.tier)).toEqual([0, 0]);
  });

  it('should page after a name within a tier, under no collation and a case-insensitive one', async () => {
    for (const collation of [undefined, { locale: 'en', strength: 2 }]) {
      await both(
        tiers(5, { $or: [{ name: { $gt: 'anna3' } }, { name: 'anna3', _id: { $gt: 3 } }] }),
        collation,
      );
    }
  });

  it('should take $sort, $skip, $limit and a plain $project after a leading $match', async () => {
    await both([{ $match: { kind: 'b' } }, { $sort: { n: -1, _id: 1 } }, { $skip: 2 }, { $limit: 4 }]);
    await both([{ $match: { grams: 'rare' } }, { $limit: 2 }, { $project: { grams: 0, text: 0 } }]);
    await both([{ $match: {} }, { $skip: 55 }, { $project: { _id: 0, name: 1 } }]);
    await both([{ $match: { kind: 'a' } }, { $limit: 3 }, { $skip: 1 }, { $sort: { name: -1 } }]);
    await both([{ $match: { kind: 'c' } }, { $sort: { text: 1, _id: -1 } }, { $limit: 5 }]);
  });

  it('should union another collection, an empty one and a missing one in order', async () => {
    const out = await both([
      { $match: { grams: 'rare' } },
      { $sort: { _id: 1 } },
      {
        $unionWith: {
          coll: 'others',
          pipeline: [{ $match: { kind: { $in: ['a', 'b'] } } }, { $sort: { _id: -1 } }],
        },
      },
      { $unionWith: { coll: 'missing', pipeline: [{ $match: {} }] } },
      {
        $unionWith: { coll: 'others', pipeline: [{ $match: { grams: 'rare' } }, { $project: { kind: 1 } }] },
      },
    ]);
    expect(out.map((d) => d._id)).toEqual([0, 10, 20, 30, 40, 50, 'y', 'x', 'y']);
  });

  it('should apply the stages after a union to the documents of both sides', async () => {
    const out = await both([
      { $match: { kind: 'a' } },
      { $unionWith: { coll: 'others', pipeline: [{ $match: { kind: 'a' } }, { $set: { other: true } }] } },
      { $sort: { name: 1, _id: 1 } },
      { $skip: 1 },
      { $limit: 4 },
    ]);
    expect(out).toHaveLength(4);
  });
});
