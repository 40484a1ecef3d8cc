import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { AuthResult, DevLoginBody, DevUserView, SessionView } from '@alliance-hub/types';
import { AppError, notFound, unauthenticated } from '../../errors';
import { hashToken } from '../../middleware/auth';
import { retryOnDuplicate } from '../../lib/mongo-errors';
import type { WechatClient } from '../../wechat/wechat-client';
import { WechatApiError } from '../../wechat/wechat-client';
import { UserModel } from '../users/user.model';
import { loadUserWithRefs } from '../users/user.queries';
import { presentMe } from '../users/user.presenter';
import { SessionModel } from './session.model';
import { presentSession } from './auth.presenter';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export type ClientInfo = { kind: 'weapp' | 'h5' | 'dev'; userAgent?: string; ip?: string };

export async function openSession(userId: Types.ObjectId, client: ClientInfo): Promise<AuthResult> {
  const token = `ahs_${randomBytes(32).toString('base64url')}`;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await SessionModel.create({
    tokenHash: hashToken(token),
    userId,
    client: client.kind,
    userAgent: client.userAgent?.slice(0, 200),
    ip: client.ip,
    expiresAt,
    lastSeenAt: now,
  });
  const user = await loadUserWithRefs(userId);
  if (user.status !== 'active') {
    throw new AppError(403, 'ACCOUNT_DISABLED', '账号已被停用，如有疑问请联系联盟秘书处');
  }
  return { token, expiresAt: expiresAt.toISOString(), user: presentMe(user) };
}

/** How each WeChat error reaches the user; the rest are our misconfiguration (5xx). */
function fromWechatError(err: WechatApiError): AppError {
  switch (err.errcode) {
    case 40029:
      return new AppError(401, 'WECHAT_CODE_INVALID', '登录凭证无效，请重新打开小程序后再试');
    case 40163:
      return new AppError(401, 'WECHAT_CODE_INVALID', '登录凭证已被使用，请重试');
    case 40226:
      return new AppError(403, 'FORBIDDEN', '微信账号存在风险，暂时无法登录');
    case 45011:
      return new AppError(429, 'RATE_LIMITED', '登录过于频繁，请一分钟后再试', { retryAfterSeconds: 60 });
    case -1:
      return new AppError(503, 'WECHAT_UNAVAILABLE', '微信服务繁忙，请稍后重试');
    default:
      return new AppError(503, 'WECHAT_UNAVAILABLE', '暂时无法完成微信登录，请稍后重试');
  }
}

export async function signInWithWechat(
  wechat: WechatClient,
  code: string,
  client: ClientInfo,
): Promise<AuthResult> {
  let identity: Awaited<ReturnType<WechatClient['code2Session']>>;
  try {
    identity = await wechat.code2Session(code);
  } catch (err) {
    if (err instanceof WechatApiError) throw fromWechatError(err);
    throw err;
  }
  // session_key stays here: it is only needed to decrypt user data, which this app does not do.
  const user = await retryOnDuplicate(() =>
    UserModel.findOneAndUpdate(
      { openid: identity.openid },
      {
        $setOnInsert: {
          displayName: `微信用户${identity.openid.slice(-4)}`,
          role: 'guest',
          status: 'active',
        },
        ...(identity.unionid ? { $set: { unionid: identity.unionid } } : {}),
      },
      { upsert: true, returnDocument: 'after', lean: true },
    ),
  );
  if (!user) throw unauthenticated();
  return openSession(user._id, client);
}

export async function signInForDev(body: DevLoginBody, client: ClientInfo): Promise<AuthResult> {
  if ('userId' in body) {
    const user = await UserModel.findById(body.userId).lean();
    if (!user) throw notFound('用户');
    return openSession(user._id, client);
  }
  const user = await retryOnDuplicate(() =>
    UserModel.findOneAndUpdate(
      { devKey: `${body.role}:${body.name}` },
      { $setOnInsert: { displayName: body.name, role: body.role, status: 'active' } },
      { upsert: true, returnDocument: 'after', lean: true },
    ),
  );
  if (!user) throw unauthenticated();
  return openSession(user._id, client);
}

export async function listDevUsers(): Promise<DevUserView[]> {
  const users = await UserModel.find({ status: 'active' })
    .sort({ role: -1, _id: 1 })
    .limit(50)
    .populate<{ orgId: { name: string } | null }>('orgId', 'name')
    .lean();
  return users.map((u) => ({
    id: u._id.toHexString(),
    displayName: u.displayName,
    role: u.role,
    organization: u.orgId?.name ?? null,
  }));
}

export async function revokeSession(
  userId: Types.ObjectId,
  sessionId: Types.ObjectId | string,
): Promise<void> {
  // Scoped to the owner: a session id from someone else's account is simply not found.
  const result = await SessionModel.updateOne(
    { _id: sessionId, userId, revokedAt: { $exists: false } },
    { $set: { revokedAt: new Date() } },
  );
  if (result.matchedCount === 0) {
    const exists = await SessionModel.exists({ _id: sessionId, userId });
    if (!exists) throw notFound('登录会话');
  }
}

export async function listSessions(
  userId: Types.ObjectId,
  currentId: Types.ObjectId,
): Promise<SessionView[]> {
  const sessions = await SessionModel.find({
    userId,
    revokedAt: { $exists: false },
    expiresAt: { $gt: new Date() },
  })
    .sort({ _id: -1 })
    .limit(50)
    .lean();
  return sessions.map((s) => presentSession(s, currentId));
}
