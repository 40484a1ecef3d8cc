import type { HealthView, LivenessView, ReadinessView } from '@alliance-hub/types';
import type { Database } from '../../database';
import type { Lifecycle } from '../../lifecycle';

export async function checkHealth(database: Database, version: string): Promise<HealthView> {
  const state = await database.state();
  return {
    status: state === 'up' ? 'ok' : 'degraded',
    version,
    time: new Date().toISOString(),
    database: { state, kind: database.kind },
  };
}

/** Answers without touching the database: a database outage is not cured by restarting cloud. */
export function checkLiveness(): LivenessView {
  return { status: 'ok', time: new Date().toISOString() };
}

export async function checkReadiness(database: Database, lifecycle: Lifecycle): Promise<ReadinessView> {
  const state = lifecycle.draining ? 'up' : await database.state();
  const reasons: ReadinessView['reasons'] = [];
  if (lifecycle.draining) reasons.push('draining');
  if (state !== 'up') reasons.push('database');
  if (!lifecycle.indexes) reasons.push('indexes_pending');
  return {
    ready: reasons.length === 0,
    reasons,
    database: { state, kind: database.kind },
    indexes: {
      checked: lifecycle.indexes !== null,
      missing: lifecycle.indexes?.missing.length ?? 0,
      extra: lifecycle.indexes?.extra.length ?? 0,
    },
  };
}
