import type { Types } from 'mongoose';
import { atLeast, type SelectionView, type TaskSelectionsQuery } from '@alliance-hub/types';
import { afterCursor, pageFrom } from '../../lib/pagination';
import type { Actor } from '../../policy/policy';
import { EventModel } from '../events/event.model';
import { SelectionModel } from './selection.model';
import { presentSelection, SELECTION_REFS, type SelectionLean } from './selection.presenter';
import { itemsOf } from './selection.service';

// 点菜 ticks at events: an event-less 我感兴趣 (if any) is followed up from the item, not here.
const UNHANDLED = { handledAt: { $exists: false }, eventId: { $ne: null } };

/**
 * Whose leads land in my 我的待办: the secretariat sees every event's, a coordinator those of the
 * events they work (on the staff list), so a lead has owners rather than every coordinator.
 */
async function leadFilter(actor: Actor): Promise<Record<string, unknown>> {
  if (atLeast(actor.role, 'secretariat')) return { ...UNHANDLED };
  const events = await EventModel.find({ 'staff.userId': actor.id }, { _id: 1 }).lean();
  return { handledAt: UNHANDLED.handledAt, eventId: { $in: events.map((e) => e._id) } };
}

/** 点菜式 ticks nobody has handled yet, newest first, with how many there are in all. */
export async function listOpenLeads(
  actor: Actor,
  query: TaskSelectionsQuery,
): Promise<{ items: SelectionView[]; nextCursor: string | null; total: number }> {
  const filter = await leadFilter(actor);
  const [docs, total] = await Promise.all([
    SelectionModel.find(afterCursor(filter, query.cursor))
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .populate(SELECTION_REFS)
      .lean<SelectionLean[]>(),
    SelectionModel.countDocuments(filter),
  ]);
  const page = pageFrom(docs, query.limit, (d) => d);
  const [items, events] = await Promise.all([
    itemsOf(page.items),
    EventModel.find({ _id: { $in: page.items.map((s) => s.eventId) } }, { title: 1 }).lean(),
  ]);
  const titles = new Map(events.map((e) => [e._id.toHexString(), e.title]));
  const brief = (id: Types.ObjectId | null | undefined) => ({
    id: id?.toHexString() ?? '',
    title: (id && titles.get(id.toHexString())) ?? '',
  });
  return {
    items: page.items.map((s) => presentSelection(s, brief(s.eventId), items.get(s.itemId.toHexString()))),
    nextCursor: page.nextCursor,
    total,
  };
}

/** How many leads nobody has handled, alliance-wide (the secretariat's digest). */
export const countUnhandledSelections = (): Promise<number> => SelectionModel.countDocuments(UNHANDLED);
