import { leadingFind, runWithUnions } from './find-stages';

describe('leadingFind', () => {
  it('should take $sort, $skip, $limit and a plain $project after the $match, in that order only', () => {
    const pipeline = [
      { $match: { a: 1 } },
      { $sort: { name: 1, _id: 1 } },
      { $skip: 2 },
      { $limit: 5 },
      { $project: { name: 1, _id: 0 } },
      { $set: { t: 1 } },
    ];
    expect(leadingFind(pipeline)).toEqual({
      filter: { a: 1 },
      sort: { name: 1, _id: 1 },
      skip: 2,
      limit: 5,
      projection: { name: 1, _id: 0 },
      used: 5,
    });
    // $limit before $skip is not a find's skip-then-limit.
    expect(leadingFind([{ $match: {} }, { $limit: 5 }, { $skip: 2 }])?.used).toBe(2);
    expect(leadingFind([{ $match: {} }, { $sort: { s: { $meta: 'textScore' } } }])?.used).toBe(1);
    expect(leadingFind([{ $match: {} }, { $project: { a: 1, b: 0 } }])?.used).toBe(1);
    expect(leadingFind([{ $match: {} }, { $project: { a: '$b' } }])?.used).toBe(1);
    expect(leadingFind([{ $skip: 0 }, { $match: {} }])).toBeNull();
  });
});

describe('runWithUnions', () => {
  const run = (docs: Record<string, unknown>[], stages: Record<string, unknown>[]) => {
    const limit = stages.find((s) => '$limit' in s)?.$limit as number | undefined;
    return limit === undefined ? docs : docs.slice(0, limit);
  };
  const union = { $unionWith: { coll: 'c', pipeline: [{ $match: {} }] } };

  it('should not run a union when the $limit after it is already filled', () => {
    let unions = 0;
    const theirs = () => (unions++, [{ _id: 'u' }]);
    const full = runWithUnions([{ _id: 1 }, { _id: 2 }], [union, { $limit: 2 }], run, theirs);
    expect(full.map((d) => d._id)).toEqual([1, 2]);
    expect(unions).toBe(0);
    const room = runWithUnions([{ _id: 1 }], [union, { $limit: 2 }], run, theirs);
    expect(room.map((d) => d._id)).toEqual([1, 'u']);
    expect(unions).toBe(1);
  });

  it('should leave a union to the engine when it is not answered', () => {
    const seen: unknown[][] = [];
    const engine = (docs: Record<string, unknown>[], stages: Record<string, unknown>[]) => {
      seen.push(stages.map((s) => Object.keys(s)[0]));
      return docs;
    };
    runWithUnions([{ _id: 1 }], [{ $set: { a: 1 } }, union, { $limit: 5 }], engine, () => null);
    expect(seen).toEqual([['$set'], ['$unionWith', '$limit']]);
  });
});
