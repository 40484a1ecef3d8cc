import { Schema, model, type InferSchemaType } from 'mongoose';
import { IP_KINDS, MATURITIES, TRANSFER_MODES } from '@alliance-hub/types';
import { addPublicationIndexes, publicationCoreDefinition } from '../publications/publication.schema';

const achievementSchema = new Schema(
  {
    ...publicationCoreDefinition,
    summary: { type: String, required: true },
    detail: { type: String },
    maturity: { type: String, enum: MATURITIES, required: true },
    ip: {
      type: [
        new Schema(
          { kind: { type: String, enum: IP_KINDS, required: true }, number: { type: String } },
          { _id: false },
        ),
      ],
      default: [],
    },
    transferModes: { type: [String], enum: TRANSFER_MODES, default: [] },
    priceWan: { type: Number },
    priceNegotiable: { type: Boolean, required: true, default: false },
  },
  { timestamps: true, strict: 'throw' },
);
addPublicationIndexes(achievementSchema);
achievementSchema.index({ maturity: 1, _id: -1 });

export type Achievement = InferSchemaType<typeof achievementSchema>;
export const AchievementModel = model('Achievement', achievementSchema);
