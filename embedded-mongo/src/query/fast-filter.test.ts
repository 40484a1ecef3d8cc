import { Query } from 'mingo/query';
import { ObjectId } from 'mongodb';
import { compileFastFilter } from './fast-filter';
import { compileFilter, mingoOptions } from './mingo-context';

type Doc = Record<string, unknown>;

/**
 * compileFilter's fast `$all` path (fast-filter.ts) must answer exactly as mingo does with the
 * whole filter: same matches for every document, under no collation and under collations that
 * fold case, accents and width (mingo's `$all` ignores them), and the same errors.
 */
const mingoOnly = (filter: Doc, collation?: unknown) => {
  const q = new Query(filter, mingoOptions(undefined, collation));
  return (doc: Doc) => q.test(doc);
};

const VALUES: unknown[] = [
  ['石墨', '墨烯', '石', '墨', '烯'],
  ['石墨', '烯'],
  ['墨烯'],
  '石墨',
  [],
  null,
  [['石墨', '墨烯']],
  ['e', 'a'],
  ['É', 'ａ'],
  ['e\u0301', 'A'],
  ['é'],
  [1, '石墨', { x: '墨烯' }, '墨烯'],
  [new ObjectId('000000000000000000000001'), 'a'],
  { 0: '石墨' },
];

function documents(): Doc[] {
  const docs: Doc[] = [];
  let i = 0;
  for (const g of VALUES) {
    for (const t of VALUES) {
      const doc: Doc = { _id: i, kind: i % 3 === 0 ? 'college' : 'company', name: `n${i % 17}` };
      if (g !== undefined) doc.g = g;
      if (i % 4 !== 0) doc.t = t;
      docs.push(doc);
      i++;
    }
  }
  docs.push({ _id: 'bare' }, { _id: 'proto', g: ['石墨'], constructor: ['石墨'] });
  return docs;
}

const SEARCH = ['石墨', '墨烯'];
const FILTERS: Array<[string, Doc]> = [
  ['a first tier', { g: { $all: SEARCH } }],
  ['a second tier', { t: { $all: SEARCH }, $nor: [{ g: { $all: SEARCH } }] }],
  ['a tier with a base filter', { kind: 'company', g: { $all: ['石墨'] } }],
  [
    'a page after a cursor',
    {
      $and: [
        { kind: 'college', t: { $all: ['墨烯'] }, $nor: [{ g: { $all: SEARCH } }] },
        { $or: [{ name: { $gt: 'n5' } }, { name: 'n5', _id: { $gt: 3 } }] },
      ],
    },
  ],
  ['folded letters', { g: { $all: ['e', 'a'] } }],
  ['accented letters', { g: { $all: ['é'] } }],
  ['a gram nothing holds', { g: { $all: ['无此'] } }],
  [
    'a $nor of a mingo clause beside $all',
    { g: { $all: ['石墨'] }, $nor: [{ kind: 'college' }, { t: null }] },
  ],
  ['a nested $and', { $and: [{ g: { $all: ['石墨'] } }, { $and: [{ t: { $all: ['石'] } }] }] }],
  ['$all with other operators on the field', { g: { $all: ['石墨'], $size: 2 } }],
  ['a dotted field', { 'g.0': { $all: ['石墨'] } }],
  ['a prototype name', { constructor: { $all: ['石墨'] } }],
];

const COLLATIONS: Array<[string, unknown]> = [
  ['no collation', undefined],
  ['zh', { locale: 'zh' }],
  ['fr at strength 1', { locale: 'fr', strength: 1 }],
];

describe('fast $all filters', () => {
  const docs = documents();

  for (const [what, filter] of FILTERS) {
    for (const [how, collation] of COLLATIONS) {
      it(`should match as mingo does: ${what}, ${how}`, () => {
        const fast = compileFilter(filter, collation);
        const slow = mingoOnly(filter, collation);
        const got = docs.filter((d) => fast(d)).map((d) => d._id);
        const want = docs.filter((d) => slow(d)).map((d) => d._id);
        expect(got).toEqual(want);
      });
    }
  }

  it('should take the fast path for a search tier and leave other filters to mingo', () => {
    const slow = (part: Doc) => mingoOnly(part);
    expect(compileFastFilter(FILTERS[1][1], slow)).not.toBeNull();
    expect(compileFastFilter(FILTERS[3][1], slow)).not.toBeNull();
    expect(compileFastFilter({ kind: 'company' }, slow)).toBeNull();
    expect(compileFastFilter({ g: { $all: ['石墨'], $size: 2 } }, slow)).toBeNull();
    expect(compileFastFilter({ g: { $all: [1, '石墨'] } }, slow)).toBeNull();
    expect(compileFastFilter({ 'g.0': { $all: ['石墨'] } }, slow)).toBeNull();
  });

  it('should test clauses in order, so a throwing clause throws for the same documents', () => {
    const filter = { g: { $all: ['石墨'] }, $expr: { $divide: [1, '$n'] } };
    const fast = compileFilter(filter);
    const slow = mingoOnly(filter);
    const outcome = (p: (d: Doc) => boolean, d: Doc) => {
      try {
        return p(d);
      } catch (err) {
        return `threw ${(err as Error).message}`;
      }
    };
    for (const d of [
      { g: ['石墨'], n: 0 },
      { g: ['x'], n: 0 },
      { g: ['石墨'], n: 2 },
    ]) {
      expect(outcome(fast, d)).toEqual(outcome(slow, d));
    }
  });

  it('should report a bad clause beside $all as mingo does', () => {
    const filter = { g: { $all: ['石墨'] }, t: { $bogus: 1 } };
    expect(() => compileFilter(filter)).toThrow();
    let want = '';
    try {
      mingoOnly(filter);
    } catch (err) {
      want = (err as Error).message;
    }
    expect(() => compileFilter(filter)).toThrow(want);
  });
});
