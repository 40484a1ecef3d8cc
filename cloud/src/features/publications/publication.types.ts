import type { Types } from 'mongoose';
import type { PublicationStatus } from '@alliance-hub/types';

/** The shared part of an achievement or demand as loaded with `.lean()` (publication.schema.ts). */
export type PublicationCoreLean = {
  _id: Types.ObjectId;
  title: string;
  fields: string[];
  keywords: string[];
  ownerOrgId: Types.ObjectId;
  ownerKind: string;
  ownerProvince?: string | null;
  contactPersonIds: Types.ObjectId[];
  status: PublicationStatus;
  createdBy: Types.ObjectId;
  submittedAt?: Date | null;
  reviewedAt?: Date | null;
  reviewedBy?: Types.ObjectId | null;
  rejectionReason?: string | null;
  publishedAt?: Date | null;
  archivedAt?: Date | null;
  views: number;
  selections: number;
  createdAt: Date;
  updatedAt: Date;
};

/** Search keys are never sent back to clients nor needed to present an item. */
export const WITHOUT_SEARCH_KEYS = { nameWords: 0, textWords: 0, textGrams: 0 } as const;
