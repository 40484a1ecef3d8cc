import { Schema, model, type InferSchemaType } from 'mongoose';
import { MATCH_DISMISS_REASONS, MATCH_TARGET_KINDS, MATCH_VERDICTS } from '@alliance-hub/types';

/**
 * 不合适 / 已对接 on one result of one subject's match list. One document per (subject, result):
 * a second answer replaces the first, so a retried tap never counts twice.
 */
const matchFeedbackSchema = new Schema(
  {
    subjectKind: { type: String, enum: ['demand', 'achievement'], required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    targetKind: { type: String, enum: MATCH_TARGET_KINDS, required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    verdict: { type: String, enum: MATCH_VERDICTS, required: true },
    reason: { type: String, enum: MATCH_DISMISS_REASONS },
    note: { type: String },
    actorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** The organizations on either side, for the lead (已对接) and for the statistics. */
    subjectOrgId: { type: Schema.Types.ObjectId },
    targetOrgId: { type: Schema.Types.ObjectId },
    /** 已对接: the lead recorded in the intents pipeline; null until recorded. */
    intentId: { type: Schema.Types.ObjectId },
    leadPending: { type: Boolean },
  },
  { timestamps: true, strict: 'throw' },
);
matchFeedbackSchema.index({ subjectKind: 1, subjectId: 1, targetKind: 1, targetId: 1 }, { unique: true });
matchFeedbackSchema.index({ createdAt: 1, verdict: 1 });
matchFeedbackSchema.index({ leadPending: 1 }, { partialFilterExpression: { leadPending: true } });

export type MatchFeedback = InferSchemaType<typeof matchFeedbackSchema>;
export const MatchFeedbackModel = model('MatchFeedback', matchFeedbackSchema, 'match_feedback');
