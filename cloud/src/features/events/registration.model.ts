import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHECK_IN_METHODS, REGISTRATION_STATUSES, TRANSPORT_NEEDS } from '@alliance-hub/types';

const registrationSchema = new Schema(
  {
    eventId: { type: Schema.Types.ObjectId, ref: 'Event', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization' },
    registeredBy: { type: Schema.Types.ObjectId, ref: 'User' },
    status: { type: String, enum: REGISTRATION_STATUSES, required: true },
    /** What the attendee's entry QR encodes; unguessable, one per registration. */
    entryCode: { type: String, required: true },
    checkIn: {
      type: new Schema(
        {
          at: { type: Date, required: true },
          byUserId: { type: Schema.Types.ObjectId, ref: 'User' },
          method: { type: String, enum: CHECK_IN_METHODS, required: true },
          clientId: { type: String },
        },
        { _id: false },
      ),
    },
    walkIn: { type: Boolean, default: false },
    /** The door phone's id for a walk-in, so an offline retry never registers them twice. */
    walkInClientId: { type: String },
    /** The organization a walk-in named at the door when it matches none in the directory. */
    orgName: { type: String },
    logistics: {
      arrivalAt: { type: Date },
      transport: { type: String, enum: TRANSPORT_NEEDS },
      note: { type: String },
    },
  },
  { timestamps: true, strict: 'throw' },
);
registrationSchema.index({ eventId: 1, personId: 1 }, { unique: true });
registrationSchema.index({ entryCode: 1 }, { unique: true });
// Per event: a door phone's client id means nothing at another event.
registrationSchema.index(
  { eventId: 1, walkInClientId: 1 },
  { unique: true, partialFilterExpression: { walkInClientId: { $type: 'string' } } },
);
registrationSchema.index({ eventId: 1, status: 1, _id: 1 });
registrationSchema.index({ eventId: 1, 'checkIn.at': -1 });

export type Registration = InferSchemaType<typeof registrationSchema>;
export const RegistrationModel = model('Registration', registrationSchema);

/**
 * Walk-in client ids used to be unique across all events; that index would still refuse a
 * client id reused at another event, so databases created before the per-event index lose it.
 */
export async function dropRetiredRegistrationIndexes(): Promise<void> {
  const indexes = await RegistrationModel.collection.indexes();
  if (indexes.some((index) => index.name === 'walkInClientId_1')) {
    await RegistrationModel.collection.dropIndex('walkInClientId_1');
  }
}
