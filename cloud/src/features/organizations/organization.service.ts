import type { Types } from 'mongoose';
import {
  normalizeOrgName,
  type OrgCreateInput,
  type OrgDetailView,
  type OrgListQuery,
  type OrgSummaryView,
  type OrgUpdateInput,
} from '@alliance-hub/types';
import { conflict, forbidden, notFound } from '../../errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { SignedInReads } from '../../middleware/auth';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { normalizeRegion, provinceCondition } from '../directory/regions';
import { orgSearchFields } from '../directory/search-tokens';
import { NAME_ORDER, PINYIN, searchTiers, tieredPage, unionOfTiers } from '../directory/tiered-search';
import { PersonModel } from '../people/person.model';
import { presentPersonSummary, type PersonLean } from '../people/person.presenter';
import { refreshPeopleOfOrg } from '../people/person.service';
import { refreshPublicationsOfOrg } from '../publications/owner-refresh';
import { fieldLabelsByCode } from '../taxonomy/taxonomy.service';
import { OrganizationModel } from './organization.model';
import {
  ORG_SUMMARY_FIELDS,
  presentOrgDetail,
  presentOrgSummary,
  type OrgLean,
  type OrgSummaryLean,
} from './organization.presenter';

const PEOPLE_ON_PROFILE = 50;
const WITHOUT_GRAMS = { nameGrams: 0, textGrams: 0 } as const;

/**
 * A page of the directory. `signedIn` (the route's allowJoined reads) sends the search with the
 * session check in one round trip; a next page's cursor is first resolved by a read of its own,
 * which waits for the session to be admitted.
 */
export async function listOrganizations(
  query: OrgListQuery,
  signedIn?: SignedInReads,
): Promise<{ items: OrgSummaryView[]; nextCursor: string | null }> {
  const base: Record<string, unknown> = {};
  if (query.kind) base.kind = query.kind;
  if (query.field) base.fields = query.field;
  if (query.province) base['region.province'] = provinceCondition(query.province);
  if (query.allianceRole) base.allianceRole = query.allianceRole;
  const { docs, nextCursor } = await tieredPage<OrgSummaryLean>(
    unionOfTiers(OrganizationModel, ORG_SUMMARY_FIELDS, signedIn?.read),
    searchTiers(query.q, base),
    query,
    async (id) => {
      await signedIn?.verify();
      return (await OrganizationModel.findById(id, { name: 1 }).lean())?.name ?? null;
    },
  );
  return { items: docs.map(presentOrgSummary), nextCursor };
}

export async function getOrganization(actor: Actor, id: Types.ObjectId | string): Promise<OrgDetailView> {
  const org = await OrganizationModel.findById(id, WITHOUT_GRAMS).lean<OrgLean>();
  if (!org) throw notFound('单位');
  const people = await PersonModel.find({ orgId: org._id }, { ...WITHOUT_GRAMS, contacts: 0 })
    .sort(NAME_ORDER)
    .collation(PINYIN)
    .limit(PEOPLE_ON_PROFILE)
    .populate('orgId', 'name kind')
    .lean<PersonLean[]>();
  const canEdit = can(actor, 'organization.update', { orgId: org._id });
  return presentOrgDetail(org, people.map(presentPersonSummary), canEdit);
}

type SearchSource = Pick<OrgLean, 'name' | 'aliases' | 'capabilities' | 'needs' | 'intro' | 'fields'> & {
  keywords?: string[] | null;
};

/** Search keys recomputed from the organization's state after the write. */
async function searchFieldsOf(org: SearchSource) {
  // Most records carry no industry fields: skip reading the taxonomy then (one round trip less).
  const labels = org.fields.length > 0 ? await fieldLabelsByCode() : new Map<string, string>();
  return orgSearchFields({ ...org, fieldLabels: org.fields.map((code) => labels.get(code) ?? code) });
}

