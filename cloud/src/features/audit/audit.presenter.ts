import type { Types } from 'mongoose';
import type { AuditView } from '@alliance-hub/types';

type AuditLean = {
  _id: Types.ObjectId;
  at: Date;
  actorId: { _id: Types.ObjectId; displayName: string } | null;
  action: string;
  entity: { type: AuditView['entity']['type']; id: Types.ObjectId };
  before?: unknown;
  after?: unknown;
};

export function presentAudit(doc: AuditLean): AuditView {
  return {
    id: doc._id.toHexString(),
    at: doc.at.toISOString(),
    actor: doc.actorId ? { id: doc.actorId._id.toHexString(), displayName: doc.actorId.displayName } : null,
    action: doc.action,
    entity: { type: doc.entity.type, id: doc.entity.id.toHexString() },
    before: doc.before ?? null,
    after: doc.after ?? null,
  };
}
