import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashKey } from '../query/bson-order';
import { silentLogger } from '../logger';
import type { CollectionStore } from './collection-store';
import { BackgroundSlices, isIndexReady, readyForRead } from './index-builder';
import { IndexStore } from './index-store';
import { BACKGROUND_SLICE_MS, StorageEngine } from './storage-engine';

type Doc = Record<string, unknown>;

const GRAMS = ['铝', '铝合', '合金', '钛', '焊接', '新材', '材料'];

function org(n: number, version = 0): Doc {
  return {
    _id: n,
    nameKey: `org${n}`,
    kind: ['enterprise', 'university', 'institute'][n % 3],
    grams: [GRAMS[n % 7], GRAMS[(n * 3 + version) % 7], `n${n % 13}`],
    city: { name: `c${n % 5}` },
    // Many keys per document, as a search's gram index has: a heavy index.
    words: Array.from({ length: 8 }, (_, i) => `w${(n + i * 7 + version) % 60}`),
  };
}

const SPECS = [
  { key: { nameKey: 1 }, name: 'nameKey_1', unique: true },
  { key: { words: 1 }, name: 'words_1' },
  { key: { grams: 1 }, name: 'grams_1' },
  { key: { kind: 1, _id: -1 }, name: 'kind_1__id_-1' },
  { key: { 'city.name': 1 }, name: 'city.name_1', collation: { locale: 'zh', strength: 2 } },
];

/** The ids each of these values' postings hold, sorted, for comparing two indexes of one spec. */
function postingsOf(ix: IndexStore, values: unknown[]): string[][] {
  return values.map((v) => [...(ix.postings(v) ?? [])].sort());
}

/** An index of the same spec built from scratch over the collection's current documents. */
function rebuilt(coll: CollectionStore, ix: IndexStore): IndexStore {
  const fresh = new IndexStore(ix.spec);
  for (const [idKey, doc] of coll.docs) fresh.add(idKey, fresh.keysFor(doc));
  return fresh;
}

/**
 * The documents under the compound index's full key for this id (its kind, the id), read from its
 * ordered full keys: the index is keyed by _id, so it keeps no full-key map to look them up in.
 */
function holders(coll: CollectionStore, ix: IndexStore, id: number): string[] {
  const values = [['enterprise', 'university', 'institute'][id % 3], id];
  return [...ix.compoundOrder(coll.docs)!.scan(values, null, false)].flatMap(([, ids]) => [...ids]);
}

function expectSameAsRebuilt(coll: CollectionStore): void {
  const probes: Record<string, unknown[]> = {
    nameKey_1: ['org1', 'org77', 'org-new', 'missing'],
    grams_1: [...GRAMS, 'n0', 'n12', 'late'],
    'kind_1__id_-1': ['enterprise', 'university', 'institute', 'lab'],
    'city.name_1': ['c0', 'c4', 'moved'],
    words_1: ['w0', 'w7', 'w59', 'late'],
  };
  for (const ix of coll.indexes.values()) {
    expect(isIndexReady(ix)).toBe(true);
    const values = probes[ix.spec.name];
    expect(postingsOf(ix, values)).toEqual(postingsOf(rebuilt(coll, ix), values));
    // The compound index's full keys too: its sorted walks read them.
    if (ix.fields.length > 1) {
      const fresh = rebuilt(coll, ix);
      for (const id of [3, 4, 5, 2000]) expect(holders(coll, ix, id)).toEqual(holders(coll, fresh, id));
    }
  }
}

