import { leadingFind, runSimpleStages, runWithUnions } from './find-stages';

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

  const subquery = { $lookup: { from: 'c', pipeline: [{ $match: {} }], as: 'page' } };

  it('should read an uncorrelated $lookup once for all documents, and not at all for none', () => {
    let reads = 0;
    const theirs = () => (reads++, [{ _id: 'u' }]);
    const none = runWithUnions([], [subquery], run, theirs);
    expect(none).toEqual([]);
    expect(reads).toBe(0);
    const stored = [{ _id: 1, a: 'x' }, { _id: 2 }];
    const two = runWithUnions(stored, [subquery, { $limit: 5 }], run, theirs);
    expect(reads).toBe(1);
    expect(two).toEqual([
      { _id: 1, a: 'x', page: [{ _id: 'u' }] },
      { _id: 2, page: [{ _id: 'u' }] },
    ]);
    expect(two[0]).not.toBe(stored[0]);
    expect(two[0].page).not.toBe(two[1].page);
    expect(stored[0]).toEqual({ _id: 1, a: 'x' });
    const proto = JSON.parse('{"_id": 3, "__proto__": {"p": 1}}') as Record<string, unknown>;
    const [joined] = runWithUnions([proto], [subquery], run, theirs);
    expect(Object.getPrototypeOf(joined)).toBe(Object.prototype);
    expect(Object.keys(joined)).toEqual(['_id', '__proto__', 'page']);
  });

  it('should leave a correlated or unanswered $lookup to the engine', () => {
    const seen: unknown[][] = [];
    const engine = (docs: Record<string, unknown>[], stages: Record<string, unknown>[]) => {
      seen.push(stages.map((s) => Object.keys(s)[0]));
      return docs;
    };
    const correlated = { $lookup: { from: 'c', let: { x: '$a' }, pipeline: [{ $match: {} }], as: 'page' } };
    runWithUnions([{ _id: 1 }], [correlated], engine, () => [{ _id: 'u' }]);
    runWithUnions([{ _id: 1 }], [subquery, { $limit: 1 }], engine, () => null);
    expect(seen).toEqual([['$lookup'], ['$lookup', '$limit']]);
  });
});

describe('runSimpleStages', () => {
  it('should set literal fields on copies and apply limits when every stage is that simple', () => {
    const stored = [
      { _id: 1, a: 'x', t: 9 },
      { _id: 2, a: 'y' },
      { _id: 3, a: 'z' },
    ];
    const out = runSimpleStages(stored, [
      { $set: { t: 0, s: 'lit', n: null } },
      { $limit: 2 },
      { $addFields: { b: true } },
    ]);
    expect(out).toEqual([
      { _id: 1, a: 'x', t: 0, s: 'lit', n: null, b: true },
      { _id: 2, a: 'y', t: 0, s: 'lit', n: null, b: true },
    ]);
    // An existing field keeps its place; the stored documents are untouched.
    expect(Object.keys(out![0])).toEqual(['_id', 'a', 't', 's', 'n', 'b']);
    expect(stored[0]).toEqual({ _id: 1, a: 'x', t: 9 });
  });

  it('should copy as two spreads do, a field named __proto__ included', () => {
    const proto = JSON.parse('{"_id": 4, "__proto__": {"polluted": 1}, "a": 1}') as Record<string, unknown>;
    const plain = { _id: 5, b: [1], c: { d: 1 }, t: 'old' };
    const protoSet = JSON.parse('{"__proto__": 2}') as Record<string, unknown>;
    for (const set of [{ t: 1, u: null }, protoSet]) {
      const out = runSimpleStages([proto, plain], [{ $set: set }])!;
      const spread = [proto, plain].map((d) => ({ ...d, ...set }));
      expect(out).toEqual(spread);
      out.forEach((d, i) => {
        expect(Object.keys(d)).toEqual(Object.keys(spread[i]));
        expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(d, '__proto__')).toEqual(
          Object.getOwnPropertyDescriptor(spread[i], '__proto__'),
        );
      });
      expect(out[1]).not.toBe(plain);
      expect(out[1].c).toBe(plain.c);
    }
    expect(plain).toEqual({ _id: 5, b: [1], c: { d: 1 }, t: 'old' });
    expect(Object.keys(proto)).toEqual(['_id', '__proto__', 'a']);
  });

  it('should leave expressions, paths, dotted and other stages to the pipeline engine', () => {
    const docs = [{ _id: 1, a: 1 }];
    expect(runSimpleStages(docs, [{ $set: { b: '$a' } }])).toBeNull();
    expect(runSimpleStages(docs, [{ $set: { b: { $add: [1, 2] } } }])).toBeNull();
    expect(runSimpleStages(docs, [{ $set: { 'b.c': 1 } }])).toBeNull();
    expect(runSimpleStages(docs, [{ $set: { _id: 2 } }])).toBeNull();
    expect(runSimpleStages(docs, [{ $set: {} }])).toBeNull();
    expect(runSimpleStages(docs, [{ $limit: 0 }])).toBeNull();
    expect(runSimpleStages(docs, [{ $limit: 1 }, { $project: { a: 1 } }])).toBeNull();
  });
});
