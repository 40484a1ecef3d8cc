import { CollectionStore } from '../storage/collection-store';
import type { Doc } from './command-context';
import { indexedLookups } from './indexed-lookup';

function users(): CollectionStore {
  const coll = new CollectionStore('db', 'users');
  coll.insert({ _id: 1, name: 'a' });
  coll.insert({ _id: 2, name: 'b' });
  return coll;
}

const byEquality = (coll: CollectionStore, filter: Doc): Doc[] =>
  coll.select(filter, (d) => Object.entries(filter).every(([k, v]) => d[k] === v), {
    order: 'natural',
    stopAt: Infinity,
  });

describe('indexedLookups', () => {
  it('should join each document as a spread would, a field named __proto__ included', () => {
    const coll = users();
    const proto = JSON.parse('{"_id": 9, "__proto__": {"polluted": 1}, "userId": 2}') as Doc;
    const plain = { _id: 10, userId: 1, user: 'old', tags: [1] };
    for (const as of ['user', '__proto__']) {
      const lookup = { $lookup: { from: 'users', localField: 'userId', foreignField: '_id', as } };
      const { docs, rest } = indexedLookups([proto, plain], [{ $limit: 5 }, lookup], () => coll, byEquality);
      expect(rest).toEqual([]);
      const spread = [proto, plain].map((d) => ({ ...d, [as]: byEquality(coll, { _id: d.userId }) }));
      expect(docs).toEqual(spread);
      docs.forEach((d, i) => {
        expect(Object.keys(d)).toEqual(Object.keys(spread[i]));
        expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(d, '__proto__')).toEqual(
          Object.getOwnPropertyDescriptor(spread[i], '__proto__'),
        );
      });
      expect(docs[1]).not.toBe(plain);
      expect(docs[1].tags).toBe(plain.tags);
    }
    expect(plain).toEqual({ _id: 10, userId: 1, user: 'old', tags: [1] });
    expect(Object.keys(proto)).toEqual(['_id', '__proto__', 'userId']);
  });

  it('should join under a collation only when no local value is a string', () => {
    const coll = users();
    const lookup = { $lookup: { from: 'users', localField: 'userId', foreignField: '_id', as: 'user' } };
    const byNumber = indexedLookups([{ _id: 1, userId: 2 }], [lookup], () => coll, byEquality, true);
    expect(byNumber).toEqual({ docs: [{ _id: 1, userId: 2, user: [{ _id: 2, name: 'b' }] }], rest: [] });
    // A string is compared by the collation (case, accents): left to the engine.
    const byString = indexedLookups([{ _id: 1, userId: 'B' }], [lookup], () => coll, byEquality, true);
    expect(byString.rest).toEqual([lookup]);
    expect(indexedLookups([{ _id: 1, userId: 'B' }], [lookup], () => coll, byEquality).rest).toEqual([]);
  });
});
