import { z } from './zod';
import { Role, UserStatus, OrgBrief, PersonBrief } from './auth';
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

export const UserView = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  status: UserStatus,
  person: PersonBrief.nullable(),
  organization: OrgBrief.nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;
