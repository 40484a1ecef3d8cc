import { Types } from 'mongoose';
import type {
  SelectionCreateInput,
  SelectionItemKind,
  SelectionListQuery,
  SelectionView,
} from '@alliance-hub/types';
import { forbidden, notFound } from '../../errors';
import { afterCursor, pageFrom } from '../../lib/pagination';
import { retryOnDuplicate } from '../../lib/mongo-errors';
import { can, type Actor } from '../../policy/policy';
import { AchievementModel } from '../achievements/achievement.model';
import { achievements } from '../achievements/achievement.service';
import { recordAudit } from '../audit/audit.service';
import { DemandModel } from '../demands/demand.model';
import { demands } from '../demands/demand.service';
import { assertCanReadEvent } from '../events/event-access';
import type { EventLean } from '../events/event.presenter';
import { loadEvent } from '../events/event.service';
import { OrganizationModel } from '../organizations/organization.model';
import { SelectionModel } from './selection.model';
import {
  presentSelection,
  SELECTION_REFS,
  type SelectedItem,
  type SelectionLean,
} from './selection.presenter';

const services = { achievement: achievements, demand: demands };
const runsEvent = (actor: Actor, event: EventLean) =>
  can(actor, 'selection.manage', { event: { registrationMode: event.registrationMode, staff: event.staff } });

/** Titles and owners of the selected items, for the work list. */
export async function itemsOf(selections: Array<{ itemKind: SelectionItemKind; itemId: Types.ObjectId }>) {
  const ids = (kind: SelectionItemKind) => selections.filter((s) => s.itemKind === kind).map((s) => s.itemId);
  const [achievementDocs, demandDocs] = await Promise.all([
    AchievementModel.find({ _id: { $in: ids('achievement') } }, { title: 1, ownerOrgId: 1 }).lean(),
    DemandModel.find({ _id: { $in: ids('demand') } }, { title: 1, ownerOrgId: 1 }).lean(),
  ]);
  const docs = [...achievementDocs, ...demandDocs];
  const owners = await OrganizationModel.find(
    { _id: { $in: docs.map((d) => d.ownerOrgId) } },
    { name: 1 },
  ).lean();
  const ownerNames = new Map(owners.map((o) => [o._id.toHexString(), o.name]));
  return new Map<string, SelectedItem>(
    docs.map((d) => [
      d._id.toHexString(),
      {
        title: d.title,
        owner: { id: d.ownerOrgId.toHexString(), name: ownerNames.get(d.ownerOrgId.toHexString()) ?? '' },
      },
    ]),
  );
}

async function present(selections: SelectionLean[], event: EventLean): Promise<SelectionView[]> {
  const items = await itemsOf(selections);
  const brief = { id: event._id.toHexString(), title: event.title };
  return selections.map((s) => presentSelection(s, brief, items.get(s.itemId.toHexString())));
}

const loadPresented = async (id: Types.ObjectId, event: EventLean) => {
  const doc = await SelectionModel.findById(id).populate(SELECTION_REFS).lean<SelectionLean>();
  if (!doc) throw notFound('选择记录');
  return (await present([doc], event))[0];
};

/**
 * 点菜式: ticking an item at an event. Idempotent per (person, item, event) through the unique
 * index: concurrent ticks upsert one document (a losing concurrent insert is retried as an
 * update), and only the tick that created it counts towards the item's selections.
 */
export async function select(
  actor: Actor,
  eventId: string,
  body: SelectionCreateInput,
): Promise<{ created: boolean; selection: SelectionView }> {
  const event = await loadEvent(eventId);
  await assertCanReadEvent(actor, event);
  if (!actor.personId) throw forbidden('请先完善个人名片后再选择成果或需求');
  const item = await services[body.itemKind].loadSelectable(actor, body.itemId);
  const key = { personId: actor.personId, itemKind: body.itemKind, itemId: item._id, eventId: event._id };
  const result = await retryOnDuplicate(() =>
    SelectionModel.findOneAndUpdate(
      key,
      {
        $setOnInsert: { ...key, userId: actor.id, ...(actor.orgId ? { orgId: actor.orgId } : {}) },
        ...(body.note !== undefined ? { $set: { note: body.note } } : {}),
      },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    ),
  );
  const doc = result.value;
  if (!doc) throw notFound('选择记录');
  const created = !result.lastErrorObject?.updatedExisting;
  if (created) {
    await services[body.itemKind].countSelection(item._id);
    await recordAudit({
      actorId: actor.id,
      action: 'selection.create',
      entity: { type: 'selection', id: doc._id },
      after: { eventId, itemKind: body.itemKind, itemId: body.itemId, note: body.note ?? null },
    });
  }
  return { created, selection: await loadPresented(doc._id, event) };
}

/** The event's staff see every tick (the work list); anyone else sees their own. */
export async function listSelections(
  actor: Actor,
  eventId: string,
  query: SelectionListQuery,
): Promise<{ items: SelectionView[]; nextCursor: string | null }> {
  const event = await loadEvent(eventId);
  await assertCanReadEvent(actor, event);
  const filter: Record<string, unknown> = { eventId: event._id };
  if (!runsEvent(actor, event)) {
    if (!actor.personId) return { items: [], nextCursor: null };
    filter.personId = actor.personId;
  }
  if (query.handled) filter.handledAt = { $exists: query.handled === 'yes' };
  if (query.itemKind) filter.itemKind = query.itemKind;
  const docs = await SelectionModel.find(afterCursor(filter, query.cursor))
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .populate(SELECTION_REFS)
    .lean<SelectionLean[]>();
  const page = pageFrom(docs, query.limit, (d) => d);
  return { items: await present(page.items, event), nextCursor: page.nextCursor };
}

export async function markHandled(
  actor: Actor,
  eventId: string,
  selectionId: string,
  handled: boolean,
): Promise<SelectionView> {
  const event = await loadEvent(eventId);
  if (!runsEvent(actor, event)) throw forbidden('只有活动工作人员可以处理选择记录');
  const id = new Types.ObjectId(selectionId);
  const update = handled
    ? { $set: { handledAt: new Date(), handledBy: actor.id } }
    : { $unset: { handledAt: 1, handledBy: 1 } };
  // Marking twice keeps the first handler and time.
  const filter = handled
    ? { _id: id, eventId: event._id, handledAt: { $exists: false } }
    : { _id: id, eventId: event._id };
  const result = await SelectionModel.updateOne(filter, update);
  if (result.matchedCount === 0 && !(await SelectionModel.exists({ _id: id, eventId: event._id }))) {
    throw notFound('选择记录');
  }
  if (result.modifiedCount > 0) {
    await recordAudit({
      actorId: actor.id,
      action: handled ? 'selection.handle' : 'selection.reopen',
      entity: { type: 'selection', id },
      after: { handled },
    });
  }
  return loadPresented(id, event);
}
