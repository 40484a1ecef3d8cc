import { Types } from 'mongoose';
import {
  normalizeOrgName,
  type PersonCreateInput,
  type PersonDetailView,
  type PersonListQuery,
  type PersonSummaryView,
  type PersonUpdateInput,
} from '@alliance-hub/types';
import { forbidden, notFound, validation } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { exchangedPersonIds, visibleContactFields } from '../directory/privacy';
import { personSearchFields, queryGrams } from '../directory/search-tokens';
import { searchTiers, tieredPage, unionOfTiers } from '../directory/tiered-search';
import { aggregateAll } from '../../lib/aggregate-command';
import type { JoinedRead, SignedInReads } from '../../middleware/auth';
import { OrganizationModel } from '../organizations/organization.model';
import { UserModel } from '../users/user.model';
import { PersonModel } from './person.model';
import {
  PERSON_SUMMARY_FIELDS,
  presentPersonDetail,
  presentPersonSummary,
  type PersonLean,
  type PersonSummaryLean,
} from './person.presenter';

const WITHOUT_GRAMS = { nameGrams: 0, textGrams: 0 } as const;

/** A person as a directory page reads it, before its organization is populated. */
type PersonRow = Omit<PersonSummaryLean, 'orgId'> & { orgId?: Types.ObjectId };

/**
 * A page of the people directory. `signedIn` (the route's allowJoined reads) sends the first read
 * with the session check in one round trip: the organizations a query names when it has one, else
 * the page itself, every tier in one aggregation (unionOfTiers). The organizations on the page are
 * then read in one query; a next page's cursor waits for the session to be admitted.
 */
export async function listPeople(
  query: PersonListQuery,
  signedIn?: SignedInReads,
): Promise<{ items: PersonSummaryView[]; nextCursor: string | null }> {
  const base: Record<string, unknown> = {};
  // An aggregation's filter is not cast by the schema as a find's is: the id as stored.
  if (query.orgId) base.orgId = new Types.ObjectId(query.orgId);
  const named = query.q && !query.orgId ? await orgsNamed(query.q, signedIn?.read) : [];
  const tiers = named.length > 0 ? orgPeopleTiers(named, query.q ?? '', base) : searchTiers(query.q, base);
  const { docs, nextCursor } = await tieredPage<PersonRow>(
    unionOfTiers(PersonModel, PERSON_SUMMARY_FIELDS, signedIn?.read),
    tiers,
    query,
    async (id) => {
      await signedIn?.verify();
      return (await PersonModel.findById(id, { name: 1 }).lean())?.name ?? null;
    },
  );
  const people = (await PersonModel.populate(docs, {
    path: 'orgId',
    select: 'name kind',
    options: { lean: true },
  })) as PersonSummaryLean[];
  return { items: people.map(presentPersonSummary), nextCursor };
}

/** Organizations whose full name or alias (简称) is exactly the query, e.g. 哈工大. */
async function orgsNamed(q: string, read: JoinedRead = aggregateAll): Promise<Types.ObjectId[]> {
  const key = normalizeOrgName(q);
  if (!key) return [];
  const orgs = await read<{ _id: Types.ObjectId }>(OrganizationModel, [
    { $match: { $or: [{ nameKey: key }, { aliasKeys: key }] } },
    { $project: { _id: 1 } },
  ]);
  return orgs.map((org) => org._id);
}

/**
 * A query that names an organization means its people: they come first, then people whose own
 * name matches. Bigram matching on organization names is left out here, because the grams of an
 * alias also occur in other organizations' names (哈工大 → 哈, 工大 ⊂ 哈尔滨理工大学).
 */
function orgPeopleTiers(orgIds: Types.ObjectId[], q: string, base: Record<string, unknown>) {
  return [
    { ...base, orgId: { $in: orgIds } },
    { ...base, orgId: { $nin: orgIds }, nameGrams: { $all: queryGrams(q) } },
  ];
}

