import { z } from './zod';
import { ObjectIdString, Text } from './common';

export const ROLES = ['guest', 'member', 'coordinator', 'secretariat'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
export const ROLE_LABELS: Record<Role, string> = {
  guest: '访客',
  member: '成员单位代表',
  coordinator: '协调员',
  secretariat: '秘书处',
};
/** guest < member < coordinator < secretariat */
export const roleRank = (role: Role): number => ROLES.indexOf(role);
export const atLeast = (role: Role, minimum: Role): boolean => roleRank(role) >= roleRank(minimum);

export const USER_STATUSES = ['active', 'disabled'] as const;
export const UserStatus = z.enum(USER_STATUSES);
export type UserStatus = z.infer<typeof UserStatus>;
export const USER_STATUS_LABELS: Record<UserStatus, string> = { active: '正常', disabled: '已停用' };

export const CLIENT_KINDS = ['weapp', 'h5', 'dev'] as const;
export const CLIENT_KIND_LABELS: Record<(typeof CLIENT_KINDS)[number], string> = {
  weapp: '微信小程序',
  h5: '网页版',
  dev: '开发登录',
};

export const WechatLoginBody = z.strictObject({
  code: z.string().min(1, '缺少登录凭证').max(128),
});
export type WechatLoginBody = z.infer<typeof WechatLoginBody>;

/** Dev sign-in (AUTH_DEV_LOGIN=1 only): pick a demo user, or make one up by name and role. */
export const DevLoginBody = z.union([
  z.strictObject({ userId: ObjectIdString }),
  z.strictObject({ name: Text(40), role: Role }),
]);
export type DevLoginBody = z.infer<typeof DevLoginBody>;

export const OrgBrief = z.object({ id: z.string(), name: z.string(), kind: z.string() });
export const PersonBrief = z.object({ id: z.string(), name: z.string(), title: z.string().nullable() });

export const MeView = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  status: UserStatus,
  person: PersonBrief.nullable(),
  organization: OrgBrief.nullable(),
  createdAt: z.string(),
});
export type MeView = z.infer<typeof MeView>;

export const AuthResult = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: MeView,
});
export type AuthResult = z.infer<typeof AuthResult>;

export const DevUserView = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  organization: z.string().nullable(),
});
export type DevUserView = z.infer<typeof DevUserView>;

export const SessionView = z.object({
  id: z.string(),
  current: z.boolean(),
  client: z.enum(CLIENT_KINDS),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
});
export type SessionView = z.infer<typeof SessionView>;
