import {
  INTENT_PARTY_ROLE_LABELS,
  INTENT_STAGES,
  INTENT_STAGE_LABELS,
  INTENT_STATUS_LABELS,
  LOST_REASON_LABELS,
  type IntentStage,
  type IntentSummaryView,
} from '@alliance-hub/types';
import { ApiError } from '../../utils/api-error';
import { formatShanghaiTime } from '../../utils/format-time';

/** Display rules shared by the intents screens (phone list, board, table, intent page). */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** "2025-03-01" in Asia/Shanghai for an ISO instant (or now). */
export function shanghaiDate(at: Date | string = new Date()): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return formatShanghaiTime(iso).slice(0, 10);
}

/**
 * A picked Shanghai calendar day → the ISO instant sent as a stage entry's `at`. Noon keeps the
 * entry inside that day (and that year) whichever way the server rounds.
 */
export function isoFromShanghaiDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 12) - SHANGHAI_OFFSET_MS).toISOString();
}

/** "12月3日", or "2024年12月3日" outside the current year. */
export function dayText(iso: string, now: Date = new Date()): string {
  const date = shanghaiDate(iso);
  const md = `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return date.slice(0, 4) === shanghaiDate(now).slice(0, 4) ? md : `${date.slice(0, 4)}年${md}`;
}

/** 万元 as people write it: "120 万元", "0.5 万元", "1,250.75 万元". */
export function wanText(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const fixed = amount.toFixed(4).replace(/\.?0+$/, '');
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fraction ? `${grouped}.${fraction}` : grouped} 万元`;
}

export function daysInStageText(days: number): string {
  return days <= 0 ? '今天进入' : `${days} 天`;
}

/** The parties in one line: "哈尔滨工业大学（供给方）、大庆华科（需求方）". */
export function partiesText(intent: Pick<IntentSummaryView, 'parties'>): string {
  return intent.parties
    .map((party) => `${party.organization.name}（${INTENT_PARTY_ROLE_LABELS[party.role]}）`)
    .join('、');
}

/** The stage, with the status when it is not simply 推进中: "洽谈 · 暂缓", "意向 · 未成（资金不到位）". */
export function stageStatusText(intent: Pick<IntentSummaryView, 'stage' | 'status' | 'lostReason'>): string {
  const stage = INTENT_STAGE_LABELS[intent.stage];
  if (intent.status === 'active') return stage;
  const reason =
    intent.status === 'lost' && intent.lostReason ? `（${LOST_REASON_LABELS[intent.lostReason]}）` : '';
  return `${stage} · ${INTENT_STATUS_LABELS[intent.status]}${reason}`;
}

export interface StageGroup<T> {
  stage: IntentStage;
  label: string;
  items: T[];
  staleCount: number;
}

/** Intents grouped by stage in pipeline order; every stage present, empty ones too. */
export function groupByStage<T extends Pick<IntentSummaryView, 'stage' | 'stale'>>(
  items: T[],
): StageGroup<T>[] {
  return INTENT_STAGES.map((stage) => {
    const inStage = items.filter((item) => item.stage === stage);
    return {
      stage,
      label: INTENT_STAGE_LABELS[stage],
      items: inStage,
      staleCount: inStage.filter((item) => item.stale).length,
    };
  });
}

/** The next stage forward, or null at the end of the pipeline. */
export function nextStage(stage: IntentStage): IntentStage | null {
  const index = INTENT_STAGES.indexOf(stage);
  return index >= 0 && index < INTENT_STAGES.length - 1 ? INTENT_STAGES[index + 1] : null;
}

/** The intent as the other writer left it, from a 409 on a versioned write; null otherwise. */
export function conflictCurrent<T = IntentSummaryView>(error: unknown): T | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const details = error.details as { current?: T } | undefined;
  return details?.current ?? null;
}

/** A user-facing message for any failure (ApiError messages are already plain Chinese). */
export function errorText(error: unknown, fallback = '操作失败，请稍后重试'): string {
  return error instanceof Error && error.message ? error.message : fallback;
}

/** Replaces one intent in a list by id (after a move or a 409 reload). */
export function replaceById<T extends { id: string }>(items: T[], next: T): T[] {
  return items.map((item) => (item.id === next.id ? next : item));
}
