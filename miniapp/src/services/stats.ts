import {
  BreakdownView,
  FunnelView,
  MatchReasonsView,
  StatRecordsView,
  StatsView,
  TargetsView,
  type BreakdownDimension,
  type FunnelMeasure,
  type FunnelStage,
  type MatchDismissReason,
  type StatKpi,
  type TargetsPutBody,
} from '@alliance-hub/types';
import { downloadFile, request, type DownloadProgress } from '../utils/request';
import { compactQuery } from './directory';

/** Statistics, targets and the annual report (挂图作战). */

/** GET /api/v1/stats/:year — KPIs with targets, months and last year. */
export function getStats(year: number): Promise<StatsView> {
  return request(`/api/v1/stats/${year}`, { schema: StatsView });
}

/** GET /api/v1/stats/:year/funnel */
export function getFunnel(year: number): Promise<FunnelView> {
  return request(`/api/v1/stats/${year}/funnel`, { schema: FunnelView });
}

/** GET /api/v1/stats/:year/match-reasons — the year's 不合适 marks by reason (staff). */
export function getMatchReasons(year: number): Promise<MatchReasonsView> {
  return request(`/api/v1/stats/${year}/match-reasons`, { schema: MatchReasonsView });
}

/** GET /api/v1/stats/:year/breakdown?by= */
export function getBreakdown(
  year: number,
  by: BreakdownDimension,
  cursor?: string | null,
): Promise<BreakdownView> {
  return request(`/api/v1/stats/${year}/breakdown`, {
    query: compactQuery({ by, cursor, limit: 50 }),
    schema: BreakdownView,
  });
}

/**
 * The figure a drill-down opens: a KPI, optionally one month, one sub-row or one breakdown cell;
 * or a funnel stage's entries or its moves on to the next stage.
 */
export interface RecordsSearch {
  /** One KPI's figure, or else a funnel stage's (`stage`, with `measure`). */
  kpi?: StatKpi;
  stage?: FunnelStage;
  /** Entries into the stage (the default) or its moves on, each with its days there. */
  measure?: FunnelMeasure;
  month?: number;
  sub?: string;
  /** With kpi matches_acted: the 不合适 marks of one reason. */
  reason?: MatchDismissReason;
  by?: BreakdownDimension;
  key?: string;
  cursor?: string | null;
}

/** GET /api/v1/stats/:year/records */
export function listStatRecords(year: number, search: RecordsSearch): Promise<StatRecordsView> {
  return request(`/api/v1/stats/${year}/records`, { query: compactQuery(search), schema: StatRecordsView });
}

/** GET /api/v1/targets/:year */
export function getTargets(year: number): Promise<TargetsView> {
  return request(`/api/v1/targets/${year}`, { schema: TargetsView });
}

/** PUT /api/v1/targets/:year — carries the version the editor started from; stale is 409. */
export function putTargets(year: number, body: TargetsPutBody): Promise<TargetsView> {
  return request(`/api/v1/targets/${year}`, { method: 'PUT', body, schema: TargetsView });
}

/** GET /api/v1/reports/:year.xlsx|.docx — resolves with the downloaded file. */
export function downloadReport(
  year: number,
  format: 'xlsx' | 'docx',
  onProgress?: (progress: DownloadProgress) => void,
): Promise<string> {
  return downloadFile(`/api/v1/reports/${year}.${format}`, { timeout: 180_000, onProgress });
}
