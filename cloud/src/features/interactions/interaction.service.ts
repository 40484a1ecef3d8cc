import mongoose, { Types } from 'mongoose';
import {
  TIME_CURSOR,
  type InteractionCreateInput,
  type InteractionListQuery,
  type InteractionUpdateInput,
  type InteractionView,
  type FollowUpInput,
} from '@alliance-hub/types';
import { AppError, conflict, forbidden, notFound, validation } from '../../errors';
import type { Clock } from '../../lib/clock';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { encodeCursor, readCursor } from '../../lib/pagination';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { EventModel } from '../events/event.model';
import { IntentModel } from '../intents/intent.model';
import { noteContact } from '../intents/intent.stale';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { createFollowUp } from '../tasks/task.service';
import { InteractionModel, timeKeysFor } from './interaction.model';
import { factsOf, namesFor, presentInteraction, type InteractionLean } from './interaction.presenter';

type Participants = InteractionCreateInput['participants'];
type Links = InteractionCreateInput['links'];
const oid = (id: string) => new Types.ObjectId(id);
const NOT_DELETED = { deletedAt: { $exists: false } };

/**
 * The people and organizations named must exist. An organization is involved whenever one of
 * its people is, so the log shows on its timeline and its members may be shown it.
 */
async function resolveParticipants(p: Participants) {
  const personIds = [...new Set(p.personIds)].map(oid);
  const people = await PersonModel.find({ _id: { $in: personIds } }, { orgId: 1 }).lean();
  if (people.length !== personIds.length) {
    throw validation([{ path: 'body.participants.personIds', message: '有参与人不在名录中，请重新选择' }]);
  }
  const orgHex = new Set([...p.orgIds, ...people.flatMap((x) => (x.orgId ? [x.orgId.toHexString()] : []))]);
  const orgIds = [...orgHex].map(oid);
  const found = await OrganizationModel.countDocuments({ _id: { $in: orgIds } });
  if (found !== orgIds.length) {
    throw validation([{ path: 'body.participants.orgIds', message: '有单位不在名录中，请重新选择' }]);
  }
  return { personIds, orgIds, unlisted: p.unlisted };
}

async function existsIn(collection: string, id: string): Promise<boolean> {
  const doc = await mongoose.connection
    .collection(collection)
    .findOne({ _id: oid(id) }, { projection: { _id: 1 } });
  return !!doc;
}

/** Links must point at something that exists. */
async function resolveLinks(links: Links) {
  const problems = [];
  if (links.intentId && !(await IntentModel.exists({ _id: links.intentId })))
    problems.push({ path: 'body.links.intentId', message: '关联的合作意向不存在' });
  if (links.eventId && !(await EventModel.exists({ _id: links.eventId })))
    problems.push({ path: 'body.links.eventId', message: '关联的活动不存在' });
  if (links.achievementId && !(await existsIn('achievements', links.achievementId)))
    problems.push({ path: 'body.links.achievementId', message: '关联的成果不存在' });
  if (links.demandId && !(await existsIn('demands', links.demandId)))
    problems.push({ path: 'body.links.demandId', message: '关联的需求不存在' });
  if (problems.length > 0) throw validation(problems);
  return {
    eventId: links.eventId ? oid(links.eventId) : undefined,
    intentId: links.intentId ? oid(links.intentId) : undefined,
    achievementId: links.achievementId ? oid(links.achievementId) : undefined,
    demandId: links.demandId ? oid(links.demandId) : undefined,
  };
}

function notInFuture(at: Date, now: Date, path: string) {
  // A log is about what happened; a few minutes of phone clock drift are tolerated.
  if (at.getTime() > now.getTime() + 10 * 60_000)
    throw validation([{ path, message: '互动时间不能晚于现在' }]);
}

async function present(actor: Actor, doc: InteractionLean): Promise<InteractionView> {
  return presentInteraction(actor, doc, await namesFor([doc]));
}

const clientIdTaken = () => conflict('这个客户端编号已被其他记录使用，请重新提交');

/**
 * Creates the interaction once per clientId. Concurrent retries race on the unique index; the
 * loser reads the winner's record. The follow-up is created after, itself idempotent, so a
 * retry after a crash between the two steps completes what the first attempt started.
 */
