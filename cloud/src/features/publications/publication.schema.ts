import { Schema } from 'mongoose';
import { PUBLICATION_STATUSES } from '@alliance-hub/types';

/**
 * Fields achievements and demands share: owner, contacts, the publishing lifecycle, interest
 * counters and the search keys (publication-search.ts). Spread into both mongoose schemas.
 */
export const publicationCoreDefinition = {
  title: { type: String, required: true },
  fields: { type: [String], default: [] },
  keywords: { type: [String], default: [] },
  ownerOrgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
  /** Copied from the owner organization for the region and owner-kind filters. */
  ownerKind: { type: String, required: true },
  ownerProvince: { type: String },
  contactPersonIds: { type: [Schema.Types.ObjectId], ref: 'Person', default: [] },
  status: { type: String, enum: PUBLICATION_STATUSES, required: true, default: 'draft' },
  createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  submittedAt: { type: Date },
  reviewedAt: { type: Date },
  reviewedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  rejectionReason: { type: String },
  publishedAt: { type: Date },
  archivedAt: { type: Date },
  /** Interest counters, visible to the owner and staff; $inc'd atomically. */
  views: { type: Number, required: true, default: 0 },
  selections: { type: Number, required: true, default: 0 },
  nameWords: { type: [String], default: [] },
  textWords: { type: [String], default: [] },
  textGrams: { type: [String], default: [] },
  /**
   * Set by an import (owner id + normalized title), so a retried or repeated commit, or a second
   * upload of the same list, cannot create an item twice.
   */
  importKey: { type: String },
} as const;

/** Indexes both collections need: lists by status newest first, search keys, my organization's items. */
export function addPublicationIndexes(schema: Schema): void {
  schema.index({ status: 1, _id: -1 });
  schema.index({ ownerOrgId: 1, _id: -1 });
  schema.index({ nameWords: 1 });
  schema.index({ textWords: 1 });
  schema.index({ textGrams: 1 });
  schema.index(
    { importKey: 1 },
    { unique: true, partialFilterExpression: { importKey: { $type: 'string' } } },
  );
}
