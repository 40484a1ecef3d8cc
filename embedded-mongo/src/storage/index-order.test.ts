import { Long, ObjectId } from 'mongodb';
import { IndexStore, type IndexSpec } from './index-store';

/**
 * The first field's order built in slices in the background (IndexStore.buildOrderInBackground)
 * while documents are inserted, removed and inserted again between slices must end exactly as
 * an index built from the final documents at once: same keys in the same order, same documents
 * under each, and ranks ascending along that order. A read that needs the order meanwhile builds
 * it at once, picking up where the slices left off.
 */
type Doc = Record<string, unknown>;

const SPECS: IndexSpec[] = [
  { key: { name: 1, _id: 1 }, name: 'name_id', collation: { locale: 'zh' } },
  { key: { name: 1 }, name: 'name_en2', collation: { locale: 'en', strength: 2 } },
  { key: { name: 1 }, name: 'name_simple' },
];
const CHARS = ['哈', '尔', '滨', '华', '科', '鞍', '山', 'a', 'A', 'b', '长', '春'];

/** A deterministic name from a number: a few thousand distinct names, some shared, some equal under en2. */
function nameOf(n: number): unknown {
  if (n % 97 === 0) return null;
  if (n % 89 === 0) return n; // a number among the strings
  let s = '';
  for (let x = n; s.length < 1 + (n % 5); x = Math.floor(x / CHARS.length) + 7) s += CHARS[x % CHARS.length];
  return s;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Keys in order (as their hashes: under en2 a key keeps the spelling it was first added with). */
function order(ix: IndexStore): Array<[string, string[]]> {
  return [...ix.range(null, null)].map(([v, ids]) => [ix.valueKey(v), [...ids].sort()]);
}

function replayed(spec: IndexSpec, docs: Map<string, Doc>): IndexStore {
  const ix = new IndexStore(spec);
  for (const [id, doc] of docs) ix.add(id, ix.keysFor(doc));
  return ix;
}

/** Ranks ascend strictly from one key to the next, equal within a key. */
function expectRanksFollowOrder(ix: IndexStore): void {
  const ranks = ix.sortRanks()!;
  const ords = (ix as unknown as { ordinals: { get(k: string): number } }).ordinals;
  let last = -Infinity;
  for (const [, ids] of ix.range(null, null)) {
    const rs = new Set([...ids].map((id) => ranks[ords.get(id)]));
    expect(rs.size).toBe(1);
    const [r] = rs;
    expect(r).toBeGreaterThan(last);
    last = r;
  }
}

describe('index order built in the background', () => {
  for (const spec of SPECS) {
    it(`should end as an index built at once, writes between slices (${spec.name})`, async () => {
      const ix = new IndexStore(spec);
      const docs = new Map<string, Doc>();
      const put = (id: string, doc: Doc) => {
        const prev = docs.get(id);
        if (prev) ix.remove(id, ix.keysFor(prev));
        ix.add(id, ix.keysFor(doc));
        docs.set(id, doc);
      };
      const drop = (id: string) => {
        const prev = docs.get(id);
        if (!prev) return;
        ix.remove(id, ix.keysFor(prev));
        docs.delete(id);
      };
      for (let i = 0; i < 3000; i++) put(`d${i}`, { _id: `d${i}`, name: nameOf(i) });
      expect(ix.orderReady).toBe(false);
      ix.buildOrderInBackground(0);
      let step = 0;
      while (!ix.orderReady) {
        step++;
        // New names, names already held, the last holder of a name removed, a name removed
        // and added again, a document renamed.
        put(`n${step}`, { _id: `n${step}`, name: nameOf(5000 + step) });
        put(`m${step}`, { _id: `m${step}`, name: nameOf(step) });
        drop(`d${(step * 37) % 3000}`);
        if (step % 3 === 0) put(`d${(step * 37) % 3000}`, { _id: 'again', name: nameOf((step * 37) % 3000) });
        put(`d${(step * 11) % 3000}`, { _id: 'renamed', name: nameOf(step * 13) });
        await tick();
        if (step > 100_000) throw new Error('the background build never ended');
      }
      expect(step).toBeGreaterThan(10);
      await tick();
      expect(order(ix)).toEqual(order(replayed(spec, docs)));
      expectRanksFollowOrder(ix);
      // Writes after it keep the order right.
      for (let i = 0; i < 200; i++) put(`z${i}`, { _id: `z${i}`, name: nameOf(7000 + i) });
      expect(order(ix)).toEqual(order(replayed(spec, docs)));
      expectRanksFollowOrder(ix);
    });
  }

  it('should be finished at once, what the slices did kept, when a read needs the order', async () => {
    const spec = SPECS[0];
    const ix = new IndexStore(spec);
    const docs = new Map<string, Doc>();
    for (let i = 0; i < 3000; i++) {
      const doc = { _id: `d${i}`, name: nameOf(i) };
      ix.add(`d${i}`, ix.keysFor(doc));
      docs.set(`d${i}`, doc);
    }
    ix.buildOrderInBackground(0);
    await tick();
    await tick();
    expect(ix.orderReady).toBe(false);
    const now = order(ix); // builds it at once
    expect(ix.orderReady).toBe(true);
    for (let i = 0; i < 50; i++) {
      const doc = { _id: `x${i}`, name: nameOf(9000 + i) };
      ix.add(`x${i}`, ix.keysFor(doc));
      docs.set(`x${i}`, doc);
      await tick();
    }
    expect(now.length).toBeGreaterThan(100);
    expect(order(ix)).toEqual(order(replayed(spec, docs)));
  });

  it('should give back the value each key was first added with, most of them read from the key itself', () => {
    const first = new ObjectId('650000000000000000000001');
    const at = new Date(Date.UTC(2026, 11, 3));
    const numbers = [null, -2.5, 7, Long.fromNumber(8)];
    const after = ['哈尔滨', first, true, at];
    for (const spec of [SPECS[1], SPECS[2]]) {
      const ix = new IndexStore({ ...spec, key: { v: 1 } });
      const added = [
        ...numbers,
        '',
        'Ann',
        'bob',
        ...after,
        'ANN',
        'BOB',
        new Date(at),
        new ObjectId(first.toHexString()),
      ];
      added.forEach((v, i) => ix.add(`d${i}`, ix.keysFor({ v })));
      const folds = spec.collation !== undefined;
      // BSON order; under en2 'ANN' and 'BOB' are the keys of 'Ann' and 'bob', which came first.
      const strings = folds ? ['', 'Ann', 'bob'] : ['', 'ANN', 'Ann', 'BOB', 'bob'];
      expect([...ix.range(null, null)].map(([v]) => v)).toEqual([...numbers, ...strings, ...after]);
      // Kept beside the key: null, the numbers (their type), true, and 'Ann' when the collation folds it.
      const kept = (ix as unknown as { firstValues: { size: number } }).firstValues.size;
      expect(kept).toBe(folds ? 6 : 5);
    }
  });
});
