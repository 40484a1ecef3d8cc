import type { Types } from 'mongoose';
import type { InterestView, OrgKind, SelectionView } from '@alliance-hub/types';
import type { Selection } from './selection.model';

export type SelectionLean = Omit<Selection, 'personId' | 'orgId' | 'handledBy'> & {
  _id: Types.ObjectId;
  createdAt: Date;
  personId: { _id: Types.ObjectId; name: string; title?: string | null } | null;
  orgId?: { _id: Types.ObjectId; name: string; kind: OrgKind } | null;
  handledBy?: { _id: Types.ObjectId; displayName: string } | null;
};

export type SelectedItem = { title: string; owner: { id: string; name: string } };

export const SELECTION_REFS = [
  { path: 'personId', select: 'name title' },
  { path: 'orgId', select: 'name kind' },
  { path: 'handledBy', select: 'displayName' },
];

/** What a 点菜 tick and an event-less 我感兴趣 share: the lead without its event. */
export type LeadLean = Omit<SelectionLean, 'eventId'>;

export function presentLead(selection: LeadLean, item: SelectedItem | undefined): InterestView {
  const person = selection.personId;
  const org = selection.orgId;
  return {
    id: selection._id.toHexString(),
    item: {
      kind: selection.itemKind,
      id: selection.itemId.toHexString(),
      title: item?.title ?? '（已删除）',
      owner: item?.owner ?? { id: '', name: '' },
    },
    person: person
      ? { id: person._id.toHexString(), name: person.name, title: person.title ?? null }
      : { id: '', name: '', title: null },
    organization: org ? { id: org._id.toHexString(), name: org.name, kind: org.kind } : null,
    note: selection.note ?? null,
    handled: !!selection.handledAt,
    handledAt: selection.handledAt?.toISOString() ?? null,
    handledBy: selection.handledBy
      ? { id: selection.handledBy._id.toHexString(), displayName: selection.handledBy.displayName }
      : null,
    createdAt: selection.createdAt.toISOString(),
  };
}

export function presentSelection(
  selection: SelectionLean,
  event: { id: string; title: string },
  item: SelectedItem | undefined,
): SelectionView {
  const { id, ...rest } = presentLead(selection, item);
  return { id, event, ...rest };
}
