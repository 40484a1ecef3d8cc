import { AuditView, z, type AUDIT_ENTITY_TYPES } from '@alliance-hub/types';
import { request } from '../utils/request';

export type AuditEntityKind = (typeof AUDIT_ENTITY_TYPES)[number];

const AuditPage = z.object({ items: z.array(AuditView), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export interface AuditSearch {
  entityType?: AuditEntityKind | '';
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string | null;
  limit?: number;
}

/** GET /api/v1/audit — newest first, cursor-paged; the secretariat only. */
export function listAudit(search: AuditSearch = {}): Promise<AuditPage> {
  const query = Object.fromEntries(
    Object.entries(search).filter(([, value]) => value !== '' && value != null),
  );
  return request('/api/v1/audit', { query, schema: AuditPage });
}
