import type { Types } from 'mongoose';
import type { AUDIT_ENTITY_TYPES, AuditListQuery } from '@alliance-hub/types';
import { afterCursor, pageFrom } from '../../lib/pagination';
import { AuditModel } from './audit.model';
import { presentAudit } from './audit.presenter';

export type AuditEntry = {
  actorId: Types.ObjectId | null;
  action: string;
  entity: { type: (typeof AUDIT_ENTITY_TYPES)[number]; id: Types.ObjectId };
  before?: unknown;
  after?: unknown;
};

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await AuditModel.create({ ...entry, at: new Date(), actorId: entry.actorId ?? undefined });
}

export async function listAudit(query: AuditListQuery) {
  const filter: Record<string, unknown> = {};
  if (query.entityType) filter['entity.type'] = query.entityType;
  if (query.entityId) filter['entity.id'] = query.entityId;
  if (query.actorId) filter.actorId = query.actorId;
  // Exact action, or every action under a prefix ("organization" → organization.*).
  // The schema allows only letters, digits, _ and dots, so the prefix needs no escaping.
  if (query.action) {
    filter.action = query.action.includes('.') ? query.action : { $regex: `^${query.action}(\\.|$)` };
  }
  if (query.from || query.to) {
    filter.at = {
      ...(query.from ? { $gte: new Date(query.from) } : {}),
      ...(query.to ? { $lt: new Date(query.to) } : {}),
    };
  }
  const docs = await AuditModel.find(afterCursor(filter, query.cursor))
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .populate<{ actorId: { _id: Types.ObjectId; displayName: string } | null }>('actorId', 'displayName')
    .lean();
  return pageFrom(docs, query.limit, presentAudit);
}
