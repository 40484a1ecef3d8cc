import { Schema, model } from 'mongoose';

/** Fields the secretariat (or an import) added beyond the built-in DEFAULT_INDUSTRY_FIELDS. */
const industryFieldSchema = new Schema(
  {
    code: { type: String, required: true },
    label: { type: String, required: true },
    labelKey: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw' },
);
industryFieldSchema.index({ code: 1 }, { unique: true });
industryFieldSchema.index({ labelKey: 1 }, { unique: true });

export const IndustryFieldModel = model('IndustryField', industryFieldSchema, 'industry_fields');
