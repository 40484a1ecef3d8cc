import { Schema, model, type InferSchemaType } from 'mongoose';
import { AGENDA_ITEM_KINDS, EVENT_KINDS, REGISTRATION_MODES, STAFF_DUTIES } from '@alliance-hub/types';

const eventSchema = new Schema(
  {
    title: { type: String, required: true },
    kind: { type: String, enum: EVENT_KINDS, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    place: { type: String },
    link: { type: String },
    organisers: { type: [String], default: [] },
    fields: { type: [String], default: [] },
    capacity: { type: Number },
    registrationMode: { type: String, enum: REGISTRATION_MODES, required: true, default: 'open' },
    description: { type: String },
    agenda: {
      type: [
        new Schema(
          {
            time: { type: Date, required: true },
            title: { type: String, required: true },
            speaker: String,
            organization: String,
            /** Roadshow slots link the achievement or demand presented (publications/agenda-links.ts). */
            kind: { type: String, enum: AGENDA_ITEM_KINDS },
            achievementId: { type: Schema.Types.ObjectId, ref: 'Achievement' },
            demandId: { type: Schema.Types.ObjectId, ref: 'Demand' },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    staff: {
      type: [
        new Schema(
          {
            userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
            duty: { type: String, enum: STAFF_DUTIES, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Shown as a QR at the door for self check-in. */
    eventCode: { type: String, required: true },
    /**
     * Registrations holding a seat. Capacity is enforced by a conditional $inc on this counter,
     * a single-document atomic update, so concurrent sign-ups can never overbook.
     */
    registeredCount: { type: Number, required: true, default: 0 },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, strict: 'throw' },
);
eventSchema.index({ startsAt: -1 });
eventSchema.index({ eventCode: 1 }, { unique: true });
eventSchema.index({ 'staff.userId': 1 });

export type EventRecord = InferSchemaType<typeof eventSchema>;
export const EventModel = model('Event', eventSchema);
