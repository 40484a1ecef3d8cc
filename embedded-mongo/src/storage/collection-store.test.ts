import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionStore } from './collection-store';
import { parseCollation } from '../query/collation';
import { hashKey, sortDocuments, type SortSpec } from '../query/bson-order';
import { silentLogger } from '../logger';
import { isIndexReady } from './index-builder';
import { StorageEngine } from './storage-engine';

function store(): CollectionStore {
  const coll = new CollectionStore('db', 'c');
  coll.addIndex({ key: { n: 1 }, name: 'n_1' });
  coll.addIndex({ key: { tag: 1 }, name: 'tag_1' });
  coll.addIndex({ key: { name: 1 }, name: 'name_1', collation: { locale: 'en', strength: 2 } });
  for (let i = 0; i < 1000; i++) {
    coll.insert({ _id: i, n: i, tag: `t${i % 100}`, name: i % 2 ? 'Ann' : 'ann', other: i % 7 });
  }
  return coll;
}

describe('CollectionStore planner', () => {
  it('should take only the documents inside a range from the index when the field is indexed', () => {
    const coll = store();
    expect([...coll.candidates({ n: { $gte: 10, $lt: 20 } })]).toHaveLength(10);
    expect([...coll.candidates({ n: { $gt: 990 } })]).toHaveLength(9);
    expect([...coll.candidates({ n: { $lte: 4 } })]).toHaveLength(5);
    // An unindexed range scans.
    expect([...coll.candidates({ other: { $gt: 5 } })]).toHaveLength(1000);
  });

  it('should union the branches of an $or when every branch is indexed', () => {
    const coll = store();
    expect([...coll.candidates({ $or: [{ n: { $lt: 5 } }, { tag: 't50' }] })]).toHaveLength(15);
    expect([...coll.candidates({ $or: [{ n: { $lt: 5 } }, { other: 3 }] })]).toHaveLength(1000);
  });

  it('should check only the named documents when a name is looked up as a unique key or an alias', () => {
    // cloud's uniqueness check for organizations: { $or: [{ nameKey }, { aliasKeys: nameKey }] }.
    const coll = new CollectionStore('db', 'orgs');
    coll.addIndex({ key: { nameKey: 1 }, name: 'nameKey_1', unique: true });
    coll.addIndex({ key: { aliasKeys: 1 }, name: 'aliasKeys_1' });
    for (let i = 0; i < 1000; i++)
      coll.insert({ _id: i, nameKey: `org${i}`, aliasKeys: i === 7 ? ['hit'] : [] });
    coll.insert({ _id: 1000, nameKey: 'hit', aliasKeys: [] });
    let checked = 0;
    const filter = { $or: [{ nameKey: 'hit' }, { aliasKeys: 'hit' }] };
    const out = coll.select(filter, () => (checked++, true), { order: 'natural', stopAt: Infinity });
    expect(out.map((d) => d._id)).toEqual([7, 1000]);
    expect(checked).toBe(2);
  });

  it('should walk the index in order and stop at the limit when sorting by an indexed field', () => {
    const coll = store();
    const sort = coll.sortIndex({ n: -1 }, null);
    expect(sort?.index.spec.name).toBe('n_1');
    let checked = 0;
    const out = coll.selectSorted(undefined, () => (checked++, true), sort!, 3, null);
    expect(out?.map((d) => d._id)).toEqual([999, 998, 997]);
    expect(checked).toBe(3);
  });

  it('should check each candidate once and none twice when the rest of the filter rejects them all', () => {
    // A search's second tier ("in the text but not in the name") for a word found only in names:
    // every candidate of the gram index fails the predicate. Read by rank, each of the 2,000
    // candidates is checked once (the walk along the sort index used to visit half the index
    // before giving up and leaving the caller to collect and check them all again).
    const coll = new CollectionStore('db', 'orgs');
    coll.addIndex({ key: { n: 1 }, name: 'n_1' });
    coll.addIndex({ key: { half: 1 }, name: 'half_1' });
    for (let i = 0; i < 4000; i++) coll.insert({ _id: i, n: 4000 - i, half: i % 2, other: i % 7 });
    const sort = coll.sortIndex({ n: 1 }, null)!;
    let checked = 0;
    const none = coll.selectSorted({ half: 1, other: -1 }, () => (checked++, false), sort, 21, null);
    expect(none).toEqual([]);
    expect(checked).toBe(2000);
    // Candidates that do match: the first page in index order, each checked once.
    checked = 0;
    const page = coll.selectSorted({ half: 1 }, () => (checked++, true), sort, 3, null);
    expect(page?.map((d) => d.n)).toEqual([1, 3, 5]);
    expect(checked).toBe(3);
  });

  it('should check only the first page when the matches cluster far along the sort order', () => {
    // Organization names in pinyin order start with their city: every 哈尔滨 name comes after the
    // names of four other cities. Ordered by rank, the candidates of the filter are the only
    // documents looked at, wherever they sit along the index.
    const coll = new CollectionStore('db', 'orgs');
    coll.addIndex({ key: { n: 1 }, name: 'n_1' });
    coll.addIndex({ key: { city: 1 }, name: 'city_1' });
    for (let i = 0; i < 4000; i++) coll.insert({ _id: i, n: i, city: i >= 3000 ? 'h' : 'a' });
    const sort = coll.sortIndex({ n: 1 }, null)!;
    let checked = 0;
    const page = coll.selectSorted({ city: 'h' }, () => (checked++, true), sort, 21, null);
    expect(page?.map((d) => d.n)).toEqual(Array.from({ length: 21 }, (_, i) => 3000 + i));
    expect(checked).toBe(21);
    // Descending: the far end first.
    const down = coll.selectSorted({ city: 'h' }, () => true, coll.sortIndex({ n: -1 }, null)!, 3, null);
    expect(down?.map((d) => d.n)).toEqual([3999, 3998, 3997]);
  });

  it('should walk a dense search in index order by ordinal, without looking up an id key, when every set is a posting list', () => {
    // A common word's first page: most documents hold both grams, so the read walks the sort
    // index and tests each key's documents against the gram postings. Names tie in fours (each
    // group in insertion order) and the sort index is walked from both ends.
    const coll = new CollectionStore('db', 'orgs');
    coll.addIndex({ key: { n: 1 }, name: 'n_1' });
    coll.addIndex({ key: { g: 1 }, name: 'g_1' });
    const docs = Array.from({ length: 4000 }, (_, i) => ({
      _id: i,
      n: (i * 7) % 1000,
      g: [i % 10 === 0 ? 'x' : 'a', i % 10 === 1 ? 'y' : 'b'],
    }));
    for (const d of docs) coll.insert(d);
    const filter = { g: { $all: ['a', 'b'] } };
    const matches = (d: { g: string[] }) => d.g.includes('a') && d.g.includes('b');
    const lookUp = jest.spyOn(coll.docOrdinals, 'get');
    for (const dir of [1, -1] as const) {
      let checked = 0;
      const sort = coll.sortIndex({ n: dir }, null)!;
      const page = coll.selectSorted(filter, (d) => (checked++, matches(d as never)), sort, 21, null);
      const expected = sortDocuments(docs.filter(matches), { n: dir }).slice(0, 21);
      // The last name's group is completed: up to three more than the page.
      expect(page?.slice(0, 21).map((d) => d._id)).toEqual(expected.map((d) => d._id));
      expect(checked).toBe(page?.length);
      expect(checked).toBeLessThan(25);
    }
    expect(lookUp).not.toHaveBeenCalled();
  });

  it('should walk by ordinal with a set that is not a posting list, and a multikey sort index, as a full sort would', () => {
    const coll = new CollectionStore('db', 'orgs');
    coll.addIndex({ key: { tags: 1 }, name: 'tags_1' });
    coll.addIndex({ key: { g: 1 }, name: 'g_1' });
    const docs = Array.from({ length: 3000 }, (_, i) => ({
      _id: i,
      tags: [`t${(i * 13) % 500}`, `t${(i * 7) % 300}`],
      g: i % 10 === 0 ? 'x' : 'a',
    }));
    for (const d of docs) coll.insert(d);
    const ids = docs.filter((d) => d._id % 3 !== 0).map((d) => d._id);
    const filter = { g: 'a', _id: { $in: ids } };
    const matches = (d: { _id: number; g: string }) => d.g === 'a' && d._id % 3 !== 0;
    for (const dir of [1, -1] as const) {
      const sort = coll.sortIndex({ tags: dir }, null)!;
      const page = coll.selectSorted(filter, (d) => matches(d as never), sort, 30, null);
      // mongod's array sort key: a document sorts at its smallest (largest descending) tag, once.
      const expected = sortDocuments(docs.filter(matches), { tags: dir });
      expect(page?.slice(0, 30).map((d) => d._id)).toEqual(expected.slice(0, 30).map((d) => d._id));
      expect(new Set(page?.map((d) => d._id)).size).toBe(page?.length);
    }
  });

  it('should use a collation index only for string clauses of the same collation', () => {
    const coll = store();
    const en2 = parseCollation({ locale: 'en', strength: 2 });
    expect(coll.sortIndex({ name: 1 }, null)).toBeNull();
    expect(coll.sortIndex({ name: 1 }, en2)?.index.spec.name).toBe('name_1');
    const hits = coll.select({ name: 'ANN' }, () => true, {
      order: 'natural',
      stopAt: Infinity,
      collation: en2,
    });
    expect(hits).toHaveLength(1000);
  });
});

