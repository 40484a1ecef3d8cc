import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadEvaluationSet } from './evaluation';
import { MatchIndex } from './match-index';
import { createAnalyzer } from './matching-text';
import { SEED_SYNONYM_GROUPS } from './synonym.seed';

/**
 * The index stops walking posting lists once no unseen listing can reach the candidates; that
 * must never change what is found. Compared with the same search given a candidate pool larger
 * than the library, where nothing can be pruned.
 */
describe('MatchIndex.search', () => {
  const { achievements, demands } = loadEvaluationSet();
  const index = new MatchIndex(createAnalyzer(SEED_SYNONYM_GROUPS));
  // 1,500 listings recombined from the set's sentences: every term has many postings.
  const sentences = achievements.flatMap((a) => a.summary.split(/[，。；]/).filter((s) => s.length > 4));
  for (let i = 0; i < 1500; i++) {
    const base = achievements[i % achievements.length];
    index.upsert({
      id: String(i),
      title: `${base.title} ${base.keywords.join(' ')}`,
      text: [
        sentences[(i * 7) % sentences.length],
        sentences[(i * 13) % sentences.length],
        base.summary.slice(0, 60),
      ].join('，'),
      fields: base.fields,
    });
    // Replaced and removed listings leave dead postings the search must skip.
    if (i % 10 === 9) index.remove(String(i - 5));
  }

  it('should find the same best listings with early termination as when scoring every posting', () => {
    for (const demand of demands.slice(0, 12)) {
      const query = index.queryTerms(demand.title, demand.description);
      const expansion = index.expand(query);
      const pruned = index.search(query, expansion, { limit: 10 });
      const full = index.search(query, expansion, { limit: index.size });
      expect(pruned.map((s) => s.coverage.toFixed(9))).toEqual(
        full.slice(0, 10).map((s) => s.coverage.toFixed(9)),
      );
      expect(pruned.length).toBe(10);
    }
  });

  it('should skip removed listings when their postings are still in the lists', () => {
    const query = index.queryTerms(achievements[4].title, achievements[4].summary);
    const found = index.search(query, [], { limit: index.size }).map((s) => s.doc.id);
    expect(found).not.toContain('4');
    expect(found).toContain('109');
  });
});

/**
 * Documents' terms live in one shared pool and postings in growable typed arrays (#19): an index
 * that saw replacements and removals past every initial capacity must answer exactly as one built
 * from the surviving documents alone (same documents, scores, matched terms, expansions and
 * document frequencies).
 */
describe('MatchIndex after replacements and removals', () => {
  const { achievements, demands } = loadEvaluationSet();
  const analyzer = createAnalyzer(SEED_SYNONYM_GROUPS);
  const listing = (i: number, version: number) => {
    const base = achievements[(i + version * 17) % achievements.length];
    return {
      id: `a${i}`,
      title: `${base.title} ${base.keywords.join(' ')}`,
      text: base.summary.slice(0, 80 + ((i * 7) % 60)),
      fields: base.fields,
    };
  };
  const churned = new MatchIndex(analyzer);
  const survivors = new Map<string, ReturnType<typeof listing>>();
  for (let i = 0; i < 2600; i++) {
    churned.upsert(listing(i, 0));
    survivors.set(`a${i}`, listing(i, 0));
  }
  for (let i = 0; i < 2600; i += 3) {
    churned.upsert(listing(i, 1));
    survivors.set(`a${i}`, listing(i, 1));
  }
  for (let i = 1; i < 2600; i += 5) {
    churned.remove(`a${i}`);
    survivors.delete(`a${i}`);
  }
  const fresh = new MatchIndex(analyzer);
  for (const doc of survivors.values()) fresh.upsert(doc);

  it('should answer as an index built from the surviving documents', () => {
    expect(churned.size).toBe(fresh.size);
    expect(churned.garbageRatio).toBeGreaterThan(0.3);
    for (const demand of demands.slice(0, 15)) {
      const query = churned.queryTerms(demand.title, demand.description);
      expect(query).toEqual(fresh.queryTerms(demand.title, demand.description));
      const expansion = churned.expand(query);
      expect(expansion).toEqual(fresh.expand(query));
      // Every listing found, ties in id order: equal scores keep slot order, which churn changes.
      const describe = (found: ReturnType<MatchIndex['search']>) =>
        found
          .map((s) => ({
            id: s.doc.id,
            fields: s.doc.fields,
            coverage: s.coverage.toFixed(9),
            matched: s.matched.map((m) => m.term).sort(),
          }))
          .sort((x, y) => y.coverage.localeCompare(x.coverage) || x.id.localeCompare(y.id));
      const a = describe(churned.search(query, expansion, { limit: churned.size }));
      expect(a.length).toBeGreaterThan(30);
      expect(a).toEqual(describe(fresh.search(query, expansion, { limit: fresh.size })));
    }
    expect(churned.get('a1')).toBeUndefined();
    expect(churned.get('a3')).toEqual(fresh.get('a3'));
  });
});