export async function logInteraction(
  actor: Actor,
  input: InteractionCreateInput & { followUp?: FollowUpInput },
  clock: Clock,
): Promise<{ created: boolean; interaction: InteractionView }> {
  const existing = await InteractionModel.findOne({ clientId: input.clientId }).lean<InteractionLean>();
  let doc = existing;
  let created = false;
  if (!existing) {
    const now = clock();
    const at = input.at ? new Date(input.at) : now;
    notInFuture(at, now, 'body.at');
    const participants = await resolveParticipants(input.participants);
    if (
      !can(actor, 'interaction.create', {
        interaction: { orgIds: participants.orgIds, visibility: input.visibility },
      })
    ) {
      throw new AppError(403, 'FORBIDDEN', '成员单位只能记录与本单位有关的互动，请在参与单位中选择本单位');
    }
    if (input.followUp && !can(actor, 'task.use')) throw forbidden('只有联盟工作人员可以安排后续跟进');
    const links = await resolveLinks(input.links);
    try {
      const made = await InteractionModel.create({
        type: input.type,
        at,
        ...participants,
        notes: input.note,
        ...links,
        visibility: input.visibility,
        createdBy: actor.id,
        clientId: input.clientId,
      });
      doc = made.toObject() as InteractionLean;
      created = true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      doc = await InteractionModel.findOne({ clientId: input.clientId }).lean<InteractionLean>();
    }
  }
  if (!doc || !doc.createdBy?.equals(actor.id)) throw clientIdTaken();
  if (doc.deletedAt) throw notFound('互动记录');
  if (input.followUp && !doc.followUpTaskId) {
    const task = await createFollowUp(actor, {
      ...input.followUp,
      clientKey: `interaction:${doc._id.toHexString()}`,
      links: {
        interactionId: doc._id,
        eventId: doc.eventId ?? undefined,
        organizationId: doc.orgIds[0],
        personId: doc.personIds[0],
        intentId: doc.intentId ?? undefined,
        achievementId: doc.achievementId ?? undefined,
        demandId: doc.demandId ?? undefined,
      },
    });
    await InteractionModel.updateOne(
      { _id: doc._id },
      { $set: { followUpTaskId: task._id } },
      { timestamps: false },
    );
    doc = { ...doc, followUpTaskId: task._id };
  }
  // The intent's last contact (its stale clock); only moves forward, so a retry is harmless.
  if (doc.intentId) await noteContact(doc.intentId, doc.at);
  return { created, interaction: await present(actor, doc) };
}

/** What non-staff may list: what they logged, and what was shown to their organization. */
function visibleTo(actor: Actor): Record<string, unknown> | undefined {
  if (can(actor, 'interaction.read')) return undefined;
  const shown = actor.role === 'member' && actor.orgId ? [{ visibility: 'orgs', orgIds: actor.orgId }] : [];
  return { $or: [{ createdBy: actor.id }, ...shown] };
}

