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
registrationSchema.index(
  { walkInClientId: 1 },
  { unique: true, partialFilterExpression: { walkInClientId: { $type: 'string' } } },
);
registrationSchema.index({ eventId: 1, status: 1, _id: 1 });
registrationSchema.index({ eventId: 1, 'checkIn.at': -1 });

export type Registration = InferSchemaType<typeof registrationSchema>;
export const RegistrationModel = model('Registration', registrationSchema);