describe('MatchIndex.trimToSize', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const arrayBytes = () => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().arrayBuffers;
  };
  const { achievements, demands } = loadEvaluationSet();
  const analyzer = createAnalyzer(SEED_SYNONYM_GROUPS);
  const listing = (i: number) => {
    const base = achievements[i % achievements.length];
    return {
      id: `a${i}`,
      title: `${base.title} ${base.keywords.join(' ')}`,
      text: base.summary.slice((i * 3) % 20, 80 + ((i * 7) % 60)),
      fields: base.fields,
    };
  };
  const build = (n: number) => {
    const index = new MatchIndex(analyzer);
    for (let i = 0; i < n; i++) index.upsert(listing(i));
    return index;
  };

  it('should give back the arrays room unused when a built index is trimmed', () => {
    const index = build(30_000);
    const before = arrayBytes();
    index.trimToSize();
    const freed = before - arrayBytes();
    // Growing by half leaves a sixth of the postings and term lists unused on average.
    expect(freed).toBeGreaterThan(500_000);
  });

  it('should answer as an untrimmed index when a trimmed one takes more documents', () => {
    const trimmed = build(3_000);
    trimmed.trimToSize();
    const untrimmed = build(3_000);
    for (const index of [trimmed, untrimmed]) {
      for (let i = 3_000; i < 3_500; i++) index.upsert(listing(i));
      for (let i = 0; i < 3_500; i += 7) index.remove(`a${i}`);
    }
    for (const demand of demands.slice(0, 10)) {
      const query = trimmed.queryTerms(demand.title, demand.description);
      const expansion = trimmed.expand(query);
      const ids = (index: MatchIndex) =>
        index.search(query, expansion, { limit: 50 }).map((s) => [s.doc.id, s.coverage.toFixed(9)]);
      expect(ids(trimmed).length).toBeGreaterThan(10);
      expect(ids(trimmed)).toEqual(ids(untrimmed));
    }
  });
});

/**
 * A build adds documents in id order (#19): those are found by binary search instead of a Map of
 * every id, and only documents added out of order (edits, replacements) go into the Map.
 */
describe('MatchIndex ids', () => {
  const { achievements, demands } = loadEvaluationSet();
  const analyzer = createAnalyzer(SEED_SYNONYM_GROUPS);
  const listing = (i: number, version = 0) => {
    const base = achievements[(i + version * 11) % achievements.length];
    return {
      id: `p${String(i).padStart(5, '0')}`,
      title: base.title,
      text: base.summary.slice(0, 60 + ((i * 7) % 40)),
      fields: base.fields,
      orgId: `o${i % 40}`,
      stamp: i * 10 + version,
    };
  };

  it('should find documents added in id order and after it, through replacements and removals', () => {
    const index = new MatchIndex(analyzer);
    const survivors = new Map<string, ReturnType<typeof listing>>();
    const put = (doc: ReturnType<typeof listing>) => {
      index.upsert(doc);
      survivors.set(doc.id, doc);
    };
    for (let i = 0; i < 2000; i += 2) put(listing(i));
    for (let i = 0; i < 2000; i += 6) put(listing(i, 1));
    for (let i = 1; i < 2000; i += 10) put(listing(i));
    for (let i = 0; i < 2000; i += 14) {
      index.remove(listing(i).id);
      survivors.delete(listing(i).id);
    }
    put(listing(2400));
    const fresh = new MatchIndex(analyzer);
    for (const doc of [...survivors.values()].reverse()) fresh.upsert(doc);

    expect(index.size).toBe(survivors.size);
    for (let i = 0; i < 2500; i++) {
      const id = listing(i).id;
      expect(index.has(id)).toBe(survivors.has(id));
      expect(index.get(id)).toEqual(fresh.get(id));
    }
    expect(index.get('p00006')?.stamp).toBe(61);
    for (const demand of demands.slice(0, 8)) {
      const query = index.queryTerms(demand.title, demand.description);
      const found = (i: MatchIndex) =>
        i
          .search(query, [], { limit: i.size })
          .map((s) => `${s.doc.id} ${s.coverage.toFixed(9)}`)
          .sort();
      expect(found(index).length).toBeGreaterThan(10);
      expect(found(index)).toEqual(found(fresh));
    }
  });

  it('should keep the stage a listing asks for instead of its text', () => {
    const index = new MatchIndex(analyzer);
    index.upsert({ id: 'd1', title: '铝合金焊接', text: '希望尽快实现量产', fields: [], orgId: 'o1' });
    index.upsert({ id: 'd2', title: '铝合金焊接', text: '中试验证', fields: [], orgId: 'o1' });
    expect(index.get('d1')).toMatchObject({ id: 'd1', orgId: 'o1', requires: 'small_batch' });
    expect(index.get('d2')?.requires).toBe('pilot');
    expect(index.get('d1')).not.toHaveProperty('title');
    expect(index.get('d1')).not.toHaveProperty('text');
  });

  it('should hold an expert in under 150 bytes of heap besides its terms', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    const n = 30_000;
    // Ids and owners as the catalog makes them: 24 characters, 3 experts an organization.
    const hex = (i: number) => (0x10000000 + i).toString(16).padStart(24, '0');
    const owners = Array.from({ length: n / 3 }, (_, i) => hex(n + i));
    const index = new MatchIndex(analyzer);
    const before = heap();
    for (let i = 0; i < n; i++) {
      const id = hex(i);
      index.upsert({
        id,
        title: '铝合金 焊接',
        text: '教授',
        fields: [],
        orgId: owners[i % owners.length],
        stamp: i,
      });
    }
    index.trimToSize();
    // 273 B an expert before the columns (one object, its texts and a Map entry each).
    expect((heap() - before) / n).toBeLessThan(150);
    expect(index.size).toBe(n);
  });
});
