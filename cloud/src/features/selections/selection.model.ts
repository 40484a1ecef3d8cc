import { Schema, model, type InferSchemaType } from 'mongoose';
import { SELECTION_ITEM_KINDS } from '@alliance-hub/types';

/** A 点菜式 tick at an event: one per (person, item, event), each a lead for the coordinators. */
const selectionSchema = new Schema(
  {
    eventId: { type: Schema.Types.ObjectId, ref: 'Event', required: true },
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
// The idempotency key: concurrent ticks of the same item upsert one document.
selectionSchema.index({ personId: 1, itemKind: 1, itemId: 1, eventId: 1 }, { unique: true });
selectionSchema.index({ eventId: 1, _id: -1 });

export type Selection = InferSchemaType<typeof selectionSchema>;
export const SelectionModel = model('Selection', selectionSchema);
