import { Schema, model, type InferSchemaType } from 'mongoose';
import { MANUAL_KPIS } from '@alliance-hub/types';

/** The year's targets (挂图作战) and the figures entered by hand, one document per year. */
const targetSchema = new Schema(
  {
    year: { type: Number, required: true },
    /** KPI key → target; KPIs without a target are absent. */
    targets: { type: Map, of: Number, default: {} },
    manual: {
      type: [
        new Schema(
          {
            key: { type: String, enum: MANUAL_KPIS, required: true },
            label: { type: String },
            unit: { type: String },
            target: { type: Number },
            value: { type: Number },
            source: { type: String, default: '' },
            asOf: { type: String },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, required: true, default: 1 },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, strict: 'throw' },
);
targetSchema.index({ year: 1 }, { unique: true });

export type Target = InferSchemaType<typeof targetSchema>;
export const TargetModel = model('Target', targetSchema, 'targets');
