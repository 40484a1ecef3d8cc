import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One document per recurring job, shared by every cloud process. A process runs a job only after
 * taking its lease with one atomic findOneAndUpdate, so two processes never run it at once; a
 * lease that outlives a dead process expires and another process takes the job over.
 */
const jobSchema = new Schema(
  {
    name: { type: String, required: true },
    nextRunAt: { type: Date, required: true },
    lockedBy: { type: String },
    lockedUntil: { type: Date },
    lastRunAt: { type: Date },
    lastError: { type: String },
    runs: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw' },
);
jobSchema.index({ name: 1 }, { unique: true });
jobSchema.index({ nextRunAt: 1 });

export type Job = InferSchemaType<typeof jobSchema>;
export const JobModel = model('Job', jobSchema, 'jobs');