async function rejectTakenName(name: string, except?: Types.ObjectId) {
  const key = normalizeOrgName(name);
  const taken = await OrganizationModel.findOne(
    { $or: [{ nameKey: key }, { aliasKeys: key }] },
    { name: 1 },
  ).lean();
  if (taken && !taken._id.equals(except)) {
    throw conflict(`已有同名单位「${taken.name}」`, { organizationId: taken._id.toHexString() });
  }
}

/**
 * Form fields → stored shape (province and city live under `region`, in their official
 * spelling: a city sent alone is read within the stored province).
 */
function stored(input: OrgUpdateInput, before: OrgLean['region']) {
  const { province, city, ...rest } = input;
  if (province === undefined && city === undefined) return rest;
  const region = normalizeRegion({ province: province ?? before?.province, city: city ?? before?.city });
  return {
    ...rest,
    ...(province !== undefined || region.province !== (before?.province ?? null)
      ? { 'region.province': region.province }
      : {}),
    ...(city !== undefined || region.city !== (before?.city ?? null) ? { 'region.city': region.city } : {}),
  };
}

export async function createOrganization(actor: Actor, body: OrgCreateInput): Promise<OrgDetailView> {
  await rejectTakenName(body.name);
  const { province, city, ...rest } = body;
  const member = body.allianceRole !== undefined && body.allianceRole !== 'non_member';
  let created;
  try {
    created = await OrganizationModel.create({
      ...rest,
      region: normalizeRegion({ province, city }),
      membership: member ? { status: 'active', joinedAt: new Date() } : { status: 'none' },
      ...(await searchFieldsOf({ aliases: [], fields: [], ...body })),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(`已有同名单位「${body.name}」`);
    throw err;
  }
  await recordAudit({
    actorId: actor.id,
    action: 'organization.create',
    entity: { type: 'organization', id: created._id },
    after: body,
  });
  // The profile of a record just written, with no people yet: no need to read it back.
  const canEdit = can(actor, 'organization.update', { orgId: created._id });
  return presentOrgDetail(created.toObject<OrgLean>(), [], canEdit);
}

export async function updateOrganization(
  actor: Actor,
  id: string,
  body: OrgUpdateInput,
): Promise<OrgDetailView> {
  const before = await OrganizationModel.findById(id).lean<OrgLean>();
  if (!before) throw notFound('单位');
  if (!can(actor, 'organization.update', { orgId: before._id })) throw forbidden('只能编辑本单位的信息');
  // Sent at all counts as a change: the member's form leaves these fields out (it shows them read-only).
  if (!can(actor, 'organization.update', { orgId: before._id, changes: Object.keys(body) })) {
    throw forbidden('单位名称、类型和联盟职务由秘书处维护，如需修改请联系秘书处');
  }
  if (body.name && normalizeOrgName(body.name) !== before.nameKey)
    await rejectTakenName(body.name, before._id);
  const after = { ...before, ...body };
  try {
    await OrganizationModel.updateOne(
      { _id: before._id },
      { $set: { ...stored(body, before.region), ...(await searchFieldsOf(after)) } },
    );
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('已有同名单位');
    throw err;
  }
  // People carry their organization's name in their search keys.
  if (body.name && body.name !== before.name) await refreshPeopleOfOrg(before._id);
  // Achievements and demands carry its name, aliases, kind and province in their keys and filters.
  if ([body.name, body.aliases, body.kind, body.province].some((v) => v !== undefined)) {
    await refreshPublicationsOfOrg(before._id);
  }
  const previous = { ...before, province: before.region?.province, city: before.region?.city } as Record<
    string,
    unknown
  >;
  await recordAudit({
    actorId: actor.id,
    action: 'organization.update',
    entity: { type: 'organization', id: before._id },
    before: Object.fromEntries(Object.keys(body).map((k) => [k, previous[k] ?? null])),
    after: body,
  });
  return getOrganization(actor, before._id);
}
