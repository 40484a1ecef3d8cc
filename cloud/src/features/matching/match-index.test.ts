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
