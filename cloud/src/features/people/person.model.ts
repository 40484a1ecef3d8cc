import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';

// Contact fields are personal information (PIPL): presenters decide who may see them.
const personSchema = new Schema(
  {
    name: { type: String, required: true },
    title: { type: String },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization' },
    expertise: { type: [String], default: [] },
    contacts: {
      mobile: { type: String },
      email: { type: String },
      wechatId: { type: String },
    },
    /** Search keys maintained by directory/search-tokens.ts on every write (personSearchFields). */
    nameGrams: { type: [String], default: [] },
    textGrams: { type: [String], default: [] },
    sourceApplicationId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true, strict: 'throw' },
);
personSchema.index({ orgId: 1 });
personSchema.index({ nameGrams: 1 });
personSchema.index({ textGrams: 1 });
personSchema.index({ 'contacts.mobile': 1 }, { sparse: true });
personSchema.index(
  { sourceApplicationId: 1 },
  { unique: true, partialFilterExpression: { sourceApplicationId: { $type: 'objectId' } } },
);

export type Person = InferSchemaType<typeof personSchema>;
export type PersonDoc = HydratedDocument<Person>;
export const PersonModel = model('Person', personSchema);
