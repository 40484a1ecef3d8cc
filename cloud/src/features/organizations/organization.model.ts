import { PINYIN } from '../directory/collation';
import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { ALLIANCE_ROLES, ORG_KINDS } from '@alliance-hub/types';

const organizationSchema = new Schema(
  {
    name: { type: String, required: true },
    /** normalizeOrgName(name): the key used to match imports and applications to a record. */
    nameKey: { type: String, required: true },
    aliases: { type: [String], default: [] },
    aliasKeys: { type: [String], default: [] },
    kind: { type: String, enum: ORG_KINDS, required: true },
    region: {
      province: { type: String },
      city: { type: String },
    },
    fields: { type: [String], default: [] },
    allianceRole: { type: String, enum: ALLIANCE_ROLES, default: 'non_member' },
    membership: {
      status: { type: String, enum: ['none', 'active', 'lapsed'], default: 'none' },
      joinedAt: { type: Date },
      leftAt: { type: Date },
    },
    creditCode: { type: String },
    intro: { type: String },
    capabilities: { type: String },
    needs: { type: String },
    /** Free-text keywords: searchable, unlike industry fields they are not a shared taxonomy. */
    keywords: { type: [String], default: [] },
    /** Search keys maintained by directory/search-tokens.ts on every write (orgSearchFields). */
    nameGrams: { type: [String], default: [] },
    textGrams: { type: [String], default: [] },
    /** Set when the record was created by approving a membership application (idempotent approval). */
    sourceApplicationId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true, strict: 'throw' },
);
organizationSchema.index({ nameKey: 1 }, { unique: true });
organizationSchema.index({ aliasKeys: 1 });
// Directory searches run under the pinyin collation (for their order), and a query with a
// collation can only use indexes of that same collation for string clauses, on MongoDB as on the
// embedded server: simple-collation gram indexes left every search walking the whole collection.
organizationSchema.index({ nameGrams: 1 }, { collation: PINYIN, name: 'nameGrams_zh' });
organizationSchema.index({ textGrams: 1 }, { collation: PINYIN, name: 'textGrams_zh' });
organizationSchema.index({ kind: 1, _id: -1 });
// The directory lists organizations in pinyin order; only an index of the same collation serves that sort.
organizationSchema.index({ name: 1, _id: 1 }, { collation: PINYIN });
organizationSchema.index(
  { sourceApplicationId: 1 },
  { unique: true, partialFilterExpression: { sourceApplicationId: { $type: 'objectId' } } },
);

export type Organization = InferSchemaType<typeof organizationSchema>;
export type OrganizationDoc = HydratedDocument<Organization>;
export const OrganizationModel = model('Organization', organizationSchema);
