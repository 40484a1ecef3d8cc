import type { Types } from 'mongoose';

/**
 * The event happening now that this user is checked in to, if any: card swaps made there are
 * recorded against it. Events and check-in arrive with the events feature; until then there is none.
 */
export async function currentEventFor(
  _userId: Types.ObjectId,
): Promise<{ _id: Types.ObjectId; title: string } | null> {
  return null;
}
