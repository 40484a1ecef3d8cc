import { Types } from 'mongoose';
import type {
  InterestCreateInput,
  InterestListQuery,
  InterestView,
  SelectionItemKind,
} from '@alliance-hub/types';
import { forbidden, notFound } from '../../errors';
import { afterCursor, pageFrom } from '../../lib/pagination';
import { retryOnDuplicate } from '../../lib/mongo-errors';
import { can, type Actor } from '../../policy/policy';
import { achievements } from '../achievements/achievement.service';
import { recordAudit } from '../audit/audit.service';
import { demands } from '../demands/demand.service';
import { InterestModel } from './interest.model';
import { presentLead, SELECTION_REFS, type LeadLean } from './selection.presenter';
import { itemsOf } from './selection.service';

const services = { achievement: achievements, demand: demands };
const NOUN: Record<SelectionItemKind, string> = { achievement: '成果', demand: '需求' };

/** The alliance's staff work event-less leads (no event staff to hand them to). */
const isLeadStaff = (actor: Actor) => can(actor, 'selection.manage', {});

async function present(docs: LeadLean[]): Promise<InterestView[]> {
  const items = await itemsOf(docs);
  return docs.map((d) => presentLead(d, items.get(d.itemId.toHexString())));
}

const loadPresented = async (id: Types.ObjectId) => {
  const doc = await InterestModel.findById(id).populate(SELECTION_REFS).lean<LeadLean>();
  if (!doc) throw notFound('意向记录');
  return (await present([doc]))[0];
};

/**
 * 我感兴趣 on an item's page, outside any event. Idempotent per (person, item) through the unique
 * index, as a 点菜 tick is per event: a repeat answers the same lead (its note replaced when sent),
 * and only the first counts towards the item's interest.
 */
export async function expressInterest(
  actor: Actor,
  itemKind: SelectionItemKind,
  itemId: string,
  body: InterestCreateInput,
): Promise<{ created: boolean; interest: InterestView }> {
  if (!actor.personId) throw forbidden('请先完善个人名片后再表示感兴趣');
  const item = await services[itemKind].loadSelectable(actor, itemId);
  if (actor.orgId?.equals(item.ownerOrgId)) throw forbidden(`这是本单位的${NOUN[itemKind]}，无需表示感兴趣`);
  const key = { personId: actor.personId, itemKind, itemId: item._id };
  const result = await retryOnDuplicate(() =>
    InterestModel.findOneAndUpdate(
      key,
      {
        $setOnInsert: { ...key, userId: actor.id, ...(actor.orgId ? { orgId: actor.orgId } : {}) },
        ...(body.note !== undefined ? { $set: { note: body.note } } : {}),
      },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    ),
  );
  const doc = result.value;
  if (!doc) throw notFound('意向记录');
  const created = !result.lastErrorObject?.updatedExisting;
  if (created) {
    await services[itemKind].countSelection(item._id);
    await recordAudit({
      actorId: actor.id,
      action: 'interest.create',
      entity: { type: 'interest', id: doc._id },
      after: { itemKind, itemId, note: body.note ?? null },
    });
  }
  return { created, interest: await loadPresented(doc._id) };
}

/** The staff see every event-less lead (their work list); anyone else sees their own. */
export async function listInterests(
  actor: Actor,
  query: InterestListQuery,
): Promise<{ items: InterestView[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = {};
  if (!isLeadStaff(actor)) {
    if (!actor.personId) return { items: [], nextCursor: null };
    filter.personId = actor.personId;
  }
  if (query.handled) filter.handledAt = query.handled === 'yes' ? { $ne: null } : null;
  if (query.itemKind) filter.itemKind = query.itemKind;
  if (query.itemId) filter.itemId = new Types.ObjectId(query.itemId);
  const docs = await InterestModel.find(afterCursor(filter, query.cursor))
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .populate(SELECTION_REFS)
    .lean<LeadLean[]>();
  const page = pageFrom(docs, query.limit, (d) => d);
  return { items: await present(page.items), nextCursor: page.nextCursor };
}

export async function markInterestHandled(
  actor: Actor,
  interestId: string,
  handled: boolean,
): Promise<InterestView> {
  if (!isLeadStaff(actor)) throw forbidden('只有联盟工作人员可以处理意向线索');
  const id = new Types.ObjectId(interestId);
  const update = handled
    ? { $set: { handledAt: new Date(), handledBy: actor.id } }
    : { $unset: { handledAt: 1, handledBy: 1 } };
  // Marking twice keeps the first handler and time.
  const filter = handled ? { _id: id, handledAt: null } : { _id: id };
  const result = await InterestModel.updateOne(filter, update);
  if (result.matchedCount === 0 && !(await InterestModel.exists({ _id: id }))) throw notFound('意向记录');
  if (result.modifiedCount > 0) {
    await recordAudit({
      actorId: actor.id,
      action: handled ? 'interest.handle' : 'interest.reopen',
      entity: { type: 'interest', id },
      after: { handled },
    });
  }
  return loadPresented(id);
}
