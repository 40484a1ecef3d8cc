import type { DemandDetailView, DemandListItemView, OrgKind } from '@alliance-hub/types';
import { presentOwner } from '../publications/publication.refs';
import type { DetailContext, ListContext } from '../publications/publication.service';
import type { PublicationCoreLean } from '../publications/publication.types';
import type { Demand } from './demand.model';

export type DemandLean = Omit<Demand, keyof PublicationCoreLean> & PublicationCoreLean;

const EXCERPT = 120;
const excerptOf = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1)}…` : line;
};

export function presentDemandItem(doc: DemandLean, ctx: ListContext): DemandListItemView {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    excerpt: excerptOf(doc.description),
    fields: doc.fields,
    keywords: doc.keywords,
    budgetMinWan: doc.budgetMinWan ?? null,
    budgetMaxWan: doc.budgetMaxWan ?? null,
    budgetNegotiable: doc.budgetNegotiable,
    deadline: doc.deadline ?? null,
    cooperationModes: doc.cooperationModes as DemandListItemView['cooperationModes'],
    progress: doc.progress,
    visibility: doc.visibility,
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

export function presentDemandDetail(doc: DemandLean, ctx: DetailContext): DemandDetailView {
  return {
    ...presentDemandItem(doc, { owner: ctx.owner, restricted: ctx.restricted }),
    description: doc.description,
    owner: presentOwner(ctx.owner),
    contacts: ctx.contacts,
    interest: ctx.restricted ? { views: doc.views, selections: doc.selections } : null,
    review: ctx.review,
    createdAt: doc.createdAt.toISOString(),
    permissions: ctx.permissions,
  };
}
