import { ObjectId } from 'mongodb';
import { compareBson, hashKey } from '../query/bson-order';
import { CollectionStore } from './collection-store';
import { IdOrder } from './id-order';
import { PART } from './parts-array';
import { largestArray } from '../../test/support/maps-in';
import { seededRandom } from '../../test/support/seeded-random';

/** The ids of an IdOrder, read by position. */
function idsOf(order: IdOrder): unknown[] {
  return Array.from({ length: order.size }, (_, i) => order.idAt(i));
}

describe('IdOrder', () => {
  it('should hold the ids in BSON order when ids arrive out of order and documents leave', () => {
    const order = new IdOrder();
    const ids: unknown[] = [];
    // Mixed types and orders: ascending numbers, then strings and numbers in a shuffled order.
    for (let i = 0; i < 6000; i++) {
      const id = i < 3000 ? i : i % 2 ? `s${(i * 7919) % 6000}` : ((i * 7919) % 6000) + 0.5;
      order.add(id, i);
      ids.push(id);
    }
    for (let i = 0; i < 6000; i += 3) order.remove(ids[i], i);
    const expected = ids.filter((_, i) => i % 3 !== 0).sort((a, b) => compareBson(a, b));
    expect(idsOf(order)).toEqual(expected);
    // The first entry at or above a bound, strictly above when asked.
    expect(order.size).toBe(expected.length);
    expect(order.idAt(order.lowerBound(1501, false))).toBe(1501);
    expect(order.idAt(order.lowerBound(1501, true))).toBe(expected[expected.indexOf(1501) + 1]);
    expect(order.idAt(order.lowerBound(1500, false))).toBe(expected[expected.indexOf(1501)]);
    expect(order.lowerBound('zzz', false)).toBe(order.size);
  });

  it('should agree with a sorted list through random adds, removals, equal ids and position reads', () => {
    const order = new IdOrder();
    // The model: [id, ord] by id then ordinal.
    let model: [number, number][] = [];
    const rand = seededRandom(5);
    let ord = 0;
    for (let i = 0; i < 40_000; i++) {
      const op = rand(10);
      if (op < 4) {
        // Appends (in order), as ObjectIds come.
        const id = (model.at(-1)?.[0] ?? 0) + rand(3);
        order.add(id, ord);
        model.push([id, ord++]);
      } else if (op < 7) {
        // Out of order, near the end or anywhere; few distinct ids, so equal ids are common.
        const id = rand(2) ? (model.at(-1)?.[0] ?? 0) - rand(50) : rand(20_000);
        order.add(id, ord);
        const at = model.findIndex(([x]) => x > id);
        model.splice(at < 0 ? model.length : at, 0, [id, ord++]);
      } else if (model.length > 0) {
        const [id, o] = model.splice(rand(model.length), 1)[0];
        order.remove(id, o);
      }
      if (i % 4000 === 0 || i === 39_999) {
        expect(order.size).toBe(model.length);
        const read = Array.from({ length: order.size }, (_, k) => [order.idAt(k), order.ordAt(k)]);
        expect(read).toEqual(model);
        // Read backwards too (a descending walk), and bounds against the model's.
        for (let k = order.size - 1; k >= 0; k -= 97) expect(order.ordAt(k)).toBe(model[k][1]);
        for (const probe of [-1, 0, 777.5, 5000, model.at(-1)?.[0] ?? 0, 1e9]) {
          const ge = model.findIndex(([x]) => x >= probe);
          const gt = model.findIndex(([x]) => x > probe);
          expect(order.lowerBound(probe, false)).toBe(ge < 0 ? model.length : ge);
          expect(order.lowerBound(probe, true)).toBe(gt < 0 ? model.length : gt);
        }
      }
    }
    // Most removed at random (runs emptied and joined), then the rest: nothing left to read.
    while (model.length > 500) {
      const [id, o] = model.splice(rand(model.length), 1)[0];
      order.remove(id, o);
    }
    expect(Array.from({ length: order.size }, (_, k) => [order.idAt(k), order.ordAt(k)])).toEqual(model);
    for (const [id, o] of model) order.remove(id, o);
    expect(order.size).toBe(0);
    order.add(1, 0);
    order.clear();
    order.add(2, 0);
    expect(idsOf(order)).toEqual([2]);
    model = [];
  });

  it('should hold no array longer than a part, so no add copies every entry, whichever way ids arrive', () => {
    const ascending = new IdOrder();
    const descending = new IdOrder();
    const n = 16 * PART;
    for (let i = 0; i < n; i++) {
      ascending.add(i, i);
      descending.add(n - i, i);
    }
    // One plain array of every id and one of every ordinal before (16,384 each).
    expect(largestArray(ascending)).toBeLessThanOrEqual(PART);
    expect(largestArray(descending)).toBeLessThanOrEqual(PART);
    expect([ascending.idAt(n - 1), descending.idAt(0), descending.idAt(n - 1)]).toEqual([n - 1, 1, n]);
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
