import type { AchievementDetailView, AchievementListItemView, OrgKind } from '@alliance-hub/types';
import { presentOwner } from '../publications/publication.refs';
import type { DetailContext, ListContext } from '../publications/publication.service';
import type { PublicationCoreLean } from '../publications/publication.types';
import type { Achievement } from './achievement.model';

export type AchievementLean = Omit<Achievement, keyof PublicationCoreLean> & PublicationCoreLean;

export function presentAchievementItem(doc: AchievementLean, ctx: ListContext): AchievementListItemView {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    summary: doc.summary,
    fields: doc.fields,
    keywords: doc.keywords,
    maturity: doc.maturity,
    transferModes: doc.transferModes as AchievementListItemView['transferModes'],
    priceWan: doc.priceWan ?? null,
    priceNegotiable: doc.priceNegotiable,
    owner: {
      id: doc.ownerOrgId.toHexString(),
      name: ctx.owner?.name ?? '',
      kind: (ctx.owner?.kind ?? doc.ownerKind) as OrgKind,
    },
    status: doc.status,
    publishedAt: doc.publishedAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt.toISOString(),
    rejectionReason: ctx.restricted && doc.status === 'rejected' ? (doc.rejectionReason ?? null) : null,
  };
}

export function presentAchievementDetail(doc: AchievementLean, ctx: DetailContext): AchievementDetailView {
  return {
    ...presentAchievementItem(doc, { owner: ctx.owner, restricted: ctx.restricted }),
    detail: doc.detail ?? null,
    ip: doc.ip.map((item) => ({ kind: item.kind, number: item.number ?? null })),
    owner: presentOwner(ctx.owner),
    contacts: ctx.contacts,
    interest: ctx.restricted ? { views: doc.views, selections: doc.selections } : null,
    review: ctx.review,
    createdAt: doc.createdAt.toISOString(),
    permissions: ctx.permissions,
  };
}
