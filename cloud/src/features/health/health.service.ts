import type { HealthView } from '@alliance-hub/types';
import type { Database } from '../../database';

export async function checkHealth(database: Database, version: string): Promise<HealthView> {
  const state = await database.state();
  return {
    status: state === 'up' ? 'ok' : 'degraded',
    version,
    time: new Date().toISOString(),
    database: { state, kind: database.kind },
  };
}
