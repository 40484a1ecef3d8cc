import { Schema, model, type InferSchemaType } from 'mongoose';
import { TASK_STATES } from '@alliance-hub/types';

/**
 * A follow-up (我的待办). `version` is bumped by every write so two people editing the same task
 * are detected: a write carrying an older version is refused, never silently applied.
 */
const taskSchema = new Schema(
  {
    title: { type: String, required: true },
    note: { type: String },
    dueAt: { type: Date, required: true },
    ownerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    links: {
      interactionId: { type: Schema.Types.ObjectId },
      intentId: { type: Schema.Types.ObjectId },
      organizationId: { type: Schema.Types.ObjectId },
      personId: { type: Schema.Types.ObjectId },
      selectionId: { type: Schema.Types.ObjectId },
      eventId: { type: Schema.Types.ObjectId },
      achievementId: { type: Schema.Types.ObjectId },
      demandId: { type: Schema.Types.ObjectId },
    },
    state: { type: String, enum: TASK_STATES, required: true, default: 'open' },
    version: { type: Number, required: true, default: 0 },
    completedAt: { type: Date },
    completedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    completionInteractionId: { type: Schema.Types.ObjectId },
    /**
     * When the due reminder should go out: set with the due date (create, edit, snooze), unset once
     * sent or when done. The reminder job claims a task by pushing it forward by a lease in one
     * atomic update, so only one cloud process handles it, and a process that dies mid-way leaves
     * it to be taken over when the lease runs out.
     */
    remindAt: { type: Date },
    clientId: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw', minimize: false },
);
taskSchema.index({ clientId: 1 }, { unique: true });
taskSchema.index({ ownerId: 1, state: 1, dueAt: 1, _id: 1 });
taskSchema.index({ state: 1, dueAt: 1, _id: 1 });
taskSchema.index({ remindAt: 1 }, { sparse: true });

export type Task = InferSchemaType<typeof taskSchema>;
export const TaskModel = model('Task', taskSchema);
