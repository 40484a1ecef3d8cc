import { Schema, model, type InferSchemaType } from 'mongoose';
import { AUDIT_ENTITY_TYPES } from '@alliance-hub/types';

// Append-only: nothing in cloud updates or deletes an audit record.
const auditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: 'User' },
    action: { type: String, required: true },
    entity: {
      type: new Schema(
        {
          type: { type: String, enum: AUDIT_ENTITY_TYPES, required: true },
          id: { type: Schema.Types.ObjectId, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
  },
  { strict: 'throw', minimize: false },
);
auditSchema.index({ 'entity.type': 1, 'entity.id': 1, _id: -1 });
// The audit screen's 操作人 filter.
auditSchema.index({ actorId: 1, _id: -1 });

export type AuditRecord = InferSchemaType<typeof auditSchema>;
export const AuditModel = model('Audit', auditSchema, 'audit');
