import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The synonym and abbreviation table (锂电 = 锂离子电池). One document per group; the first term
 * is the standard name. Deletes are soft (deletedAt), so every cloud process notices them when it
 * polls for changes by updatedAt.
 */
const synonymGroupSchema = new Schema(
  {
    terms: { type: [String], required: true },
    /** The terms normalized (NFKC, lower case, no spaces): what uniqueness is checked on. */
    keys: { type: [String], required: true },
    version: { type: Number, required: true, default: 0 },
    /** Seeded groups carry their standard name, so seeding twice never duplicates. */
    seedKey: { type: String },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    deletedAt: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);
synonymGroupSchema.index({ keys: 1 });
synonymGroupSchema.index({ updatedAt: -1 });
synonymGroupSchema.index(
  { seedKey: 1 },
  { unique: true, partialFilterExpression: { seedKey: { $type: 'string' } } },
);

export type SynonymGroup = InferSchemaType<typeof synonymGroupSchema>;
export const SynonymGroupModel = model('SynonymGroup', synonymGroupSchema, 'synonym_groups');
