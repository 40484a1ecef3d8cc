import { HealthView } from '@alliance-hub/types';
import { request } from '../utils/request';

/** GET /api/v1/health — server version and database state; needs no session. */
export function getHealth(): Promise<HealthView> {
  return request('/api/v1/health', { schema: HealthView });
}
