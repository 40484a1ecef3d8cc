import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BSON, Binary, Decimal128, Long, ObjectId, Timestamp, UUID } from 'mongodb';
import { hashKey } from '../query/bson-order';
import { CollectionStore } from './collection-store';
import { DocCompactor } from './doc-compactor';
import { RawDoc } from './doc-map';
import { ShardedMap } from './sharded-map';
import { largestMap } from '../../test/support/maps-in';

type Doc = Record<string, unknown>;

/** Every BSON type the stores see, nested, with the awkward keys a literal would mishandle. */
function awkward(i: number): Doc {
  const doc = BSON.deserialize(
    BSON.serialize({
      _id: new ObjectId(),
      name: `哈尔滨华科新材料有限公司${i}`,
      grams: ['哈', '哈尔', '尔', '尔滨', '滨'],
      when: new Date(1_700_000_000_000 + i),
      nested: { a: [1, [2, 3], { b: 'x', c: null }], deep: { deeper: { deepest: [true, false] } } },
      bin: new Binary(Buffer.from([1, 2, 3])),
      uuid: new UUID(),
      dec: Decimal128.fromString('1.10'),
      long: Long.fromNumber(2 ** 40),
      ts: new Timestamp({ t: 1, i: 2 }),
      re: /a.b/i,
      '2': 'integer-like key',
      'a.b': 'dotted',
      '': 'empty key',
      empty: [],
      emptyObj: {},
    }),
    { promoteLongs: false },
  );
  // The decoder keeps a __proto__ field as an own field; so must the stored copy.
  Object.defineProperty(doc, '__proto__', {
    value: { own: 1 },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return doc;
}

describe('DocCompactor', () => {
  it('should store the same keys in the same order with the same BSON when a document holds every kind of value', () => {
    const compactor = new DocCompactor();
    for (let i = 0; i < 3; i++) {
      const doc = awkward(i);
      const before = BSON.serialize(doc);
      const copy = compactor.compact(doc);
      expect(Buffer.from(BSON.serialize(copy)).equals(Buffer.from(before))).toBe(true);
      expect(Object.keys(copy)).toEqual(Object.keys(doc));
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.getOwnPropertyNames(copy)).toContain('__proto__');
      // The caller's document is left as it was (the journal still serialises it).
      expect(Buffer.from(BSON.serialize(doc)).equals(Buffer.from(before))).toBe(true);
      expect(copy.bin).toBe(doc.bin);
      expect(copy.nested).not.toBe(doc.nested);
    }
  });

  it('should share one instance of a repeated short string and of a repeated instant when documents repeat them', () => {
    const compactor = new DocCompactor();
    const a = compactor.compact(BSON.deserialize(BSON.serialize({ g: ['合金'], t: new Date(5) })));
    const b = compactor.compact(BSON.deserialize(BSON.serialize({ g: ['合金'], t: new Date(5) })));
    expect(b.t).toBe(a.t);
    expect((b.g as string[])[0]).toBe((a.g as string[])[0]);
  });

  it('should copy field by field when a document has more fields than a literal is made for', () => {
    const compactor = new DocCompactor();
    const wide: Doc = {};
    for (let i = 0; i < 100; i++) wide[`f${i}`] = i % 2 ? `v${i}` : [i];
    const copy = compactor.compact(wide);
    expect(Object.keys(copy)).toEqual(Object.keys(wide));
    expect(copy).toEqual(wide);
  });

  it('should return the stored copy from reads and leave the inserted document untouched when a collection stores it', () => {
    const coll = new CollectionStore('db', 'c');
    coll.addIndex({ key: { grams: 1 }, name: 'grams_1' });
    const doc = awkward(7);
    const before = Buffer.from(BSON.serialize(doc));
    coll.insert(doc);
    const [stored] = coll.select({ grams: '尔滨' }, () => true, { order: 'natural', stopAt: Infinity });
    expect(Buffer.from(BSON.serialize(stored)).equals(before)).toBe(true);
    expect(Buffer.from(BSON.serialize(doc)).equals(before)).toBe(true);
    coll.replace([...coll.docs.keys()][0], { ...doc, grams: ['新'] });
    expect(coll.select({ grams: '尔滨' }, () => true, { order: 'natural', stopAt: Infinity })).toEqual([]);
    expect(coll.select({ grams: '新' }, () => true, { order: 'natural', stopAt: Infinity })).toHaveLength(1);
  });
});

describe('flatKey', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  /** The heap `keys` alone keep alive: measured by letting them go. */
  const retained = (keys: string[]): number => {
    const heap = (): number => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    keys.length = 0;
    return before - heap();
  };

  it('should hold ObjectId id keys in a fraction of the heap of the concatenation hashKey returns when a collection stores them', () => {
    // Half inserted as documents, half loaded raw as a snapshot does.
    const store = (ids: ObjectId[]): CollectionStore => {
      const coll = new CollectionStore('db', 'c');
      ids.forEach((id, i) => {
        if (i % 2) coll.insert({ _id: id });
        else {
          const bytes = Buffer.from(BSON.serialize({ _id: id }));
          coll.insertRaw(hashKey(id), id, new RawDoc(bytes, 0, bytes.length));
        }
      });
      return coll;
    };
    const few = Array.from({ length: 10 }, () => new ObjectId());
    const small = store(few);
    expect([...small.docs.keys()]).toEqual(few.map((id) => hashKey(id)));
    expect(few.map((id) => small.get(hashKey(id))?._id)).toEqual(few);

    // Measured apart from the comparison above, which reads (and so flattens) the strings it compares.
    const ids = Array.from({ length: 10_000 }, () => new ObjectId());
    const built = retained(ids.map((id) => hashKey(id)));
    // The store made and dropped in a call of its own, so that no frame of this one still holds it.
    const stored = ((): string[] => [...store(ids).docs.keys()])();
    // Seven cons strings over a 12-character one (~256 B) against one 25-character string (~48 B).
    expect(retained(stored) * 2).toBeLessThan(built);
  });
});

describe('DocCompactor string pool', () => {
  it("should pool a collection's unique short strings in no Map that grows with it, so no insert moves them all", () => {
    const compactor = new DocCompactor();
    // A person's mobile: short enough to be pooled, and a new one for every person.
    const n = 4 * ShardedMap.SPLIT_AT;
    const docs = Array.from({ length: n }, (_, j) => ({
      title: '教授',
      mobile: `139${String(j).padStart(8, '0')}`,
    }));
    const stored = docs.map((d) => compactor.compact(d));
    expect(stored[n - 1]).toEqual(docs[n - 1]);
    expect(compactor.compact({ title: '教授' }).title).toBe(stored[0].title);
    // One Map of every string would hold all 65,536.
    expect(largestMap(compactor)).toBeLessThan(ShardedMap.SPLIT_AT / 4);
  });
});
