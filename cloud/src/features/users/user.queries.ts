import type { Types } from 'mongoose';
import { notFound } from '../../errors';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { UserModel, type User } from './user.model';
import type { UserWithRefs } from './user.presenter';

type UserLean = User & { _id: Types.ObjectId };

/** A user with the organization and person it links to, ready for a presenter. */
export async function loadUserWithRefs(userId: Types.ObjectId): Promise<UserWithRefs> {
  const user = await UserModel.findById(userId).lean<UserLean>();
  if (!user) throw notFound('用户');
  return withUserRefs(user);
}

/**
 * The organization and person a user document links to, read only when it links to them (both
 * at once): what `populate('orgId').populate('personId')` gives, a link to a deleted record
 * reading as null, without populate's per-call planning for a single document.
 */
export async function withUserRefs(user: UserLean): Promise<UserWithRefs> {
  // Most users (staff, guests) link to neither: nothing to read or wait for.
  if (!user.orgId && !user.personId) return { ...user, orgId: undefined, personId: undefined };
  const [org, person] = await Promise.all([
    user.orgId ? OrganizationModel.findById(user.orgId, { name: 1, kind: 1 }).lean() : undefined,
    user.personId ? PersonModel.findById(user.personId, { name: 1, title: 1 }).lean() : undefined,
  ]);
  return { ...user, orgId: org, personId: person };
}
