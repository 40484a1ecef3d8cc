import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Maturity } from '@alliance-hub/types';
import { MatchIndex } from './match-index';
import { rankMatches } from './match-scoring';
import { createAnalyzer, type Analyzer } from './matching-text';
import { SEED_SYNONYM_GROUPS } from './synonym.seed';

/**
 * The labelled evaluation set (cloud/test/fixtures/matching) and its metrics, shared by the
 * quality test and `npm run bench:matching`. Graded answers: 3 = the answer, 2 = good, 1 = related.
 */

export type EvalAchievement = {
  id: string;
  title: string;
  summary: string;
  fields: string[];
  maturity: Maturity;
  keywords: string[];
};
export type EvalDemand = {
  id: string;
  kind: string;
  title: string;
  description: string;
  fields: string[];
  answers: Record<string, number>;
};

const FIXTURES = path.join(__dirname, '../../../test/fixtures/matching');

export function loadEvaluationSet(): { achievements: EvalAchievement[]; demands: EvalDemand[] } {
  const read = <T>(name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
  return { achievements: read('achievements.json'), demands: read('demands.json') };
}

/** A ranker under evaluation: demand → achievement ids best first, and whether the top is strong. */
export type EvalRanker = (demand: EvalDemand) => Array<{ id: string; strong: boolean }>;

export type EvalMetrics = {
  demands: number;
  answerable: number;
  precisionAt3: number;
  ndcgAt5: number;
  top1: number;
  /** Share of no-answer demands whose top result is strong. */
  noAnswerStrong: number;
  /** Share of answerable demands whose first correct answer is strong. */
  answerStrong: number;
};

const dcg = (gains: number[]) => gains.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

export function evaluate(demands: EvalDemand[], ranker: EvalRanker): EvalMetrics {
  let p3 = 0;
  let ndcg = 0;
  let top1 = 0;
  let noAnswer = 0;
  let noAnswerStrong = 0;
  let answerStrong = 0;
  let answerable = 0;
  for (const demand of demands) {
    const ranked = ranker(demand);
    const grades = Object.values(demand.answers);
    if (grades.length === 0) {
      noAnswer++;
      if (ranked[0]?.strong) noAnswerStrong++;
      continue;
    }
    answerable++;
    const gains = ranked.slice(0, 5).map((r) => demand.answers[r.id] ?? 0);
    const ideal = dcg([...grades].sort((a, b) => b - a).slice(0, 5));
    ndcg += dcg(gains) / ideal;
    // P@3 against what can be found: a demand with one answer scores 1 when it is in the top 3.
    const relevantTop3 = ranked.slice(0, 3).filter((r) => (demand.answers[r.id] ?? 0) > 0).length;
    p3 += relevantTop3 / Math.min(3, grades.length);
    const best = Math.max(...grades);
    if (ranked[0] && demand.answers[ranked[0].id] === best) top1++;
    const firstCorrect = ranked.find((r) => (demand.answers[r.id] ?? 0) > 0);
    if (firstCorrect?.strong) answerStrong++;
  }
  return {
    demands: demands.length,
    answerable,
    precisionAt3: p3 / answerable,
    ndcgAt5: ndcg / answerable,
    top1: top1 / answerable,
    noAnswerStrong: noAnswer === 0 ? 0 : noAnswerStrong / noAnswer,
    answerStrong: answerStrong / answerable,
  };
}

export const achievementText = (a: EvalAchievement) => a.summary;
export const achievementTitle = (a: EvalAchievement) => [a.title, ...a.keywords].join(' ');

/** The product's ranker over the set, with the seeded synonym table. */
export function matchingRanker(achievements: EvalAchievement[], analyzer?: Analyzer): EvalRanker {
  const index = new MatchIndex(analyzer ?? createAnalyzer(SEED_SYNONYM_GROUPS));
  for (const a of achievements) {
    index.upsert({
      id: a.id,
      title: achievementTitle(a),
      text: achievementText(a),
      fields: a.fields,
      maturity: a.maturity,
    });
  }
  return (demand) =>
    rankMatches(
      index,
      { kind: 'demand', title: demand.title, text: demand.description, fields: demand.fields },
      { limit: 10 },
    ).map((m) => ({ id: m.doc.id, strong: m.band === 'strong' }));
}

function bigrams(text: string): Set<string> {
  const chars = [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, ''),
  ];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/**
 * The floor to beat: character-bigram overlap (Dice coefficient). "Strong" at a Dice of 0.2,
 * which is where such overlaps stop being chance for listings of this length.
 */
export function bigramRanker(achievements: EvalAchievement[]): EvalRanker {
  const grams = achievements.map((a) => ({
    id: a.id,
    grams: bigrams(`${achievementTitle(a)} ${a.summary}`),
  }));
  return (demand) => {
    const q = bigrams(`${demand.title} ${demand.description}`);
    return grams
      .map(({ id, grams: g }) => {
        let shared = 0;
        for (const gram of q) if (g.has(gram)) shared++;
        return { id, dice: (2 * shared) / (q.size + g.size || 1) };
      })
      .sort((a, b) => b.dice - a.dice)
      .slice(0, 10)
      .map((r) => ({ id: r.id, strong: r.dice >= 0.2 }));
  };
}
