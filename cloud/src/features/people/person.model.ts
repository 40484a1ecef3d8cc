import { PINYIN } from '../directory/collation';
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
    /** My card (card exchange): which contact fields I share, and what I offer and seek. */
    card: {
      sharedFields: { type: [String], enum: ['mobile', 'email', 'wechatId'], default: undefined },
      offer: { type: String },
      seeking: { type: String },
    },
    /** Search keys maintained by directory/search-tokens.ts on every write (personSearchFields). */
    nameGrams: { type: [String], default: [] },
    textGrams: { type: [String], default: [] },
    sourceApplicationId: { type: Schema.Types.ObjectId },
    /** Set when created by an Excel/CSV import ("<importId>:<row>"), so a retried commit cannot create it twice. */
    importKey: { type: String },
  },
  { timestamps: true, strict: 'throw' },
);
personSchema.index({ orgId: 1 });
// The directory lists people in pinyin order; only an index of the same collation serves that sort.
personSchema.index({ name: 1, _id: 1 }, { collation: PINYIN });
// Directory searches run under the pinyin collation (for their order), and a query with a
// collation can only use indexes of that same collation for string clauses, on MongoDB as on the
// embedded server: simple-collation gram indexes left every search walking the whole collection.
personSchema.index({ nameGrams: 1 }, { collation: PINYIN, name: 'nameGrams_zh' });
personSchema.index({ textGrams: 1 }, { collation: PINYIN, name: 'textGrams_zh' });
personSchema.index({ 'contacts.mobile': 1 }, { sparse: true });
personSchema.index(
  { sourceApplicationId: 1 },
  { unique: true, partialFilterExpression: { sourceApplicationId: { $type: 'objectId' } } },
);

personSchema.index(
  { importKey: 1 },
  { unique: true, partialFilterExpression: { importKey: { $type: 'string' } } },
);

export type Person = InferSchemaType<typeof personSchema>;
export type PersonDoc = HydratedDocument<Person>;
export const PersonModel = model('Person', personSchema);
