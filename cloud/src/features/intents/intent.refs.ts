import mongoose, { Types } from 'mongoose';
import type { IntentCreateInput, IntentFrom, IntentLinksInput, IntentPartyInput } from '@alliance-hub/types';
import { AppError, validation, type FieldProblem } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { checkFieldCodes } from '../publications/publication.refs';
import { EventModel } from '../events/event.model';
import { InteractionModel } from '../interactions/interaction.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { SelectionModel } from '../selections/selection.model';
import { UserModel } from '../users/user.model';
import { IntentModel } from './intent.model';

type Id = Types.ObjectId;
export const oid = (id: string) => new Types.ObjectId(id);

export { checkFieldCodes };

/** Parties must name organizations in the directory, and people of those organizations. */
export async function resolveParties(parties: IntentPartyInput[], path = 'body.parties') {
  const orgIds = parties.map((p) => oid(p.organizationId));
  const personIds = parties.flatMap((p) => (p.personIds ?? []).map(oid));
  const [orgs, people] = await Promise.all([
    OrganizationModel.find({ _id: { $in: orgIds } }, { _id: 1 }).lean(),
    personIds.length ? PersonModel.find({ _id: { $in: personIds } }, { orgId: 1 }).lean() : [],
  ]);
  const knownOrgs = new Set(orgs.map((o) => o._id.toHexString()));
  const personOrg = new Map(people.map((p) => [p._id.toHexString(), p.orgId?.toHexString() ?? null]));
  const problems: FieldProblem[] = [];
  parties.forEach((party, i) => {
    if (!knownOrgs.has(party.organizationId.toLowerCase()))
      problems.push({ path: `${path}.${i}.organizationId`, message: '单位不在名录中，请重新选择' });
    for (const personId of party.personIds ?? []) {
      const org = personOrg.get(personId.toLowerCase());
      if (org === undefined) problems.push({ path: `${path}.${i}.personIds`, message: '有联系人不在名录中' });
      else if (org !== party.organizationId.toLowerCase())
        problems.push({ path: `${path}.${i}.personIds`, message: '联系人应是该单位的人员' });
    }
  });
  if (problems.length > 0) throw validation(problems);
  return {
    parties: parties.map((p) => ({
      organizationId: oid(p.organizationId),
      role: p.role,
      personIds: (p.personIds ?? []).map(oid),
    })),
    partyOrgIds: orgIds,
  };
}

async function countIn(collection: string, ids: Id[]): Promise<number> {
  if (ids.length === 0) return 0;
  return mongoose.connection.collection(collection).countDocuments({ _id: { $in: ids } });
}

export type StoredLinks = {
  achievementIds: Id[];
  demandIds: Id[];
  eventIds: Id[];
  interactionIds: Id[];
};

/** Linked records must exist: a link to nothing would show as 已删除 from day one. */
export async function resolveLinks(links: IntentLinksInput, path = 'body.links'): Promise<StoredLinks> {
  const stored: StoredLinks = {
    achievementIds: (links.achievementIds ?? []).map(oid),
    demandIds: (links.demandIds ?? []).map(oid),
    eventIds: (links.eventIds ?? []).map(oid),
    interactionIds: (links.interactionIds ?? []).map(oid),
  };
  const [achievements, demands, events, interactions] = await Promise.all([
    countIn('achievements', stored.achievementIds),
    countIn('demands', stored.demandIds),
    stored.eventIds.length ? EventModel.countDocuments({ _id: { $in: stored.eventIds } }) : 0,
    stored.interactionIds.length
      ? InteractionModel.countDocuments({ _id: { $in: stored.interactionIds }, deletedAt: null })
      : 0,
  ]);
  const problems: FieldProblem[] = [];
  if (achievements !== stored.achievementIds.length)
    problems.push({ path: `${path}.achievementIds`, message: '关联的成果不存在' });
  if (demands !== stored.demandIds.length)
    problems.push({ path: `${path}.demandIds`, message: '关联的需求不存在' });
  if (events !== stored.eventIds.length)
    problems.push({ path: `${path}.eventIds`, message: '关联的活动不存在' });
  if (interactions !== stored.interactionIds.length)
    problems.push({ path: `${path}.interactionIds`, message: '关联的互动记录不存在' });
  if (problems.length > 0) throw validation(problems);
  return stored;
}

/** The latest `at` among the linked interactions: the intent's last contact. */
export async function lastContactOf(interactionIds: Id[]): Promise<Date | undefined> {
  if (interactionIds.length === 0) return undefined;
  const latest = await InteractionModel.findOne({ _id: { $in: interactionIds }, deletedAt: null }, { at: 1 })
    .sort({ at: -1 })
    .lean();
  return latest?.at;
}