export async function getPerson(actor: Actor, id: Types.ObjectId | string): Promise<PersonDetailView> {
  const person = await PersonModel.findById(id, WITHOUT_GRAMS)
    .populate('orgId', 'name kind')
    .lean<PersonLean>();
  if (!person) throw notFound('人员');
  const [exchangedWith, account] = await Promise.all([
    exchangedPersonIds(actor),
    UserModel.exists({ personId: person._id, status: 'active' }),
  ]);
  const viewer = { ...actor, exchangedWith };
  return presentPersonDetail(
    person,
    visibleContactFields(viewer, person),
    can(actor, 'person.update', { personId: person._id }),
    account !== null,
  );
}

async function orgNameOf(orgId: Types.ObjectId | string | null | undefined): Promise<string | null> {
  if (!orgId) return null;
  const org = await OrganizationModel.findById(orgId, { name: 1 }).lean();
  if (!org) throw validation([{ path: 'body.orgId', message: '所选单位不存在' }]);
  return org.name;
}

/** Recomputes one person's search keys from their record and their organization's name. */
async function refreshPersonSearch(personId: Types.ObjectId): Promise<void> {
  const person = await PersonModel.findById(personId, { name: 1, title: 1, expertise: 1, orgId: 1 }).lean();
  if (!person) return;
  const orgName = await orgNameOf(person.orgId).catch(() => null);
  await PersonModel.updateOne({ _id: personId }, { $set: personSearchFields({ ...person, orgName }) });
}

export async function refreshPeopleOfOrg(orgId: Types.ObjectId): Promise<void> {
  const people = await PersonModel.find({ orgId }, { _id: 1 }).lean();
  for (const p of people) await refreshPersonSearch(p._id);
}

const CONTACT_KEYS = new Set(['mobile', 'email', 'wechatId']);

/** The audit log records that a contact field changed, never its value (staff read the log). */
function auditable(values: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, CONTACT_KEYS.has(k) ? (v ? '（已填写）' : null) : v]),
  );
}

/** Form fields → stored shape (contact fields live under `contacts`; null clears a field). */
function stored(input: PersonUpdateInput) {
  const { mobile, email, wechatId, ...rest } = input;
  const contacts = { mobile, email, wechatId };
  const set: Record<string, unknown> = { ...rest };
  const unset: Record<string, 1> = {};
  for (const [key, value] of Object.entries(contacts)) {
    if (value === undefined) continue;
    if (value === null) unset[`contacts.${key}`] = 1;
    else set[`contacts.${key}`] = value;
  }
  return { set, unset };
}

export async function createPerson(actor: Actor, body: PersonCreateInput): Promise<PersonDetailView> {
  const { mobile, email, wechatId, ...rest } = body;
  const orgName = await orgNameOf(body.orgId);
  const created = await PersonModel.create({
    ...rest,
    contacts: { mobile: mobile ?? undefined, email: email ?? undefined, wechatId: wechatId ?? undefined },
    ...personSearchFields({ ...body, orgName }),
  });
  await recordAudit({
    actorId: actor.id,
    action: 'person.create',
    entity: { type: 'person', id: created._id },
    after: { ...rest, orgId: body.orgId ?? null },
  });
  return getPerson(actor, created._id);
}

export async function updatePerson(
  actor: Actor,
  id: string,
  body: PersonUpdateInput,
): Promise<PersonDetailView> {
  const before = await PersonModel.findById(id, WITHOUT_GRAMS).lean();
  if (!before) throw notFound('人员');
  if (!can(actor, 'person.update', { personId: before._id })) throw forbidden('只能编辑自己的信息');
  // Forms send the whole record: an unchanged organization is not a change.
  const changes = Object.keys(body).filter(
    (key) => key !== 'orgId' || String(body.orgId ?? null) !== String(before.orgId ?? null),
  );
  if (!can(actor, 'person.update', { personId: before._id, changes })) {
    throw forbidden('所属单位由联盟秘书处维护：加入单位请提交入会申请，或联系秘书处调整');
  }
  const { set, unset } = stored(body);
  await PersonModel.updateOne(
    { _id: before._id },
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
  );
  await refreshPersonSearch(before._id);
  const previous = { ...before, ...before.contacts } as Record<string, unknown>;
  await recordAudit({
    actorId: actor.id,
    action: 'person.update',
    entity: { type: 'person', id: before._id },
    before: auditable(Object.fromEntries(Object.keys(body).map((k) => [k, previous[k] ?? null]))),
    after: auditable(body),
  });
  return getPerson(actor, before._id);
}
