import type { Types } from 'mongoose';
import type { InteractionView } from '@alliance-hub/types';
import { can, type Actor, type InteractionFacts } from '../../policy/policy';
import { lookupNames, type Names } from '../../lib/named';
import type { Interaction } from './interaction.model';

export type InteractionLean = Interaction & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export const factsOf = (
  doc: Pick<InteractionLean, 'createdBy' | 'orgIds' | 'visibility'>,
): InteractionFacts => ({
  createdBy: doc.createdBy ?? null,
  orgIds: doc.orgIds,
  visibility: doc.visibility,
});

export function namesFor(docs: InteractionLean[]): Promise<Names> {
  return lookupNames({
    people: docs.flatMap((d) => d.personIds),
    orgs: docs.flatMap((d) => d.orgIds),
    users: docs.map((d) => d.createdBy),
    events: docs.map((d) => d.eventId),
    achievements: docs.map((d) => d.achievementId),
    demands: docs.map((d) => d.demandId),
  });
}

/** The note is stripped for anyone the policy does not let read it (members of the organizations). */
export function presentInteraction(actor: Actor, doc: InteractionLean, names: Names): InteractionView {
  const facts = factsOf(doc);
  const noteReadable = can(actor, 'interaction.readNote', { interaction: facts });
  const note = doc.notes ?? null;
  return {
    id: doc._id.toHexString(),
    clientId: doc.clientId,
    type: doc.type,
    at: doc.at.toISOString(),
    participants: {
      people: doc.personIds.map((id) => {
        const p = names.person(id);
        return { id: id.toHexString(), name: p?.name ?? '（已删除）', organization: p?.organization ?? null };
      }),
      organizations: doc.orgIds.map((id) => ({
        id: id.toHexString(),
        name: names.org(id)?.name ?? '（已删除）',
      })),
      unlisted: (doc.unlisted ?? []).map((u) => ({ name: u.name, organization: u.organization ?? null })),
    },
    note: noteReadable ? note : null,
    // Whether a note exists is itself not told to those who may not read it.
    noteHidden: !noteReadable,
    links: {
      event: names.event(doc.eventId),
      intentId: doc.intentId?.toHexString() ?? null,
      achievement: names.achievement(doc.achievementId),
      demand: names.demand(doc.demandId),
    },
    visibility: doc.visibility,
    createdBy: names.user(doc.createdBy),
    followUpTaskId: doc.followUpTaskId?.toHexString() ?? null,
    canEdit: doc.type !== 'card_exchange' && can(actor, 'interaction.change', { interaction: facts }),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
