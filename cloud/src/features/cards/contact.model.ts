import { Schema, model, type InferSchemaType } from 'mongoose';

/** One side of a card exchange: what `ownerUserId` keeps about `personId`. Both sides get one. */
const contactSchema = new Schema(
  {
    ownerUserId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    ownerPersonId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    exchangedAt: { type: Date, required: true },
    eventId: { type: Schema.Types.ObjectId, ref: 'Event' },
    via: { type: String, enum: ['scan', 'request'], required: true },
    note: { type: String },
    /** Removed from my list; still counted in the alliance's statistics. */
    hiddenAt: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);
contactSchema.index({ ownerUserId: 1, personId: 1 }, { unique: true });
contactSchema.index({ ownerUserId: 1, exchangedAt: -1 });

export type Contact = InferSchemaType<typeof contactSchema>;
export const ContactModel = model('Contact', contactSchema);
