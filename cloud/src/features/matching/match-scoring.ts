import type { Maturity } from '@alliance-hub/types';
import type { ListedDoc, MatchIndex, QueryTerm, ScoredDoc } from './match-index';
import { MATURITY_FACTOR, maturityFit, requiredMaturity, type MaturityFit } from './maturity';

export type MatchBand = 'strong' | 'possible' | 'weak';

/** The item matches are sought for, as the ranker sees it. */
export type MatchSubject = {
  title: string;
  text: string;
  fields: readonly string[];
  province?: string | null;
  orgId?: string | null;
  /** For an achievement: its stage. For a demand: read from its text (requiredMaturity). */
  maturity?: Maturity | null;
  kind: 'demand' | 'achievement' | 'organization';
};

export type RankedMatch = {
  doc: ListedDoc;
  score: number;
  band: MatchBand;
  coverage: number;
  matched: QueryTerm[];
  sharedFields: string[];
  maturityFit: MaturityFit;
  requiredMaturity: Maturity | null;
  sameRegion: boolean;
};

/**
 * Calibration. Coverage (share of the demand's IDF mass a listing answers) maps onto 0–1 by a
 * saturating curve: about a third of the specific vocabulary shared (with a shared field) is
 * where a listing becomes a confident answer, half is about as close as listings written by
 * different people get. The curve and the bands were set on the evaluation set
 * (cloud/test/fixtures/matching), so its no-answer figure is in-sample. Fields and region nudge;
 * maturity scales (a lab result for a mass-production demand keeps at most 55 %). Bands:
 * strong ≥ 0.6 means "call them", possible ≥ 0.35 "worth a look", below is shown as weak.
 */
export const BANDS = { strong: 0.6, possible: 0.35 } as const;
const CURVE = 2.5;
const FIELD_BONUS = 0.05;
const REGION_BONUS = 0.02;

export const bandOf = (score: number): MatchBand =>
  score >= BANDS.strong ? 'strong' : score >= BANDS.possible ? 'possible' : 'weak';

export function calibrate(coverage: number): number {
  return 1 - Math.exp(-CURVE * coverage);
}

/** Ranks an index's documents for a subject: lexical retrieval, then the non-lexical signals. */
export function rankMatches(
  index: MatchIndex,
  subject: MatchSubject,
  options: { limit: number; candidates?: number; accept?: (doc: ListedDoc) => boolean },
): RankedMatch[] {
  const query = index.queryTerms(subject.title, subject.text);
  const expansion = index.expand(query);
  const scored = index.search(query, expansion, {
    limit: options.candidates ?? Math.max(50, options.limit * 5),
    accept: options.accept,
  });
  const demandText = `${subject.title}\n${subject.text}`;
  const required = subject.kind === 'demand' ? requiredMaturity(demandText) : null;
  return scored
    .map((s) => finish(s, subject, required))
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit);
}

function finish(s: ScoredDoc, subject: MatchSubject, demandRequires: Maturity | null): RankedMatch {
  const sharedFields = subject.fields.filter((f) => s.doc.fields.includes(f));
  // Demand → achievement: the demand's need against the offer. Achievement → demand: the other way.
  const required = subject.kind === 'demand' ? demandRequires : s.doc.requires;
  const offered = subject.kind === 'demand' ? s.doc.maturity : subject.maturity;
  const fit = subject.kind === 'organization' ? 'unknown' : maturityFit(required, offered);
  const sameRegion = !!subject.province && !!s.doc.province && subject.province === s.doc.province;
  const base =
    calibrate(s.coverage) + (sharedFields.length > 0 ? FIELD_BONUS : 0) + (sameRegion ? REGION_BONUS : 0);
  let score = Math.min(1, base) * MATURITY_FACTOR[fit];
  // A listing two stages short of what the demand asks is never a confident answer.
  if (fit === 'mismatch') score = Math.min(score, BANDS.strong - 0.01);
  score = Math.round(score * 1000) / 1000;
  return {
    doc: s.doc,
    score,
    band: bandOf(score),
    coverage: s.coverage,
    matched: s.matched,
    sharedFields,
    maturityFit: fit,
    requiredMaturity: required,
    sameRegion,
  };
}
