import { z } from './zod';
import { MeView, Role, UserStatus } from './auth';
import { PageQuery } from './pagination';

export const UserListQuery = PageQuery.extend({
  role: Role.optional(),
  status: UserStatus.optional(),
  q: z.string().trim().max(40).optional(),
}).strict();
export type UserListQuery = z.infer<typeof UserListQuery>;

export const UserUpdateBody = z
  .strictObject({ role: Role.optional(), status: UserStatus.optional() })
  .refine((b) => b.role !== undefined || b.status !== undefined, { message: '请至少修改角色或状态中的一项' });
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

/** What the secretariat sees of a user: what the user sees of themself, plus activity. */
export const UserView = MeView.extend({
  lastSeenAt: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;

/** Who can be put on an event's staff: active coordinators and secretariat (names only). */
export const StaffUserView = z.object({ id: z.string(), displayName: z.string(), role: Role });
export type StaffUserView = z.infer<typeof StaffUserView>;
