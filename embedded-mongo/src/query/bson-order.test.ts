import { Decimal128, Long, ObjectId } from 'mongodb';
import { compareBson, hashKey, sortDocuments } from './bson-order';

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
