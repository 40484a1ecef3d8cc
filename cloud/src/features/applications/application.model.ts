import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { APPLICATION_STATUSES, ORG_KINDS } from '@alliance-hub/types';

const applicationSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    status: { type: String, enum: APPLICATION_STATUSES, required: true, default: 'pending' },
    organization: {
      type: new Schema(
        {
          name: { type: String, required: true },
          nameKey: { type: String, required: true },
          kind: { type: String, enum: ORG_KINDS, required: true },
          province: { type: String, required: true },
          city: { type: String, required: true },
          creditCode: { type: String },
          intro: { type: String },
        },
        { _id: false },
      ),
      required: true,
    },
    applicant: {
      type: new Schema(
        {
          name: { type: String, required: true },
          title: { type: String, required: true },
          mobile: { type: String, required: true },
          email: { type: String },
        },
        { _id: false },
      ),
      required: true,
    },
    message: { type: String },
    decidedAt: { type: Date },
    decidedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    rejectReason: { type: String },
    /** Filled by approval: the organization and person the applicant now represents. */
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization' },
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
  },
  { timestamps: true, strict: 'throw' },
);
// At most one pending application per user, enforced by the database (retries cannot duplicate).
applicationSchema.index(
  { userId: 1 },
  { unique: true, partialFilterExpression: { status: 'pending' }, name: 'one_pending_per_user' },
);
applicationSchema.index({ status: 1, _id: -1 });
applicationSchema.index({ userId: 1, _id: -1 });

export type Application = InferSchemaType<typeof applicationSchema>;
export type ApplicationDoc = HydratedDocument<Application>;
export const ApplicationModel = model('Application', applicationSchema);
