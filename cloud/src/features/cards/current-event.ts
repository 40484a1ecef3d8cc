import type { Types } from 'mongoose';
import { EventModel } from '../events/event.model';
import { RegistrationModel } from '../events/registration.model';
import { UserModel } from '../users/user.model';

/**
 * The event happening now that this user is checked in to, if any: card swaps made there are
 * recorded against it ("met at the annual meeting").
 */
export async function currentEventFor(
  userId: Types.ObjectId,
): Promise<{ _id: Types.ObjectId; title: string } | null> {
  const user = await UserModel.findById(userId, { personId: 1 }).lean();
  if (!user?.personId) return null;
  const checkedIn = await RegistrationModel.distinct('eventId', {
    personId: user.personId,
    checkIn: { $exists: true },
  });
  if (checkedIn.length === 0) return null;
  const now = new Date();
  return EventModel.findOne(
    { _id: { $in: checkedIn }, startsAt: { $lte: now }, endsAt: { $gte: now } },
    { title: 1 },
  )
    .sort({ startsAt: -1 })
    .lean();
}
