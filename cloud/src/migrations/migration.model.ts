import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One document per data migration, shared by every cloud process: `doneAt` once it has run to
 * the end, and while it runs the lease of the process running it (another process waits, and
 * takes over only after the lease of a dead holder expires).
 */
const migrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    doneAt: { type: Date },
    lockedBy: { type: String },
    lockedUntil: { type: Date },
    lastError: { type: String },
    attempts: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw' },
);

export type Migration = InferSchemaType<typeof migrationSchema>;
export const MigrationModel = model('Migration', migrationSchema, 'migrations');