/** Owners are coordinators or the secretariat with an active account. */
export async function checkOwner(actor: Actor, ownerId: Id, path = 'body.ownerUserId'): Promise<void> {
  const owner = await UserModel.findById(ownerId, { role: 1, status: 1 }).lean();
  if (!owner || owner.status !== 'active' || !can(actor, 'intent.own', { assigneeRole: owner.role })) {
    throw new AppError(400, 'VALIDATION_FAILED', '负责人只能是白衬衫或秘书处的同事', [
      { path, message: '请选择白衬衫或秘书处的同事' },
    ]);
  }
}

export type SourceFacts = {
  source: { kind: IntentFrom['kind']; refId?: Id };
  selectionId?: Id;
  match?: { demandId: Id; achievementId: Id };
  /** Links the source adds to those given. */
  extra: Partial<StoredLinks>;
};

/** Where it came from must exist; its achievement, demand or interaction joins the links. */
export async function resolveSource(from: IntentFrom): Promise<SourceFacts> {
  switch (from.kind) {
    case 'manual':
      return { source: { kind: 'manual' }, extra: {} };
    case 'selection': {
      const selection = await SelectionModel.findById(from.selectionId).lean();
      if (!selection) throw validation([{ path: 'body.from.selectionId', message: '点菜式选择记录不存在' }]);
      const item = selection.itemKind === 'achievement' ? 'achievementIds' : 'demandIds';
      return {
        source: { kind: 'selection', refId: selection._id },
        selectionId: selection._id,
        extra: { [item]: [selection.itemId], eventIds: selection.eventId ? [selection.eventId] : [] },
      };
    }
    case 'interaction': {
      const interaction = await InteractionModel.findOne(
        { _id: oid(from.interactionId), deletedAt: null },
        { _id: 1 },
      ).lean();
      if (!interaction) throw validation([{ path: 'body.from.interactionId', message: '互动记录不存在' }]);
      return {
        source: { kind: 'interaction', refId: interaction._id },
        extra: { interactionIds: [interaction._id] },
      };
    }
    case 'match': {
      const demandId = oid(from.demandId);
      const achievementId = oid(from.achievementId);
      const [demands, achievements] = await Promise.all([
        countIn('demands', [demandId]),
        countIn('achievements', [achievementId]),
      ]);
      if (!demands || !achievements)
        throw validation([{ path: 'body.from', message: '对接的需求或成果不存在' }]);
      return {
        source: { kind: 'match', refId: demandId },
        match: { demandId, achievementId },
        extra: { demandIds: [demandId], achievementIds: [achievementId] },
      };
    }
  }
}

export const mergeIds = (a: Id[], b: Id[] = []) => {
  const seen = new Set(a.map((id) => id.toHexString()));
  return [...a, ...b.filter((id) => !seen.has(id.toHexString()) && seen.add(id.toHexString()))];
};

const cycle = () =>
  new AppError(400, 'INTENT_CHAIN_CYCLE', '不能把后续意向设为前序意向：合作链不能首尾相接', [
    { path: 'body.parentId', message: '这会让合作链首尾相接，请选择更早的意向' },
  ]);

/** The longest chain followed: years of follow-on work are a handful of links, not hundreds. */
export const CHAIN_MAX = 50;

/**
 * A parent must exist and must not be the intent itself or one of its descendants (walking up
 * from the parent never reaches the intent).
 */
export async function checkParent(parentId: Id, selfId: Id | null): Promise<void> {
  let current: Id | null | undefined = parentId;
  const seen = new Set<string>();
  for (let hops = 0; current && hops <= CHAIN_MAX; hops++) {
    if (selfId && current.equals(selfId)) throw cycle();
    if (seen.has(current.toHexString())) throw cycle();
    seen.add(current.toHexString());
    const doc: { parentId?: Id | null } | null = await IntentModel.findById(current, { parentId: 1 }).lean();
    if (!doc) {
      if (hops === 0) throw validation([{ path: 'body.parentId', message: '前序意向不存在' }]);
      return;
    }
    current = doc.parentId;
  }
}

export type CreateRefs = Awaited<ReturnType<typeof resolveParties>> & {
  links: StoredLinks;
  source: SourceFacts;
};

export async function resolveCreate(input: IntentCreateInput): Promise<CreateRefs> {
  await checkFieldCodes(input.fields);
  const [parties, links, source] = await Promise.all([
    resolveParties(input.parties),
    resolveLinks(input.links),
    resolveSource(input.from),
  ]);
  if (input.parentId) await checkParent(oid(input.parentId), null);
  return {
    ...parties,
    source,
    links: {
      achievementIds: mergeIds(links.achievementIds, source.extra.achievementIds),
      demandIds: mergeIds(links.demandIds, source.extra.demandIds),
      eventIds: mergeIds(links.eventIds, source.extra.eventIds),
      interactionIds: mergeIds(links.interactionIds, source.extra.interactionIds),
    },
  };
}
