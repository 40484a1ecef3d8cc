import { Context } from 'mingo/core';
import { compileFilter, runPipeline } from './mingo-context';

/**
 * Queries and pipelines are built over the shared operator context without copying it (#19: the
 * copy was a third of compiling a small filter), and still see the options they are given.
 */
describe('mingo options over the shared context', () => {
  const users = [
    { _id: 1, name: 'Ann', org: 10 },
    { _id: 2, name: 'bob', org: 20 },
  ];
  const orgs = [
    { _id: 10, name: '华中科技大学' },
    { _id: 20, name: '哈尔滨工业大学' },
  ];

  let copies: jest.SpyInstance[];
  beforeEach(() => {
    copies = [jest.spyOn(Context, 'from'), jest.spyOn(Context, 'init')];
  });
  afterEach(() => jest.restoreAllMocks());
  const copied = () => copies.reduce((n, spy) => n + spy.mock.calls.length, 0);

  it('compiles a filter without copying the operator tables, under the collation it is given', () => {
    const live = new Date('2026-12-01T00:00:00Z');
    const filter = compileFilter(
      { name: 'ann', revokedAt: { $exists: false }, expiresAt: { $gt: live } },
      { locale: 'en', strength: 2 },
    );
    expect(filter({ name: 'Ann', expiresAt: new Date('2026-12-02T00:00:00Z') })).toBe(true);
    expect(filter({ name: 'Ann', expiresAt: new Date('2026-11-30T00:00:00Z') })).toBe(false);
    expect(filter({ name: 'Ann', revokedAt: live, expiresAt: new Date('2026-12-02T00:00:00Z') })).toBe(false);
    // Without the collation, case counts again: the options of one filter never leak into another.
    expect(compileFilter({ name: 'ann' })({ name: 'Ann' })).toBe(false);
    expect(copied()).toBe(0);
  });

  it('passes variables to a filter', () => {
    const filter = compileFilter({ $expr: { $eq: ['$org', '$$org'] } }, undefined, { org: 20 });
    expect(users.filter(filter).map((u) => u._id)).toEqual([2]);
    expect(copied()).toBe(0);
  });

  it('runs a pipeline with a lookup, a collation and variables without copying the operator tables', () => {
    const out = runPipeline(
      users,
      [
        { $match: { $expr: { $ne: ['$org', '$$skip'] } } },
        { $lookup: { from: 'orgs', localField: 'org', foreignField: '_id', as: 'orgs' } },
        {
          $lookup: {
            from: 'orgs',
            pipeline: [{ $match: { _id: 20 } }, { $project: { _id: 0, name: 1 } }],
            as: 'harbin',
          },
        },
        { $sort: { name: 1 } },
        { $project: { _id: 1, org: { $first: '$orgs.name' }, harbin: { $first: '$harbin.name' } } },
      ],
      (name) => (name === 'orgs' ? orgs : []),
      { locale: 'en', strength: 2 },
      { skip: 30 },
    );
    expect(out).toEqual([
      { _id: 1, org: '华中科技大学', harbin: '哈尔滨工业大学' },
      { _id: 2, org: '哈尔滨工业大学', harbin: '哈尔滨工业大学' },
    ]);
    expect(copied()).toBe(0);
  });
});
