import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { INTERACTION_TYPES, INTERACTION_VISIBILITIES } from '@alliance-hub/types';

export { INTERACTION_TYPES };

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
    /** Someone not in the directory yet, typed at the venue; linked to a person later. */
    unlisted: {
      type: [
        new Schema(
          { name: { type: String, required: true }, organization: { type: String } },
          { _id: false },
        ),
      ],
      default: [],
    },
    notes: { type: String },
    // The pipeline's intents do not exist yet: a plain id, linked for real once they land.
    intentId: { type: Schema.Types.ObjectId },
    achievementId: { type: Schema.Types.ObjectId },
    demandId: { type: Schema.Types.ObjectId },
    visibility: { type: String, enum: INTERACTION_VISIBILITIES, required: true, default: 'staff' },
    followUpTaskId: { type: Schema.Types.ObjectId, ref: 'Task' },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** Soft delete: the audit keeps what it said; lists and timelines skip it. */
    deletedAt: { type: Date },
    clientId: { type: String, required: true },
    /** Month buckets per organization and person, see timeKeysFor(). Derived; never sent out. */
    timeKeys: { type: [String], default: [] },
  },
  { timestamps: true, strict: 'throw' },
);
interactionSchema.index({ clientId: 1 }, { unique: true });
interactionSchema.index({ type: 1, eventId: 1, _id: -1 });
interactionSchema.index({ personIds: 1, at: -1, _id: -1 });
// Timelines and lists, newest first by when it happened.
interactionSchema.index({ orgIds: 1, at: -1, _id: -1 });
interactionSchema.index({ at: -1, _id: -1 });

// Timelines read the newest month buckets first: an equality lookup on this index narrows a busy
// organization's thousands of entries to the last few weeks before sorting, which matters where
// the database cannot walk a compound (orgIds, at) index in order (the embedded server).
interactionSchema.index({ timeKeys: 1 });

const month = (at: Date) => at.getUTCFullYear() * 100 + at.getUTCMonth() + 1;

/** `o:<org>:<yyyymm>` and `p:<person>:<yyyymm>` for every organization and person involved. */
export function timeKeysFor(doc: {
  at: Date;
  orgIds?: Types.ObjectId[];
  personIds?: Types.ObjectId[];
}): string[] {
  const m = month(doc.at);
  return [
    ...(doc.orgIds ?? []).map((id) => `o:${id.toHexString()}:${m}`),
    ...(doc.personIds ?? []).map((id) => `p:${id.toHexString()}:${m}`),
  ];
}

/** Month keys from `from` back `count` months, newest first. */
export function monthKeys(prefix: string, from: Date, count: number): string[] {
  const keys: string[] = [];
  let y = from.getUTCFullYear();
  let mo = from.getUTCMonth() + 1;
  for (let i = 0; i < count; i++) {
    keys.push(`${prefix}:${y * 100 + mo}`);
    mo -= 1;
    if (mo === 0) {
      mo = 12;
      y -= 1;
    }
  }
  return keys;
}

// Every create (logging, card exchanges) and save keeps the keys in step with at and participants.
interactionSchema.pre('validate', function () {
  this.timeKeys = timeKeysFor(this);
});

export type Interaction = InferSchemaType<typeof interactionSchema>;
export const InteractionModel = model('Interaction', interactionSchema);
