import { Schema, model, type InferSchemaType } from 'mongoose';

export const INTERACTION_TYPES = [
  'meeting',
  'visit',
  'call',
  'wechat',
  'event_encounter',
  'card_exchange',
  'other',
] as const;

/**
 * What happened between people and organizations. `clientId` makes creation idempotent: an
 * offline client's retry, or the same two people swapping cards twice, never duplicates.
 */
const interactionSchema = new Schema(
  {
    type: { type: String, enum: INTERACTION_TYPES, required: true },
    at: { type: Date, required: true },
    personIds: { type: [Schema.Types.ObjectId], ref: 'Person', default: [] },
    orgIds: { type: [Schema.Types.ObjectId], ref: 'Organization', default: [] },
    eventId: { type: Schema.Types.ObjectId, ref: 'Event' },
    notes: { type: String },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    clientId: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw' },
);
interactionSchema.index({ clientId: 1 }, { unique: true });
interactionSchema.index({ type: 1, eventId: 1, _id: -1 });
interactionSchema.index({ personIds: 1, at: -1 });

export type Interaction = InferSchemaType<typeof interactionSchema>;
export const InteractionModel = model('Interaction', interactionSchema);
