import type { Types } from 'mongoose';
import { notFound } from '../../errors';
import { UserModel } from './user.model';
import type { UserWithRefs } from './user.presenter';

/** A user with the organization and person it links to, ready for a presenter. */
export async function loadUserWithRefs(userId: Types.ObjectId): Promise<UserWithRefs> {
  const user = await UserModel.findById(userId)
    .populate('orgId', 'name kind')
    .populate('personId', 'name title')
    .lean<UserWithRefs>();
  if (!user) throw notFound('用户');
  return user;
}
