import { Types } from 'mongoose';
import { AppError, validation } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { exchangedPersonIds, visibleContactFields } from '../directory/privacy';
import { OrganizationModel } from '../organizations/organization.model';
import type { OrgLean } from '../organizations/organization.presenter';
import { PersonModel } from '../people/person.model';
import { fieldLabelsByCode } from '../taxonomy/taxonomy.service';
import type { OwnerOrgView, PublicationContactView } from '@alliance-hub/types';

/** What items show of their owner, and what the filters and search keys copy from it. */
export type OwnerLean = Pick<OrgLean, '_id' | 'name' | 'aliases' | 'kind' | 'region' | 'allianceRole'>;
const OWNER_PROJECTION = { name: 1, aliases: 1, kind: 1, region: 1, allianceRole: 1 } as const;

export async function loadOwners(ids: Types.ObjectId[]): Promise<Map<string, OwnerLean>> {
  const unique = [...new Set(ids.map(String))].map((id) => new Types.ObjectId(id));
  const orgs = await OrganizationModel.find({ _id: { $in: unique } }, OWNER_PROJECTION).lean<OwnerLean[]>();
  return new Map(orgs.map((org) => [org._id.toHexString(), org]));
}

export function presentOwner(org: OwnerLean): OwnerOrgView {
  return {
    id: org._id.toHexString(),
    name: org.name,
    aliases: org.aliases ?? [],
    kind: org.kind,
    region: { province: org.region?.province ?? null, city: org.region?.city ?? null },
    allianceRole: org.allianceRole,
  };
}

/**
 * The organization an item is published for. Members publish for their own organization only
 * (omitted = theirs); the alliance's staff name any organization.
 */
export async function resolveOwner(actor: Actor, requested: string | undefined): Promise<OwnerLean> {
  const ownerId = requested ? new Types.ObjectId(requested) : actor.orgId;
  if (!ownerId) {
    if (can(actor, 'publication.write')) {
      throw validation([{ path: 'body.ownerOrgId', message: '请选择所属单位' }]);
    }
    throw new AppError(403, 'PUBLISH_FOR_OTHER_ORG', '加入成员单位后才能发布');
  }
  if (!can(actor, 'publication.write', { orgId: ownerId })) {
    throw new AppError(403, 'PUBLISH_FOR_OTHER_ORG', '只能以本单位的名义发布');
  }
  const owner = (await loadOwners([ownerId])).get(ownerId.toHexString());
  if (!owner) throw validation([{ path: 'body.ownerOrgId', message: '所属单位不存在' }]);
  return owner;
}

/** Field codes must come from the taxonomy (built-in or added by the secretariat). */
export async function checkFieldCodes(codes: string[] | undefined): Promise<void> {
  if (!codes) return;
  const labels = await fieldLabelsByCode();
  const unknown = codes.filter((code) => !labels.has(code));
  if (unknown.length > 0) {
    throw validation([{ path: 'body.fields', message: `未知的领域：${unknown.join('、')}` }]);
  }
}

export async function fieldLabelsOf(codes: string[]): Promise<string[]> {
  const labels = await fieldLabelsByCode();
  return codes.map((code) => labels.get(code) ?? code);
}

/**
 * Contact people must exist; a member names people of the owner organization only (their
 * colleagues), so nobody lists a stranger's phone number under their own item.
 */
export async function checkContactPeople(
  actor: Actor,
  ids: string[] | undefined,
  ownerOrgId: Types.ObjectId,
): Promise<void> {
  if (!ids || ids.length === 0) return;
  const people = await PersonModel.find({ _id: { $in: ids } }, { orgId: 1 }).lean();
  const found = new Map(people.map((p) => [p._id.toHexString(), p]));
  const missing = ids.filter((id) => !found.has(id.toLowerCase()));
  if (missing.length > 0) {
    throw validation([{ path: 'body.contactPersonIds', message: '联系人不存在，请从名录中选择' }]);
  }
  // Whoever may publish for an organization not their own (the staff) may name anyone.
  const mayNameAnyone = can(actor, 'publication.write', { orgId: new Types.ObjectId() });
  if (!mayNameAnyone && people.some((p) => !p.orgId?.equals(ownerOrgId))) {
    throw validation([{ path: 'body.contactPersonIds', message: '联系人须为本单位人员' }]);
  }
}

/** Contact people in the stored order, their contact fields filtered by the directory's privacy rule. */
export async function presentContacts(
  actor: Actor,
  ids: Types.ObjectId[],
): Promise<PublicationContactView[]> {
  if (ids.length === 0) return [];
  const [people, exchangedWith] = await Promise.all([
    PersonModel.find({ _id: { $in: ids } }, { name: 1, title: 1, contacts: 1, card: 1 }).lean(),
    exchangedPersonIds(actor),
  ]);
  const byId = new Map(people.map((p) => [p._id.toHexString(), p]));
  return ids.flatMap((id) => {
    const person = byId.get(id.toHexString());
    if (!person) return [];
    const visible = visibleContactFields({ ...actor, exchangedWith }, person);
    const pick = (field: 'mobile' | 'email' | 'wechatId') =>
      visible.includes(field) ? (person.contacts?.[field] ?? null) : null;
    return [
      {
        personId: person._id.toHexString(),
        name: person.name,
        title: person.title ?? null,
        contacts: { mobile: pick('mobile'), email: pick('email'), wechatId: pick('wechatId') },
        contactsHidden: visible.length === 0,
      },
    ];
  });
}