describe('indexes built in the background after a restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'em-ixbuild-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function loaded(docs = 1500): Promise<void> {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const coll = engine.ensureCollection('app', 'orgs');
    for (const spec of SPECS) engine.createIndex(coll, spec);
    for (let n = 0; n < docs; n++) engine.insert(coll, org(n));
    await engine.flush();
    await engine.close();
  }

  it('should answer queries exactly while its indexes are still being built and equal rebuilt ones when done', async () => {
    await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 50 });
    const coll = engine.getCollection('app', 'orgs')!;
    // Unique indexes are built before the first request; the rest are listed but not yet read.
    expect(coll.indexSpecs().map((s) => s.name)).toEqual(['_id_', ...SPECS.map((s) => s.name)]);
    expect(isIndexReady(coll.indexes.get('nameKey_1')!)).toBe(true);
    expect(isIndexReady(coll.indexes.get('grams_1')!)).toBe(false);
    const expected = [...coll.docs.values()].filter((d) => (d.grams as string[]).includes('铝合'));
    expect(
      coll.select({ grams: '铝合' }, (d) => (d.grams as string[]).includes('铝合'), {
        order: 'natural',
        stopAt: Infinity,
      }),
    ).toEqual(expected);
    await engine.indexesBuilt();
    expectSameAsRebuilt(coll);
    expect([...coll.candidates({ grams: '铝合' })]).toHaveLength(expected.length);
    // Built over the documents, the posting lists hold no spare room (one grown by writes does).
    const words = coll.indexes.get('words_1')!;
    expect(words.trimPostings()).toBe(0);
    expect(rebuilt(coll, words).trimPostings()).toBeGreaterThan(100);
    await engine.close();
  });

  it('should let other callbacks run after every couple of milliseconds of building', async () => {
    await loaded(3000);
    // A virtual clock, 0.5 ms later at each reading: the build reads it once per 64 documents.
    let now = 0;
    const clock = jest.spyOn(performance, 'now').mockImplementation(() => (now += 0.5));
    const adds = jest.spyOn(IndexStore.prototype, 'add');
    try {
      const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
      let built = false;
      void engine.indexesBuilt().then(() => (built = true));
      // Another callback, queued again each time it runs: how many documents are indexed between two
      // of its turns is how long a request arriving meanwhile would wait.
      let last = adds.mock.calls.length;
      let most = 0;
      let turns = 0;
      while (!built) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        most = Math.max(most, adds.mock.calls.length - last);
        last = adds.mock.calls.length;
        turns++;
      }
      // A slice ends at the first check past BACKGROUND_SLICE_MS (4 readings of 0.5 ms: 256
      // documents); between two turns of the callback at most two slices run. With 10 ms slices
      // 1,280 documents were indexed per slice.
      expect(BACKGROUND_SLICE_MS).toBe(2);
      expect(most).toBeLessThanOrEqual(2 * 256);
      expect(turns).toBeGreaterThan(4 * 3);
      expectSameAsRebuilt(engine.getCollection('app', 'orgs')!);
      await engine.close();
    } finally {
      clock.mockRestore();
      adds.mockRestore();
    }
  });

  it('should finish a light index at once for a read that wants it, and leave a heavy one to the build', async () => {
    await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 50 });
    const coll = engine.getCollection('app', 'orgs')!;
    const raw = coll.docs.rawCount;
    const kind = coll.indexes.get('kind_1__id_-1')!;
    const words = coll.indexes.get('words_1')!;
    expect(isIndexReady(kind)).toBe(false);
    // One key per document: built now, from the documents' indexed fields, none decoded whole.
    expect(readyForRead(kind)).toBe(true);
    expect(isIndexReady(kind)).toBe(true);
    expect(coll.docs.rawCount).toBe(raw);
    const fresh = rebuilt(coll, kind);
    for (const id of [0, 1, 2, 777, 1499]) {
      expect(holders(coll, kind, id)).toEqual([hashKey(id)]);
      expect(holders(coll, kind, id)).toEqual(holders(coll, fresh, id));
    }
    expect(postingsOf(kind, ['enterprise', 'university'])).toEqual(
      postingsOf(fresh, ['enterprise', 'university']),
    );
    // Eight keys per document: the read scans instead, the build fills it.
    expect(readyForRead(words)).toBe(false);
    expect(isIndexReady(words)).toBe(false);
    // Writes after the read keep the finished index exact while the build goes on.
    engine.replace(coll, hashKey(5), { ...org(5, 1), kind: 'lab' });
    engine.remove(coll, hashKey(6));
    engine.insert(coll, { ...org(3000), nameKey: 'org-late' });
    await engine.indexesBuilt();
    expectSameAsRebuilt(coll);
    await engine.close();
  });

  it('should build the light indexes before the heavy ones', async () => {
    await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 100 });
    const coll = engine.getCollection('app', 'orgs')!;
    const order: string[] = [];
    const pending = new Set([...coll.indexes.values()].filter((ix) => !isIndexReady(ix)));
    expect(pending.size).toBe(4);
    while (pending.size > 0) {
      for (const ix of pending)
        if (isIndexReady(ix)) {
          order.push(ix.spec.name);
          pending.delete(ix);
        }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(order).toEqual(['grams_1', 'kind_1__id_-1', 'city.name_1', 'words_1']);
    await engine.close();
  });

  it('should keep indexes exact when writes land on documents before and after the builder passed them', async () => {
    await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 40 });
    const coll = engine.getCollection('app', 'orgs')!;
    let done = false;
    const build = engine.indexesBuilt().then(() => (done = true));
    let round = 0;
    // Each round touches documents at the start (already indexed by then), the middle and the end
    // (not yet), between the builder's slices.
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const n of [round, 700 + round, 1400 + (round % 100)]) {
        const key = hashKey(n);
        if (!coll.get(key)) continue;
        if (round % 3 === 0) engine.remove(coll, key);
        else engine.replace(coll, key, { ...org(n, round), city: { name: 'moved' }, grams: ['late', '钛'] });
      }
      engine.insert(coll, { ...org(2000 + round), nameKey: `org-new${round}` });
      round++;
    }
    await build;
    expect(round).toBeGreaterThan(5);
    expectSameAsRebuilt(coll);
    // Unique indexes kept checking writes meanwhile.
    expect(() => engine.insert(coll, { _id: 'dup', nameKey: 'org-new0' })).toThrow(/E11000/);
    await engine.close();
  });

  it('should rebuild indexes from the journal replayed after the snapshot, created and dropped ones included', async () => {
    await loaded(600);
    // Writes after the snapshot: only the journal holds them, with an index created and another dropped.
    const second = await StorageEngine.open({ dbPath: dir, logger: silentLogger, shutdownBudgetMs: 0 });
    await second.indexesBuilt();
    const coll = second.getCollection('app', 'orgs')!;
    for (let n = 0; n < 100; n++) second.replace(coll, hashKey(n), { ...org(n, 1), city: { name: 'moved' } });
    for (let n = 100; n < 150; n++) second.remove(coll, hashKey(n));
    second.createIndex(coll, { key: { 'city.name': 1, grams: 1 }, name: 'city_grams' });
    second.dropIndex(coll, 'kind_1__id_-1');
    await second.flush();
    await second.close();

    const third = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    expect(third.recoveryStats.records).toBeGreaterThan(150);
    const reopened = third.getCollection('app', 'orgs')!;
    await third.indexesBuilt();
    expect([...reopened.indexes.keys()]).toEqual([
      'nameKey_1',
      'words_1',
      'grams_1',
      'city.name_1',
      'city_grams',
    ]);
    expect(reopened.docs.size).toBe(550);
    const moved = reopened.indexes.get('city.name_1')!;
    expect(postingsOf(moved, ['moved', 'c0'])).toEqual(postingsOf(rebuilt(reopened, moved), ['moved', 'c0']));
    expect(moved.postings('moved')?.size).toBe(100);
    const compound = reopened.indexes.get('city_grams')!;
    expect(postingsOf(compound, ['moved', 'c1'])).toEqual(
      postingsOf(rebuilt(reopened, compound), ['moved', 'c1']),
    );
    await third.close();
  });

  it('should stop building at shutdown and build again at the next start', async () => {
    await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 10 });
    await new Promise((resolve) => setImmediate(resolve));
    await engine.close();
    await engine.indexesBuilt();
    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    await again.indexesBuilt();
    expectSameAsRebuilt(again.getCollection('app', 'orgs')!);
    await again.close();
  });
  it('should order a collated index in the background once built, with sorted reads as an order built at once', async () => {
    await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 50 });
    await engine.indexesBuilt();
    const coll = engine.getCollection('app', 'orgs')!;
    const ix = coll.indexes.get('city.name_1')!;
    // Not ordered by a read: the background build after the index build does it.
    for (let i = 0; i < 500 && !ix.orderReady; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(ix.orderReady).toBe(true);
    // A collation-less index is left for the first read that needs it.
    expect(coll.indexes.get('kind_1__id_-1')!.orderReady).toBe(false);
    const fresh = rebuilt(coll, ix);
    const walk = (i: IndexStore) => [...i.range(null, null)].map(([key, ids]) => [key, [...ids].sort()]);
    expect(walk(ix)).toEqual(walk(fresh));
    await engine.close();
  });
});

describe('BackgroundSlices', () => {
  it('should give short slices after a yield that let something else run, long ones after an idle yield', async () => {
    // A virtual clock, 1/16 ms later at each reading; a callback queued beside a yield moves it 1 ms.
    let now = 0;
    const clock = jest.spyOn(performance, 'now').mockImplementation(() => (now += 0.0625));
    const readingsTillDue = (slices: BackgroundSlices): number => {
      let n = 1;
      while (!slices.due()) n++;
      return n;
    };
    try {
      const slices = new BackgroundSlices(2, 10);
      await slices.yield(); // nothing else queued: idle
      expect(readingsTillDue(slices)).toBe(10 / 0.0625);
      setImmediate(() => (now += 1)); // a request's callback runs during the next yield
      await slices.yield();
      expect(readingsTillDue(slices)).toBe(2 / 0.0625);
      await slices.yield(); // idle again
      expect(readingsTillDue(slices)).toBe(10 / 0.0625);
      expect(readingsTillDue(new BackgroundSlices(2))).toBe(2 / 0.0625);
    } finally {
      clock.mockRestore();
    }
  });
});