describe('CollectionStore equality-prefix sort', () => {
  /** A board: 3,000 cards in 6 columns, 30 owners, multikey years, 50 distinct dates (ties). */
  function board(): CollectionStore {
    const coll = new CollectionStore('db', 'intents');
    coll.addIndex({ key: { column: 1, at: 1, _id: 1 }, name: 'column_at' });
    coll.addIndex({ key: { years: 1, column: 1, at: 1, _id: 1 }, name: 'years_column_at' });
    coll.addIndex({ key: { owner: 1 }, name: 'owner_1' });
    coll.addIndex({ key: { code: 1 }, name: 'code_1', unique: true });
    coll.addIndex({ key: { column: 1, tags: 1 }, name: 'column_tags' });
    for (let i = 0; i < 3000; i++) {
      coll.insert({
        _id: i,
        column: `c${i % 6}`,
        at: new Date(Date.UTC(2025, 0, 1 + ((i * 7) % 50))),
        years: i % 2 ? [2024, 2025] : [2025],
        owner: `o${i % 30}`,
        code: `k${i}`,
        tags: [`t${i % 5}`, `t${(i + 2) % 5}`],
      });
    }
    return coll;
  }

  /** What collect-and-sort gives: every match in natural order, stably sorted. */
  function expected(coll: CollectionStore, pred: (d: Record<string, unknown>) => boolean, sort: SortSpec) {
    return sortDocuments([...coll.docs.values()].filter(pred), sort);
  }

  const inColumns = (d: Record<string, unknown>) => d.column === 'c1' || d.column === 'c2';

  it('should read a $in prefix in sort order and check only the cards shown when the filter fixes the leading fields', () => {
    const coll = board();
    const sort = { at: 1, _id: 1 };
    let checked = 0;
    const filter = { $and: [{}, { column: { $in: ['c1', 'c2'] } }] };
    const out = coll.selectByPrefix(filter, (d) => (checked++, inColumns(d)), sort, 21, null);
    expect(out?.slice(0, 21)).toEqual(expected(coll, inColumns, sort).slice(0, 21));
    expect(checked).toBeLessThanOrEqual(25);
  });

  it('should take a document under two values of a multikey prefix once when the prefix is a $in', () => {
    const coll = board();
    const sort = { at: -1, _id: -1 };
    const pred = (d: Record<string, unknown>) =>
      d.column === 'c3' && (d.years as number[]).some((y) => y >= 2024);
    const out = coll.selectByPrefix({ years: { $in: [2024, 2025] }, column: 'c3' }, pred, sort, 40, null);
    expect(out?.slice(0, 40)).toEqual(expected(coll, pred, sort).slice(0, 40));
  });

  it('should sort ties on the index fields by the rest of the sort spec when the index ends early', () => {
    const coll = board();
    const sort = { at: 1, owner: -1 };
    const pred = (d: Record<string, unknown>) => d.column === 'c4';
    const out = coll.selectByPrefix({ column: 'c4' }, pred, sort, 30, null);
    expect(out).not.toBeNull();
    expect(out!.slice(0, 30)).toEqual(expected(coll, pred, sort).slice(0, 30));
  });

  it('should leave the read to the other plans when the sort field is multikey, a unique key names the document or there is no limit', () => {
    const coll = board();
    expect(coll.selectByPrefix({ column: 'c1' }, () => true, { tags: 1 }, 10, null)).toBeNull();
    expect(coll.selectByPrefix({ column: 'c1', code: 'k1' }, () => true, { at: 1 }, 10, null)).toBeNull();
    expect(coll.selectByPrefix({ column: 'c1' }, () => true, { at: 1 }, Infinity, null)).toBeNull();
    // The owner's 100 cards are fewer to sort than the column's entries to walk past to find 10.
    expect(coll.selectByPrefix({ column: 'c1', owner: 'o7' }, () => true, { at: 1 }, 50, null)).toBeNull();
  });

  it('should start at a range on the first sort field and keep the index order after writes', () => {
    const coll = board();
    const sort = { at: 1, _id: 1 };
    const from = new Date(Date.UTC(2025, 0, 30));
    // Read once so the ordered keys exist, then write: the writes must keep them right.
    expect(coll.selectByPrefix({ column: 'c1' }, () => true, sort, 1, null)).toHaveLength(1);
    coll.replace(hashKey(0), { ...coll.get(hashKey(0))!, column: 'c1', at: from });
    coll.remove(hashKey(1));
    coll.insert({ _id: 'new', column: 'c2', at: from, years: [2026], owner: 'o1', code: 'new', tags: [] });
    let checked = 0;
    const pred = (d: Record<string, unknown>) => inColumns(d) && (d.at as Date) >= from;
    const filter = { column: { $in: ['c1', 'c2'] }, at: { $gte: from } };
    const out = coll.selectByPrefix(filter, (d) => (checked++, pred(d)), sort, 10, null);
    expect(out?.slice(0, 10)).toEqual(expected(coll, pred, sort).slice(0, 10));
    expect(checked).toBeLessThanOrEqual(60); // ties on the first date are read whole
  });
});

