import { Decimal128, Long, ObjectId } from 'mongodb';
import { compareBson, hashKey, sortDocuments, type SortSpec } from './bson-order';

describe('BSON order', () => {
  it('should order numbers across types by value', () => {
    expect(compareBson(Long.fromString('9007199254740993'), 9007199254740992)).toBe(1);
    expect(compareBson(Decimal128.fromString('1.5'), 1)).toBe(1);
    expect(compareBson(1, Long.fromNumber(1))).toBe(0);
    expect(hashKey(1)).toBe(hashKey(Long.fromNumber(1)));
    expect(hashKey(1)).toBe(hashKey(Decimal128.fromString('1')));
  });

  it('should rank types as mongod does when they differ', () => {
    const values = [true, 'a', new ObjectId(), null, 3, new Date(0), { a: 1 }, [1]];
    const sorted = sortDocuments(
      values.map((v) => ({ v })),
      { v: 1 },
    ).map((d) => d.v);
    expect(
      sorted.map((v) =>
        v === null
          ? 'null'
          : Array.isArray(v)
            ? 'array'
            : v instanceof ObjectId
              ? 'oid'
              : v instanceof Date
                ? 'date'
                : typeof v,
      ),
    ).toEqual(['null', 'array', 'number', 'string', 'object', 'oid', 'boolean', 'date']);
  });
});

describe('sortDocuments with a top', () => {
  it('should give the first documents of the full sort, ties in input order', () => {
    const names = ['哈尔滨', '鞍山', 'alpha', 'Alpha', 'beta', null, 7, '长春', '大连'];
    const docs = Array.from({ length: 500 }, (_, i) => ({
      i,
      name: (i * 7919) % 11 === 0 ? undefined : names[(i * 31) % names.length],
      n: (i * 13) % 5,
    }));
    const en2 = new Intl.Collator('en', { sensitivity: 'accent' });
    const zh = new Intl.Collator('zh');
    for (const cmp of [undefined, (a: string, b: string) => en2.compare(a, b), zh.compare]) {
      for (const spec of [{ name: 1 }, { name: -1, n: 1 }, { n: 1, name: -1 }] as SortSpec[]) {
        const full = sortDocuments(docs, spec, cmp);
        for (const top of [0, 1, 21, 100, 124]) {
          expect(sortDocuments(docs, spec, cmp, top)).toEqual(full.slice(0, top));
        }
      }
    }
  });
});
