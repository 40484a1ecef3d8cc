import { Schema, model, type InferSchemaType } from 'mongoose';
import { CARD_REQUEST_STATUSES } from '@alliance-hub/types';

/** "Request a card": for someone who prefers not to show their code; the other side decides. */
const cardRequestSchema = new Schema(
  {
    fromUserId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    fromPersonId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    toPersonId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    status: { type: String, enum: CARD_REQUEST_STATUSES, required: true, default: 'pending' },
    message: { type: String },
    decidedAt: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);
cardRequestSchema.index(
  { fromUserId: 1, toPersonId: 1 },
  { unique: true, partialFilterExpression: { status: 'pending' }, name: 'one_pending_per_pair' },
);
cardRequestSchema.index({ toPersonId: 1, status: 1, _id: -1 });
cardRequestSchema.index({ fromUserId: 1, _id: -1 });

export type CardRequest = InferSchemaType<typeof cardRequestSchema>;
export const CardRequestModel = model('CardRequest', cardRequestSchema, 'card_requests');
