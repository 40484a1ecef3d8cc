import { Schema, model, type InferSchemaType } from 'mongoose';
import { SELECTION_ITEM_KINDS } from '@alliance-hub/types';

/**
 * 我感兴趣 outside an event: a lead like a 点菜 tick, one per (person, item). Kept apart from
 * `selections`, whose every record belongs to an event (the intents, statistics and timelines
 * read its event), so event-less interest cannot reach code that expects one.
 */
const interestSchema = new Schema(
  {
    itemKind: { type: String, enum: SELECTION_ITEM_KINDS, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization' },
    note: { type: String },
    handledAt: { type: Date },
    handledBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, strict: 'throw' },
);
// The idempotency key: a repeated or concurrent 我感兴趣 upserts one document.
interestSchema.index({ personId: 1, itemKind: 1, itemId: 1 }, { unique: true });
// The staff's work list, newest first, optionally only the unhandled ones.
interestSchema.index({ handledAt: 1, _id: -1 });

export type Interest = InferSchemaType<typeof interestSchema>;
export const InterestModel = model('Interest', interestSchema, 'interests');
