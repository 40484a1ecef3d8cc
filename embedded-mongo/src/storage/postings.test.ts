import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hashKey } from '../query/bson-order';
import { CollectionStore } from './collection-store';
import { IndexStore } from './index-store';
import { addPosting, DocOrdinals, postingView, removePosting, type Posting } from './postings';

/** Ordinals 0..n-1 for the id keys k0..k(n-1). */
function registry(n: number): DocOrdinals {
  const ords = new DocOrdinals();
  for (let i = 0; i < n; i++) ords.ensure(`k${i}`);
  return ords;
}

describe('posting lists', () => {
  it('should keep ordinals sorted and answer has() when entries arrive out of order and leave', () => {
    const ords = registry(2000);
    let slot: Posting | undefined;
    const expected = new Set<number>();
    // 0..1999 in a fixed shuffled order (7 is coprime to 2,000).
    for (let i = 0; i < 2000; i++) {
      const o = (i * 7) % 2000;
      slot = addPosting(ords, slot, o);
      expected.add(o);
    }
    for (let o = 0; o < 2000; o += 3) {
      slot = removePosting(slot!, o);
      expected.delete(o);
    }
    const view = postingView(ords, slot!);
    expect(view.size).toBe(expected.size);
    const sorted = [...expected].sort((a, b) => a - b).map((o) => `k${o}`);
    expect([...view]).toEqual(sorted);
    // Membership through the bitmap (dense) and the binary search agree with the set.
    for (let o = 0; o < 2000; o++) expect(view.has(`k${o}`)).toBe(expected.has(o));
    expect(view.has('unknown')).toBe(false);
  });

  it('should keep a small list sorted when ordinals arrive before, between and after the ones it holds', () => {
    const ords = registry(40);
    const order = [20, 5, 30, 1, 25, 10, 39, 0, 15, 35, 2, 22, 8, 33, 12, 27, 3, 37];
    let slot: Posting | undefined;
    const expected = new Set<number>();
    for (const o of order) {
      slot = addPosting(ords, slot, o);
      expected.add(o);
      const sorted = [...expected].sort((a, b) => a - b);
      expect([...postingView(ords, slot)]).toEqual(sorted.map((x) => `k${x}`));
    }
    for (const o of [5, 39, 0, 22]) {
      slot = removePosting(slot!, o);
      expected.delete(o);
    }
    slot = addPosting(ords, slot, 4);
    expected.add(4);
    const view = postingView(ords, slot!);
    expect([...view]).toEqual([...expected].sort((a, b) => a - b).map((x) => `k${x}`));
    for (let o = 0; o < 40; o++) expect(view.has(`k${o}`)).toBe(expected.has(o));
  });

  it('should hold a list of three ordinals in an array of three when documents arrive one by one', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = (): number => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    const ords = registry(30_000);
    // Bytes a list of three takes, its third ordinal arriving after the other two or between them.
    const perList = (third: 1 | 2): number => {
      const lists: Posting[] = [];
      const before = heap();
      for (let i = 0; i < 10_000; i++) {
        let slot = addPosting(ords, undefined, 3 * i);
        slot = addPosting(ords, slot, 3 * i + 3 - third);
        lists.push(addPosting(ords, slot, 3 * i + third));
      }
      const each = (heap() - before) / lists.length;
      expect([...postingView(ords, lists[7])]).toEqual(['k21', 'k22', 'k23']);
      return each;
    };
    // The list object (~56 B) and an exact array (~72 B) plus the slot in `lists`; a pushed-to or
    // spliced-into array keeps 19 slots (~168 B) for three.
    expect(perList(2)).toBeLessThan(200);
    expect(perList(1)).toBeLessThan(200);
  });

  it('should hold a key of one document as its ordinal and an emptied key as nothing', () => {
    const ords = registry(3);
    let slot: Posting | undefined = addPosting(ords, undefined, 2);
    expect(slot).toBe(2);
    slot = addPosting(ords, slot, 0);
    expect([...postingView(ords, slot)]).toEqual(['k0', 'k2']);
    slot = removePosting(slot, 2);
    expect(slot).toBe(0);
    expect(removePosting(slot!, 0)).toBeUndefined();
  });

  it('should stop answering for a document whose bit was set once it leaves a dense list', () => {
    const ords = registry(600);
    let slot: Posting | undefined;
    for (let o = 0; o < 600; o++) slot = addPosting(ords, slot, o);
    const view = postingView(ords, slot!);
    expect(view.has('k599')).toBe(true); // builds the bitmap
    slot = removePosting(slot!, 599);
    slot = addPosting(ords, slot, 599);
    slot = removePosting(slot, 599);
    expect(postingView(ords, slot!).has('k599')).toBe(false);
    expect(postingView(ords, slot!).size).toBe(599);
  });
});

