import { Schema, model, type InferSchemaType } from 'mongoose';
import { REMINDER_DELIVERIES } from './reminder.model';

/**
 * The secretariat's daily digest of overdue work, one per user and Shanghai calendar day. The
 * unique (user, day) key is what makes it happen once a day however many cloud processes run
 * the job, and lets a process that comes back after downtime catch up with today's.
 */
const digestSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** YYYY-MM-DD in Asia/Shanghai. */
    day: { type: String, required: true },
    at: { type: Date, required: true },
    overdueTasks: { type: Number, required: true },
    byOwner: {
      type: [
        new Schema(
          {
            ownerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
            count: { type: Number, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    staleIntents: { type: Number, required: true },
    unhandledSelections: { type: Number, required: true },
    readAt: { type: Date },
    wechat: { type: String, enum: REMINDER_DELIVERIES, required: true, default: 'pending' },
    wechatError: { type: Number },
  },
  { timestamps: true, strict: 'throw' },
);
digestSchema.index({ userId: 1, day: 1 }, { unique: true });
digestSchema.index({ userId: 1, readAt: 1 });

export type Digest = InferSchemaType<typeof digestSchema>;
export const DigestModel = model('Digest', digestSchema, 'digests');
