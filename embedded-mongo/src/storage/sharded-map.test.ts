import { ObjectId } from 'mongodb';
import { hashKey } from '../query/bson-order';
import { flatKey } from './doc-compactor';
import { CollectionStore } from './collection-store';
import { ShardedMap, shardOf } from './sharded-map';
import { largestMap } from '../../test/support/maps-in';
import { seededRandom } from '../../test/support/seeded-random';

describe('ShardedMap', () => {
  it('should hold what a Map holds through sets, overwrites, deletes, a split and a clear', () => {
    const m = new ShardedMap<number>();
    const model = new Map<string, number>();
    let mismatches = 0;
    const rand = seededRandom(7);
    const check = (): void => {
      expect(m.size).toBe(model.size);
      const entries = [...m];
      expect(entries.length).toBe(model.size);
      expect(entries.every(([k, v]) => model.get(k) === v)).toBe(true);
      expect([...m.keys()].every((k) => model.has(k))).toBe(true);
      const sum = [...model.values()].reduce((a, b) => a + b, 0);
      expect([...m.values()].reduce((a, b) => a + b, 0)).toBe(sum);
      let walked = 0;
      let each = 0;
      m.forEachValue((v) => ((each += v), walked++));
      expect([each, walked]).toEqual([sum, model.size]);
    };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 50_000; i++) {
        const key = `k${rand(30_000)}`;
        const op = rand(10);
        if (op < 7) {
          if (m.set(key, i) !== m) mismatches++;
          model.set(key, i);
        } else if (op < 9) {
          if (m.delete(key) !== model.delete(key)) mismatches++;
        } else if (m.has(key) !== model.has(key)) mismatches++;
        if (m.get(key) !== model.get(key)) mismatches++;
        if (i === 100) check(); // one Map still
      }
      expect(mismatches).toBe(0);
      expect(model.size).toBeGreaterThan(ShardedMap.SPLIT_AT);
      check();
      m.clear();
      model.clear();
      check();
    }
  });

  it('should keep iterating while entries are removed, as a Map does', () => {
    const m = new ShardedMap<number>();
    for (let i = 0; i < 20_000; i++) m.set(`k${i}`, i);
    let seen = 0;
    for (const [k, v] of m) {
      seen++;
      if (v % 2 === 0) m.delete(k);
    }
    expect(seen).toBe(20_000);
    expect(m.size).toBe(10_000);
  });

  it('should spread document id keys and index keys evenly, so no part is much larger than its share', () => {
    const ids = Array.from({ length: 100_000 }, () => {
      const id = new ObjectId();
      return flatKey(hashKey(id), id);
    });
    // A mobile number's index key and a compound (name, _id) key: they differ in their last characters.
    const mobiles = Array.from({ length: 100_000 }, (_, j) => hashKey(`139${String(j).padStart(8, '0')}`));
    for (const keys of [ids, mobiles]) {
      const parts = new Array<number>(ShardedMap.SHARDS).fill(0);
      for (const k of keys) parts[shardOf(k)]++;
      const share = keys.length / ShardedMap.SHARDS;
      // One Map of 100,000 entries would move all of them when it doubles; a part ~1/64 of them.
      expect(Math.max(...parts)).toBeLessThan(share * 1.3);
      expect(Math.min(...parts)).toBeGreaterThan(share * 0.7);
    }
  });

  it("should split a collection's maps while small, so the insert on which they all split moves a few thousand entries each", () => {
    const coll = new CollectionStore('db', 'people');
    coll.addIndex({ v: 2, key: { mobile: 1 }, name: 'mobile_1', unique: true });
    coll.addIndex({ v: 2, key: { name: 1, _id: 1 }, name: 'name_1__id_1' });
    for (let j = 0; j < 6000; j++)
      coll.insert({ _id: j, name: `王${j % 50}`, mobile: `139${String(j).padStart(8, '0')}` });
    // Its ordinals, the mobile keys and the (name, _id) keys: one Map of 6,000 each when split at 16,384.
    expect(largestMap(coll)).toBeLessThanOrEqual(4096);
    expect(coll.get(hashKey(5999))?.mobile).toBe('13900005999');
  });
});