describe('CollectionStore compound index ending in _id', () => {
  /** 1,000 documents under `{ tag: 1, _id: 1 }` (no full-key map) beside a unique compound index. */
  function tagged(): CollectionStore {
    const coll = new CollectionStore('db', 'c');
    coll.addIndex({ key: { tag: 1, _id: 1 }, name: 'tag_1__id_1' });
    coll.addIndex({ key: { tag: 1, n: 1 }, name: 'tag_1_n_1' });
    coll.addIndex({ key: { code: 1, _id: 1 }, name: 'code_1__id_1', unique: true });
    for (let i = 0; i < 1000; i++) coll.insert({ _id: i, n: i, tag: `t${i % 10}`, code: `k${i}` });
    return coll;
  }
  const fullKeys = (coll: CollectionStore, name: string): number =>
    (coll.indexes.get(name) as unknown as { entries: { size: number } }).entries.size;

  it('should keep no full key per document unless the index is unique', () => {
    const coll = tagged();
    expect(coll.indexes.get('tag_1__id_1')!.keyedById).toBe(true);
    expect(fullKeys(coll, 'tag_1__id_1')).toBe(0);
    // A unique one keeps its keys: under a collation two string _ids can fold into one.
    expect(coll.indexes.get('code_1__id_1')!.keyedById).toBe(false);
    expect(fullKeys(coll, 'code_1__id_1')).toBe(1000);
    expect(fullKeys(coll, 'tag_1_n_1')).toBe(1000);
  });

  it('should answer an equality on every field through _id', () => {
    const coll = tagged();
    const ids = (filter: Record<string, unknown>) => [...coll.candidates(filter)].map((d) => d._id);
    expect(ids({ tag: 't5', _id: { $in: [5, 15, 6, 2000] } })).toEqual([5, 15]);
    expect(ids({ tag: 't5', _id: 15 })).toEqual([15]);
    expect(ids({ tag: 't5', n: 25 })).toEqual([25]);
  });

  it('should walk an equality prefix in order after inserts, moves and removals, a key for each document', () => {
    const coll = tagged();
    const walk = (tag: string, dir: 1 | -1) =>
      coll.selectByPrefix({ tag }, (d) => d.tag === tag, { _id: dir }, 1000, null)?.map((d) => d._id);
    const inTag = (tag: string) =>
      [...coll.docs.values()].filter((d) => d.tag === tag).map((d) => d._id as number);
    expect(walk('t3', 1)).toEqual(inTag('t3'));
    coll.remove(hashKey(13));
    coll.replace(hashKey(14), { _id: 14, n: 14, tag: 't3', code: 'k14' });
    coll.insert({ _id: -1, n: -1, tag: 't3', code: 'k-1' });
    coll.insert({ _id: 5000, n: 5000, tag: 't3', code: 'k5000' });
    const expected = inTag('t3').sort((a, b) => a - b);
    expect(expected).toContain(14);
    expect(expected).not.toContain(13);
    expect(walk('t3', 1)).toEqual(expected);
    expect(walk('t3', -1)).toEqual([...expected].reverse());
    expect(walk('t4', 1)).toEqual(inTag('t4').filter((id) => id !== 14));
  });
});