export async function listInteractions(actor: Actor, query: InteractionListQuery) {
  const and: Record<string, unknown>[] = [NOT_DELETED];
  const visibility = visibleTo(actor);
  if (visibility) and.push(visibility);
  if (query.type) and.push({ type: query.type });
  if (query.orgId) and.push({ orgIds: oid(query.orgId) });
  if (query.personId) and.push({ personIds: oid(query.personId) });
  for (const key of ['eventId', 'intentId', 'achievementId', 'demandId'] as const) {
    const value = query[key];
    if (value) and.push({ [key]: oid(value) });
  }
  if (query.mine === 'yes') and.push({ createdBy: actor.id });
  if (query.from) and.push({ at: { $gte: new Date(query.from) } });
  if (query.to) and.push({ at: { $lt: new Date(query.to) } });
  const cursor = readCursor(TIME_CURSOR, query.cursor);
  if (cursor) {
    const at = new Date(cursor[0]);
    and.push({ $or: [{ at: { $lt: at } }, { at, _id: { $lt: oid(cursor[1]) } }] });
  }
  const docs = await InteractionModel.find({ $and: and })
    .sort({ at: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<InteractionLean[]>();
  const page = docs.slice(0, query.limit);
  const names = await namesFor(page);
  const last = page[page.length - 1];
  return {
    items: page.map((doc) => presentInteraction(actor, doc, names)),
    nextCursor:
      docs.length > query.limit && last
        ? encodeCursor(TIME_CURSOR, [last.at.getTime(), last._id.toHexString()])
        : null,
  };
}

/** Someone else's staff-only entry does not exist for a member (404, not 403). */
async function loadReadable(actor: Actor, id: string): Promise<InteractionLean> {
  const doc = await InteractionModel.findOne({ _id: id, ...NOT_DELETED }).lean<InteractionLean>();
  if (!doc || !can(actor, 'interaction.read', { interaction: factsOf(doc) })) throw notFound('互动记录');
  return doc;
}

export async function getInteraction(actor: Actor, id: string): Promise<InteractionView> {
  return present(actor, await loadReadable(actor, id));
}

async function loadChangeable(actor: Actor, id: string): Promise<InteractionLean> {
  const doc = await loadReadable(actor, id);
  if (doc.type === 'card_exchange') throw forbidden('交换名片的记录由系统生成，不能修改或删除');
  if (!can(actor, 'interaction.change', { interaction: factsOf(doc) }))
    throw forbidden('只能修改或删除自己记录的互动');
  return doc;
}

const auditSnapshot = (doc: InteractionLean) => ({
  type: doc.type,
  at: doc.at,
  personIds: doc.personIds,
  orgIds: doc.orgIds,
  unlisted: doc.unlisted,
  notes: doc.notes ?? null,
  eventId: doc.eventId ?? null,
  intentId: doc.intentId ?? null,
  achievementId: doc.achievementId ?? null,
  demandId: doc.demandId ?? null,
  visibility: doc.visibility,
});

export async function updateInteraction(
  actor: Actor,
  id: string,
  input: InteractionUpdateInput,
  clock: Clock,
): Promise<InteractionView> {
  const before = await loadChangeable(actor, id);
  const set: Record<string, unknown> = { updatedBy: actor.id };
  const unset: Record<string, 1> = {};
  if (input.type) set.type = input.type;
  if (input.at) {
    const at = new Date(input.at);
    notInFuture(at, clock(), 'body.at');
    set.at = at;
  }
  if (input.participants) Object.assign(set, await resolveParticipants(input.participants));
  if (input.note === null) unset.notes = 1;
  else if (input.note !== undefined) set.notes = input.note;
  if (input.links) {
    const links = await resolveLinks(input.links);
    for (const [key, value] of Object.entries(links)) {
      if (value) set[key] = value;
      else unset[key] = 1;
    }
  }
  if (input.visibility) set.visibility = input.visibility;
  const orgIds = (set.orgIds as Types.ObjectId[] | undefined) ?? before.orgIds;
  set.timeKeys = timeKeysFor({
    at: (set.at as Date | undefined) ?? before.at,
    orgIds,
    personIds: (set.personIds as Types.ObjectId[] | undefined) ?? before.personIds,
  });
  const visibility = input.visibility ?? before.visibility;
  // A member cannot move their entry off their own organization.
  if (!can(actor, 'interaction.create', { interaction: { orgIds, visibility } })) {
    throw new AppError(403, 'FORBIDDEN', '成员单位只能记录与本单位有关的互动，请在参与单位中选择本单位');
  }
  const after = await InteractionModel.findOneAndUpdate(
    { _id: before._id, ...NOT_DELETED },
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    { returnDocument: 'after' },
  ).lean<InteractionLean>();
  if (!after) throw notFound('互动记录');
  if (after.intentId) await noteContact(after.intentId, after.at);
  await recordAudit({
    actorId: actor.id,
    action: 'interaction.update',
    entity: { type: 'interaction', id: after._id },
    before: auditSnapshot(before),
    after: auditSnapshot(after),
  });
  return present(actor, after);
}

export async function deleteInteraction(actor: Actor, id: string, clock: Clock): Promise<void> {
  const doc = await loadChangeable(actor, id);
  const result = await InteractionModel.updateOne(
    { _id: doc._id, ...NOT_DELETED },
    { $set: { deletedAt: clock(), updatedBy: actor.id } },
  );
  if (result.modifiedCount === 0) return;
  await recordAudit({
    actorId: actor.id,
    action: 'interaction.delete',
    entity: { type: 'interaction', id: doc._id },
    before: auditSnapshot(doc),
  });
}
