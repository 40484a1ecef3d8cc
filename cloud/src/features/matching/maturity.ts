import type { Maturity } from '@alliance-hub/types';

export const MATURITY_RANK: Record<Maturity, number> = {
  lab: 0,
  pilot: 1,
  small_batch: 2,
  industrialised: 3,
};

/**
 * What stage a demand asks of an answer, read from its words: an enterprise that wants to 量产
 * or 稳定供货 is not answered by a lab result, one that wants 中试 or 装车考核 needs at least a
 * pilot. Null when the text does not say; then maturity neither helps nor hurts.
 */
const NEEDS_PRODUCTION =
  /量产|批量生产|批量供货|稳定供货|规模化|产业化|投产|产能|量产线|生产线|产线|供货|工程应用|成熟的|已有产线|推广应用/;
const NEEDS_PILOT = /中试|工程化|装车考核|装车|样车|示范|小批量/;
const RESEARCH_OK = /预研|前沿|基础研究|探索性|联合攻关|合作研究|共同研发|联合研发/;

export function requiredMaturity(text: string): Maturity | null {
  if (RESEARCH_OK.test(text)) return null;
  if (NEEDS_PRODUCTION.test(text)) return 'small_batch';
  if (NEEDS_PILOT.test(text)) return 'pilot';
  return null;
}

export type MaturityFit = 'fit' | 'below' | 'mismatch' | 'unknown';

/** How far the offer is from what the demand asks: one stage short is "below", two or more "mismatch". */
export function maturityFit(required: Maturity | null, offered: Maturity | null | undefined): MaturityFit {
  if (!required || !offered) return 'unknown';
  const gap = MATURITY_RANK[required] - MATURITY_RANK[offered];
  if (gap <= 0) return 'fit';
  return gap === 1 ? 'below' : 'mismatch';
}

export const MATURITY_FACTOR: Record<MaturityFit, number> = {
  fit: 1,
  unknown: 0.95,
  below: 0.9,
  mismatch: 0.55,
};
