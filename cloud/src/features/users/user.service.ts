import { Types } from 'mongoose';
import type { StaffUserView, UserListQuery, UserUpdateBody, UserView } from '@alliance-hub/types';
import { forbidden, notFound } from '../../errors';
import { afterCursor, pageFrom } from '../../lib/pagination';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { SessionModel } from '../auth/session.model';
import { UserModel } from './user.model';
import { presentUser, type UserWithRefs } from './user.presenter';
import { loadUserWithRefs } from './user.queries';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function listUsers(query: UserListQuery) {
  const filter: Record<string, unknown> = {};
  if (query.role) filter.role = query.role;
  if (query.status) filter.status = query.status;
  if (query.q) filter.displayName = { $regex: escapeRegex(query.q), $options: 'i' };
  const docs = await UserModel.find(afterCursor(filter, query.cursor))
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .populate('orgId', 'name kind')
    .populate('personId', 'name title')
    .lean<UserWithRefs[]>();
  return pageFrom(docs, query.limit, presentUser);
}

/** Role and status changes by the secretariat; both take effect on the user's next request. */
export async function updateUser(actor: Actor, id: string, body: UserUpdateBody): Promise<UserView> {
  const userId = new Types.ObjectId(id);
  if (!can(actor, 'user.update', { userId })) throw forbidden('不能修改自己的角色或状态');
  const before = await UserModel.findById(userId, { role: 1, status: 1 }).lean();
  if (!before) throw notFound('用户');
  const changes = Object.fromEntries(
    Object.entries(body).filter(
      ([key, value]) => value !== undefined && before[key as 'role' | 'status'] !== value,
    ),
  );
  if (Object.keys(changes).length > 0) {
    await UserModel.updateOne({ _id: userId }, { $set: changes });
    if (changes.status === 'disabled') {
      // Not needed for safety (every request re-reads the user) but keeps "my sessions" honest.
      await SessionModel.updateMany(
        { userId, revokedAt: { $exists: false } },
        { $set: { revokedAt: new Date() } },
      );
    }
    await recordAudit({
      actorId: actor.id,
      action: 'user.update',
      entity: { type: 'user', id: userId },
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as 'role' | 'status']])),
      after: changes,
    });
  }
  return presentUser(await loadUserWithRefs(userId));
}

/** Coordinators and the secretariat who can staff an event; names and roles only. */
export async function listStaffUsers(): Promise<StaffUserView[]> {
  const users = await UserModel.find(
    { status: 'active', role: { $in: ['coordinator', 'secretariat'] } },
    { displayName: 1, role: 1 },
  )
    .sort({ displayName: 1 })
    .limit(500)
    .lean();
  return users.map((u) => ({ id: u._id.toHexString(), displayName: u.displayName, role: u.role }));
}
