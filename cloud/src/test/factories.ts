import { randomUUID } from 'node:crypto';
import type { ApplicationCreateBody, AuthResult, Role } from '@alliance-hub/types';
import { OrganizationModel } from '../features/organizations/organization.model';
import { UserModel } from '../features/users/user.model';
import type { TestApp } from './test-app';

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${Date.now().toString(36)}`;

/** Signs in through the real dev-login endpoint; returns the token and the user. */
export async function signIn(
  t: TestApp,
  role: Role,
  name = unique(role),
): Promise<AuthResult & { auth: string }> {
  const res = await t.request.post('/api/v1/auth/dev').send({ name, role }).expect(200);
  const result = res.body as AuthResult;
  return { ...result, auth: `Bearer ${result.token}` };
}

/** An enterprise in the directory (its name key unique, so tests may reuse names). */
export function createOrganization(name: string) {
  return OrganizationModel.create({ name, nameKey: `${name}-${randomUUID()}`, kind: 'enterprise' });
}

/** A member signed in as a representative of the organization. */
export async function signInMemberOf(t: TestApp, orgId: unknown) {
  const member = await signIn(t, 'member');
  await UserModel.updateOne({ _id: member.user.id }, { $set: { orgId } });
  return member;
}

/** Signs in through the real WeChat flow against the fake WeChat server. */
export async function signInWithWechat(
  t: TestApp,
  openid = unique('o-'),
): Promise<AuthResult & { auth: string }> {
  const code = t.wechat.issueCode({ openid });
  const res = await t.request.post('/api/v1/auth/wechat').send({ code }).expect(200);
  const result = res.body as AuthResult;
  return { ...result, auth: `Bearer ${result.token}` };
}

export function applicationBody(overrides: Partial<ApplicationCreateBody> = {}): ApplicationCreateBody {
  return {
    organization: {
      name: unique('华东新材料科技有限公司'),
      kind: 'enterprise',
      province: '黑龙江省',
      city: '哈尔滨市',
    },
    applicant: {
      name: '张伟',
      title: '技术总监',
      mobile: '+86 138 0013 8000',
      email: 'zhangwei@example.com',
    },
    message: '希望加入联盟，寻找高校合作开发铝合金新工艺',
    ...overrides,
  };
}
