import type { Types } from 'mongoose';
import { taskBucket, type TaskView } from '@alliance-hub/types';
import { lookupNames, type Names } from '../../lib/named';
import type { Task } from './task.model';

export type TaskLean = Task & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export const namesForTasks = (docs: TaskLean[]): Promise<Names> =>
  lookupNames({ users: docs.flatMap((d) => [d.ownerId, d.createdBy]) });

const hexOrNull = (id: Types.ObjectId | null | undefined) => id?.toHexString() ?? null;

export function presentTask(doc: TaskLean, names: Names, now: Date): TaskView {
  const links = doc.links ?? {};
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    note: doc.note ?? null,
    dueAt: doc.dueAt.toISOString(),
    state: doc.state,
    bucket: doc.state === 'done' ? null : taskBucket(doc.dueAt, now),
    owner: names.user(doc.ownerId) ?? { id: doc.ownerId.toHexString(), displayName: '（已删除）' },
    createdBy: names.user(doc.createdBy),
    links: {
      interactionId: hexOrNull(links.interactionId),
      intentId: hexOrNull(links.intentId),
      organizationId: hexOrNull(links.organizationId),
      personId: hexOrNull(links.personId),
      selectionId: hexOrNull(links.selectionId),
      eventId: hexOrNull(links.eventId),
      achievementId: hexOrNull(links.achievementId),
      demandId: hexOrNull(links.demandId),
    },
    version: doc.version,
    completedAt: doc.completedAt?.toISOString() ?? null,
    completionInteractionId: hexOrNull(doc.completionInteractionId),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
