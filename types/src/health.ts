import { z } from './zod';

export const DATABASE_STATES = ['up', 'down', 'connecting'] as const;
export const DATABASE_STATE_LABELS: Record<(typeof DATABASE_STATES)[number], string> = {
  up: '正常',
  down: '不可用',
  connecting: '连接中',
};

export const HealthView = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  time: z.string(),
  database: z.object({
    state: z.enum(DATABASE_STATES),
    kind: z.enum(['embedded', 'external']),
  }),
});
export type HealthView = z.infer<typeof HealthView>;

/** GET /api/v1/health/live: the process answers; nothing else is checked (a restart would not help). */
export const LivenessView = z.object({ status: z.literal('ok'), time: z.string() });
export type LivenessView = z.infer<typeof LivenessView>;

export const IndexProblem = z.object({
  collection: z.string(),
  /** Index name as stored; only for indexes the database holds. */
  name: z.string().optional(),
  /** Key pattern, e.g. "orgId:1,createdAt:-1". */
  key: z.string(),
});
export type IndexProblem = z.infer<typeof IndexProblem>;

export const IndexReportView = z.object({
  checkedAt: z.string(),
  missing: z.array(IndexProblem),
  extra: z.array(IndexProblem),
});
export type IndexReportView = z.infer<typeof IndexReportView>;

export const READINESS_REASONS = ['database', 'indexes_pending', 'draining'] as const;
export const READINESS_REASON_LABELS: Record<(typeof READINESS_REASONS)[number], string> = {
  database: '数据库不可用',
  indexes_pending: '正在建立索引',
  draining: '正在停止服务',
};

/**
 * GET /api/v1/health/ready: 200 when this process should get traffic, 503 otherwise (a load
 * balancer takes it out of rotation; it is not restarted). Index differences are reported, not
 * blocking: a missing index is slow, not wrong.
 */
export const ReadinessView = z.object({
  ready: z.boolean(),
  reasons: z.array(z.enum(READINESS_REASONS)),
  database: z.object({ state: z.enum(DATABASE_STATES), kind: z.enum(['embedded', 'external']) }),
  indexes: z.object({ checked: z.boolean(), missing: z.number().int(), extra: z.number().int() }),
});
export type ReadinessView = z.infer<typeof ReadinessView>;
