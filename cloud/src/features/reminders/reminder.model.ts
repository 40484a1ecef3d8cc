import { Schema, model, type InferSchemaType } from 'mongoose';
import { SUBSCRIPTION_TEMPLATES } from '@alliance-hub/types';

/**
 * One-time subscriptions: each template a user accepts in wx.requestSubscribeMessage allows one
 * send. The count is ours; WeChat's 43101 ("no credit") is the truth when they disagree.
 */
const subscriptionCreditSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    template: { type: String, enum: SUBSCRIPTION_TEMPLATES, required: true },
    credits: { type: Number, required: true, default: 0, min: 0 },
  },
  { timestamps: true, strict: 'throw' },
);
subscriptionCreditSchema.index({ userId: 1, template: 1 }, { unique: true });

export const SubscriptionCreditModel = model(
  'SubscriptionCredit',
  subscriptionCreditSchema,
  'subscription_credits',
);

export const REMINDER_DELIVERIES = [
  'pending',
  'sending',
  'sent',
  'no_openid',
  'no_credit',
  'failed',
] as const;

/**
 * The in-app side of a reminder (the badge), one per task and due date: the unique key is what
 * makes a reminder happen once however many processes or retries reach it.
 */
const reminderSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    taskId: { type: Schema.Types.ObjectId, ref: 'Task', required: true },
    dueAt: { type: Date, required: true },
    title: { type: String, required: true },
    at: { type: Date, required: true },
    readAt: { type: Date },
    /** What happened on WeChat's side. */
    wechat: { type: String, enum: REMINDER_DELIVERIES, required: true, default: 'pending' },
    wechatError: { type: Number },
  },
  { timestamps: true, strict: 'throw' },
);
reminderSchema.index({ taskId: 1, dueAt: 1 }, { unique: true });
reminderSchema.index({ userId: 1, readAt: 1 });

export type Reminder = InferSchemaType<typeof reminderSchema>;
export const ReminderModel = model('Reminder', reminderSchema, 'reminders');
