import { ObjectId } from 'mongodb';
import { compareBson, hashKey } from '../query/bson-order';
import { CollectionStore } from './collection-store';
import { IdOrder } from './id-order';

/** The live ids of an IdOrder, in its order. */
function liveIds(order: IdOrder, live: Set<number>): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < order.size; i++) if (live.has(order.ordAt(i))) out.push(order.idAt(i));
  return out;
}

describe('IdOrder', () => {
  it('should hold the live ids in BSON order when ids arrive out of order and documents leave', () => {
    const live = new Set<number>();
    const order = new IdOrder((ord) => live.has(ord));
    const ids: unknown[] = [];
    // Mixed types and orders: ascending numbers, then strings and numbers in a shuffled order.
    for (let i = 0; i < 6000; i++) {
      const id = i < 3000 ? i : i % 2 ? `s${(i * 7919) % 6000}` : ((i * 7919) % 6000) + 0.5;
      order.add(id, i);
      live.add(i);
      ids.push(id);
    }
    for (let i = 0; i < 6000; i += 3) {
      live.delete(i);
      order.noteRemoved();
    }
    const expected = ids.filter((_, i) => live.has(i)).sort((a, b) => compareBson(a, b));
    expect(liveIds(order, live)).toEqual(expected);
    // The first entry at or above a bound, strictly above when asked (dead entries were dropped).
    expect(order.size).toBe(expected.length);
    expect(order.idAt(order.lowerBound(1501, false))).toBe(1501);
    expect(order.idAt(order.lowerBound(1501, true))).toBe(expected[expected.indexOf(1501) + 1]);
    expect(order.idAt(order.lowerBound(1500, false))).toBe(expected[expected.indexOf(1501)]);
    expect(order.lowerBound('zzz', false)).toBe(order.size);
  });

  it('should read documents by _id in order, skipping removed ones and a removed id inserted again once', () => {
    const coll = new CollectionStore('db', 'c');
    const ids = Array.from({ length: 50 }, () => new ObjectId());
    for (const id of [...ids].reverse()) coll.insert({ _id: id, v: 1 });
    coll.remove(hashKey(ids[10]));
    coll.remove(hashKey(ids[20]));
    coll.insert({ _id: ids[20], v: 2 });
    const read = (order: 'id-asc' | 'id-desc') =>
      coll.select(undefined, () => true, { order, stopAt: Infinity }).map((d) => [d._id, d.v]);
    const expected = ids.filter((_, i) => i !== 10).map((id) => [id, id === ids[20] ? 2 : 1]);
    expect(read('id-asc')).toEqual(expected);
    expect(read('id-desc')).toEqual([...expected].reverse());
    // A range on _id: the ids from the 5th to the 25th, the removed one left out.
    const inRange = coll.select({ _id: { $gte: ids[5], $lt: ids[25] } }, () => true, {
      order: 'id-asc',
      stopAt: Infinity,
    });
    expect(inRange.map((d) => d._id)).toEqual(ids.slice(5, 25).filter((_, i) => i !== 5));
  });
});