describe('CollectionStore planner after a restart', () => {
  it('should read a light index still being built by finishing it, and scan past a heavy one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-planner-restart-'));
    try {
      const doc = (i: number) => ({
        _id: i,
        kind: `k${i % 3}`,
        words: Array.from({ length: 8 }, (_, j) => `w${(i + j * 7) % 60}`),
      });
      const first = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
      const c = first.ensureCollection('app', 'orgs');
      first.createIndex(c, { key: { kind: 1 }, name: 'kind_1' });
      first.createIndex(c, { key: { words: 1 }, name: 'words_1' });
      for (let i = 0; i < 600; i++) first.insert(c, doc(i));
      await first.flush();
      await first.close();

      const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 10 });
      const coll = engine.getCollection('app', 'orgs')!;
      const kind = coll.indexes.get('kind_1')!;
      const words = coll.indexes.get('words_1')!;
      expect(isIndexReady(kind)).toBe(false);
      let checked = 0;
      const k1 = coll.select({ kind: 'k1' }, (d) => (checked++, d.kind === 'k1'), {
        order: 'natural',
        stopAt: Infinity,
      });
      // The index was finished for the read: only its 200 candidates were checked.
      expect(isIndexReady(kind)).toBe(true);
      expect(checked).toBe(200);
      expect(k1.map((d) => d._id)).toEqual(Array.from({ length: 200 }, (_, j) => 3 * j + 1));
      checked = 0;
      const w5 = coll.select({ words: 'w5' }, (d) => (checked++, (d.words as string[]).includes('w5')), {
        order: 'natural',
        stopAt: Infinity,
      });
      // Eight keys a document: left to the background build, the read scanned every document.
      expect(isIndexReady(words)).toBe(false);
      expect(checked).toBe(600);
      expect(w5.map((d) => d._id)).toEqual(
        Array.from({ length: 600 }, (_, i) => i).filter((i) => (doc(i).words as string[]).includes('w5')),
      );
      await engine.indexesBuilt();
      await engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