describe('trimming posting lists', () => {
  it("should give back a list's spare room and keep its ordinals and later writes when it is trimmed", () => {
    const ordinals = new DocOrdinals();
    const keys = Array.from({ length: 1000 }, (_, i) => ordinals.ensure(`k${i}`));
    let slot: Posting | undefined;
    for (const ord of keys.filter((o) => o % 3 !== 0)) slot = addPosting(ordinals, slot, ord);
    const list = slot as Exclude<Posting, number>;
    const before = list.ordinalList();
    expect(list.trimToSize()).toBeGreaterThan(0);
    expect(list.trimToSize()).toBe(0);
    expect(list.ordinalList()).toEqual(before);
    list.add(3); // a multiple of 3: into the middle
    list.add(1000);
    list.delete(1);
    const expected = [...before, 3, 1000].filter((o) => o !== 1).sort((a, b) => a - b);
    expect([...list.ordinalList()]).toEqual(expected);
    expect(list.size).toBe(expected.length);
  });
});

describe('index postings in a collection', () => {
  it('should return the same ids as a Set-based reference when documents are inserted, updated and removed', () => {
    const coll = new CollectionStore('db', 'c');
    coll.addIndex({ key: { grams: 1 }, name: 'grams_1' });
    coll.addIndex({ key: { kind: 1, _id: -1 }, name: 'kind_1__id_-1' });
    const ref = new Map<string, Set<number>>();
    const put = (id: number, grams: string[]): void => {
      for (const g of grams) {
        if (!ref.has(g)) ref.set(g, new Set());
        ref.get(g)!.add(id);
      }
    };
    const gramsOf = (i: number): string[] => [`g${i % 5}`, `g${i % 7}`, 'all'];
    for (let i = 0; i < 500; i++) {
      coll.insert({ _id: i, grams: gramsOf(i), kind: i % 3 ? 'a' : 'b' });
      put(i, gramsOf(i));
    }
    for (let i = 0; i < 500; i += 4) {
      coll.remove(hashKey(i));
      for (const s of ref.values()) s.delete(i);
    }
    for (let i = 1; i < 500; i += 4) {
      coll.replace(hashKey(i), { _id: i, grams: ['moved'], kind: 'c' });
      for (const s of ref.values()) s.delete(i);
      put(i, ['moved']);
    }
    // Removed ids come back as new documents: they sort after the older ones (natural order).
    for (let i = 0; i < 40; i += 4) {
      coll.insert({ _id: i, grams: ['all'], kind: 'b' });
      put(i, ['all']);
    }
    const ix = coll.indexes.get('grams_1')!;
    for (const [gram, ids] of ref) {
      const found = [...(ix.postings(gram) ?? [])].map((k) => coll.docs.get(k)!._id);
      expect(new Set(found)).toEqual(ids);
      expect(found).toHaveLength(ids.size);
    }
    const all = [...ix.postings('all')!].map((k) => coll.docs.get(k)!._id as number);
    expect(all.slice(-10)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36]);
    expect([...coll.candidates({ kind: 'c' })].map((d) => d._id)).toEqual(
      [...ref.get('moved')!].sort((a, b) => a - b),
    );
  });

  it('should refuse a second holder of a unique key and accept the holder itself when it is rewritten', () => {
    const coll = new CollectionStore('db', 'c');
    coll.addIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    coll.insert({ _id: 1, email: 'a@x' });
    expect(() => coll.insert({ _id: 2, email: 'a@x' })).toThrow(/E11000/);
    expect(() => coll.replace(hashKey(1), { _id: 1, email: 'a@x', name: 'A' })).not.toThrow();
  });

  it('should build the same postings when an index is made on its own from the documents', () => {
    const coll = new CollectionStore('db', 'c');
    coll.addIndex({ key: { t: 1 }, name: 't_1' });
    for (let i = 0; i < 100; i++) coll.insert({ _id: i, t: [i % 3, i % 4] });
    const fresh = new IndexStore({ key: { t: 1 }, name: 't_1' });
    for (const [k, d] of coll.docs) fresh.add(k, fresh.keysFor(d));
    for (const v of [0, 1, 2, 3]) {
      expect([...fresh.postings(v)!]).toEqual([...coll.indexes.get('t_1')!.postings(v)!]);
    }
  });
});

describe('stored values', () => {
  it('should share one Date between documents written at the same instant without changing their values', () => {
    const coll = new CollectionStore('db', 'c');
    const at = 1_700_000_000_000;
    coll.insert({ _id: 1, createdAt: new Date(at), updatedAt: new Date(at), log: [new Date(at)] });
    coll.insert({ _id: 2, createdAt: new Date(at), updatedAt: new Date(at + 1) });
    const [a, b] = [...coll.docs.values()];
    expect(a.createdAt).toBe(a.updatedAt);
    expect((a.log as Date[])[0]).toBe(a.createdAt);
    expect(b.createdAt).toBe(a.createdAt);
    expect((b.updatedAt as Date).getTime()).toBe(at + 1);
    expect((a.createdAt as Date).getTime()).toBe(at);
  });
});
