import type { Types } from 'mongoose';
import type { SessionView } from '@alliance-hub/types';
import type { Session } from './session.model';

export function presentSession(
  session: Session & { _id: Types.ObjectId; createdAt?: Date },
  currentId: Types.ObjectId,
): SessionView {
  return {
    id: session._id.toHexString(),
    current: session._id.equals(currentId),
    client: session.client,
    userAgent: session.userAgent ?? null,
    createdAt: (session.createdAt ?? session.lastSeenAt).toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}
