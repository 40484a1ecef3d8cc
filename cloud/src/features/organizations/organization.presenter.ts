import type { Types } from 'mongoose';
import type { OrgDetailView, OrgSummaryView, PersonSummaryView } from '@alliance-hub/types';
import type { Organization } from './organization.model';

export type OrgLean = Organization & { _id: Types.ObjectId };

const oneLine = (text: string | null | undefined, max = 60) => {
  if (!text) return null;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** The fields presentOrgSummary reads: what a directory list fetches of each organization. */
export const ORG_SUMMARY_FIELDS = {
  name: 1,
  aliases: 1,
  kind: 1,
  region: 1,
  fields: 1,
  allianceRole: 1,
  capabilities: 1,
  needs: 1,
  intro: 1,
} as const;

export type OrgSummaryLean = Pick<OrgLean, '_id' | keyof typeof ORG_SUMMARY_FIELDS>;

export function presentOrgSummary(org: OrgSummaryLean): OrgSummaryView {
  return {
    id: org._id.toHexString(),
    name: org.name,
    aliases: org.aliases,
    kind: org.kind,
    region: { province: org.region?.province ?? null, city: org.region?.city ?? null },
    fields: org.fields,
    allianceRole: org.allianceRole,
    summary: oneLine(org.capabilities ?? org.needs ?? org.intro),
  };
}

export function presentOrgDetail(org: OrgLean, people: PersonSummaryView[], canEdit: boolean): OrgDetailView {
  return {
    ...presentOrgSummary(org),
    membership: {
      status: org.membership?.status ?? 'none',
      joinedAt: org.membership?.joinedAt?.toISOString() ?? null,
    },
    intro: org.intro ?? null,
    capabilities: org.capabilities ?? null,
    needs: org.needs ?? null,
    keywords: org.keywords ?? [],
    people,
    canEdit,
  };
}
