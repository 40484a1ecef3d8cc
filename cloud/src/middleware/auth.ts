import { hash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Model, PipelineStage, Types } from 'mongoose';
import { AppError, forbidden, unauthenticated } from '../errors';
import { aggregateAll } from '../lib/aggregate-command';
import { SessionModel, type Session } from '../features/auth/session.model';
import { UserModel, type User } from '../features/users/user.model';
import { can, type Action, type Actor } from '../policy/policy';

type UserLean = User & { _id: Types.ObjectId };

export type AuthState = {
  actor?: Actor;
  /**
   * The signed-in user's document as read with the session on this very request (never kept
   * across requests), so a handler presenting the user (GET /me) needs no second read.
   */
  user?: UserLean;
};

/** SHA-256 of a bearer token, hex: what sessions store. One-shot: ~0.7 µs against ~2 µs for a Hash object. */
export const hashToken = (token: string) => hash('sha256', token, 'hex');

const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

type SessionLean = Session & { _id: Types.ObjectId };

type SessionWithUser = SessionLean & { user: UserLean[] };

const sessionWithUserPipeline = (tokenHash: string) => [
  { $match: { tokenHash } },
  { $limit: 1 },
  {
    $lookup: {
      from: UserModel.collection.collectionName,
      localField: 'userId',
      foreignField: '_id',
      as: 'user',
    },
  },
];

/**
 * The session and its user in one round trip: an aggregation joining sessions to users by _id
 * (an indexed lookup on any MongoDB, and on the embedded server). Both are read fresh on every
 * request, so a revoked session, a role change or a disabled account takes effect on the very
 * next request — nothing about the user is copied into the session or cached in this process.
 *
 * Every request pays for this read, so it is sent as a plain `aggregate` command (aggregateAll):
 * with `$limit: 1` the whole answer is in the first batch, and skipping mongoose's Aggregate and
 * the driver's cursor made authentication about a fifth cheaper in CPU (#19).
 */
async function findSessionWithUser(tokenHash: string) {
  const [found] = await aggregateAll<SessionWithUser>(SessionModel, sessionWithUserPipeline(tokenHash));
  if (!found) return null;
  const { user, ...session } = found;
  return { session, user: user[0] ?? null };
}

/** The bearer token's hash, or 401 for a header that is not one. */
function tokenHashOf(authorization: string): string {
  const match = /^Bearer\s+([\w-]{20,200})$/.exec(authorization);
  if (!match) throw unauthenticated('登录状态无效，请重新登录');
  return hashToken(match[1]);
}

/** Resolves the bearer token to a fresh Actor on every request (see findSessionWithUser). */
async function resolveActor(authorization: string): Promise<{ actor: Actor; user: UserLean }> {
  return admit(await findSessionWithUser(tokenHashOf(authorization)));
}

/** The Actor of a session read on this request, or 401/403 when it may not act. */
async function admit(
  found: { session: SessionLean; user: UserLean | null } | null,
): Promise<{ actor: Actor; user: UserLean }> {
  const now = new Date();
  const session = found?.session;
  if (!session || session.revokedAt || session.expiresAt <= now) {
    throw unauthenticated('登录已过期，请重新登录');
  }
  const user = found.user;
  if (!user) throw unauthenticated('登录已过期，请重新登录');
  if (user.status !== 'active') {
    throw new AppError(403, 'ACCOUNT_DISABLED', '账号已被停用，如有疑问请联系联盟秘书处');
  }
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    // Throttled, and conditional, so busy clients do not turn every read into a write.
    await SessionModel.updateOne(
      { _id: session._id, lastSeenAt: session.lastSeenAt },
      { $set: { lastSeenAt: now } },
    );
    await UserModel.updateOne({ _id: user._id }, { $set: { lastSeenAt: now } });
  }
  const actor: Actor = {
    id: user._id,
    role: user.role,
    status: user.status,
    orgId: user.orgId ?? null,
    personId: user.personId ?? null,
    sessionId: session._id,
    displayName: user.displayName,
  };
  return { actor, user };
}

/** What a route's `allow()` demands, read by the OpenAPI spec (features/openapi). */
const requirements = new WeakMap<object, { action?: Action }>();

export function requirementOf(middleware: unknown): { action?: Action } | undefined {
  return typeof middleware === 'function' ? requirements.get(middleware) : undefined;
}

/** Requires a signed-in user; with an action, also requires the policy to allow it. */
export const allow = (action?: Action): Middleware<AuthState> => {
  const middleware: Middleware<AuthState> = async (ctx, next) => {
    const header = ctx.get('Authorization');
    if (!header) throw unauthenticated();
    const { actor, user } = await resolveActor(header);
    ctx.state.actor = actor;
    ctx.state.user = user;
    if (action && !can(actor, action)) throw forbidden();
    await next();
  };
  requirements.set(middleware, { action });
  return middleware;
};

/** Where a joined read puts the joined documents on the session it returns. */
const JOINED = 'joined';

/** The session of a joined read, without its user and joined documents. */
function withoutJoins(found: SessionWithUser & { [JOINED]: unknown }): SessionLean {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out of the session
  const { user, [JOINED]: joined, ...session } = found;
  return session;
}

/**
 * A read of another collection sent with the session's own (see allowJoined): the aggregation on
 * `model`'s collection, under `collation`.
 */
export type JoinedRead = <D>(
  model: Pick<Model<never>, 'collection' | 'aggregate'>,
  pipeline: PipelineStage[],
  options?: { collation?: { locale: string } },
) => Promise<D[]>;

export type SignedInReads = {
  /**
   * The first call sends `pipeline` in the session's own aggregation, as an uncorrelated
   * `$lookup` after the session → user join: one database round trip for both, and the pipeline
   * runs only for a live session (an unknown, revoked or expired token reads nothing else). Its
   * documents are returned only once the session is admitted as allow() admits it (401, 403
   * otherwise). Later calls, or calls after verify(), are plain reads.
   */
  read: JoinedRead;
  /** Admits the session by itself: before any read that must not run for an unknown token. */
  verify(): Promise<void>;
};

/**
 * allow(action) for a read-only route whose handler reads through signedInReads(ctx): the session
 * is checked in the same round trip as the handler's first read (#19: a directory search made two,
 * the session and the search; each costs the API and database threads ~0.2 ms of CPU). Revocation
 * still applies on the next request: the session and the user are read fresh with the read, and
 * nothing read is answered before they are admitted. Should the handler answer without reading
 * through it, or throw first (a 400 for its query), the session is still checked after it and its
 * 401/403 replaces the answer, as allow() would have answered first. Only for handlers that write
 * nothing: one may run before the session is checked.
 */
export const allowJoined = (action: Action): Middleware<AuthState & { signedIn?: SignedInReads }> => {
  const middleware: Middleware<AuthState & { signedIn?: SignedInReads }> = async (ctx, next) => {
    const header = ctx.get('Authorization');
    if (!header) throw unauthenticated();
    const tokenHash = tokenHashOf(header);
    // The session's check once made (admitted, or rejected with its 401/403), never made twice.
    let admission: Promise<void> | undefined;
    const enter = async (found: { session: SessionLean; user: UserLean | null } | null) => {
      const { actor, user } = await admit(found);
      ctx.state.actor = actor;
      ctx.state.user = user;
      if (!can(actor, action)) throw forbidden();
    };
    const verify = () => (admission ??= findSessionWithUser(tokenHash).then(enter));
    const read: JoinedRead = async <D>(
      model: Pick<Model<never>, 'collection' | 'aggregate'>,
      pipeline: PipelineStage[],
      options: { collation?: { locale: string } } = {},
    ) => {
      if (admission) {
        await admission;
        return aggregateAll<D>(model, pipeline, options);
      }
      // Only a live session reaches the joined read: a revoked or expired one reads nothing else
      // either (and is answered 401, as admit() answers it).
      const [byToken, ...join] = sessionWithUserPipeline(tokenHash);
      const live = {
        $match: { ...byToken.$match, revokedAt: { $exists: false }, expiresAt: { $gt: new Date() } },
      };
      const from = model.collection.collectionName;
      const joinedRead = aggregateAll<SessionWithUser & { [JOINED]: D[] }>(
        SessionModel,
        [live, ...join, { $lookup: { from, pipeline, as: JOINED } } as PipelineStage],
        options,
      ).then(([found]) => found);
      admission = joinedRead.then((found) =>
        enter(found ? { session: withoutJoins(found), user: found.user[0] ?? null } : null),
      );
      await admission;
      return (await joinedRead)![JOINED];
    };
    ctx.state.signedIn = { read, verify };
    try {
      await next();
    } catch (err) {
      await verify();
      throw err;
    }
    await verify();
  };
  requirements.set(middleware, { action });
  return middleware;
};

/** For handlers behind allowJoined(): their reads joined to the session's. */
export function signedInReads(ctx: { state: { signedIn?: SignedInReads } }): SignedInReads {
  if (!ctx.state.signedIn) throw unauthenticated();
  return ctx.state.signedIn;
}

/** For handlers behind `allow()`: the signed-in user's document, read on this request. */
export function signedInUserOf(ctx: { state: AuthState }): UserLean {
  if (!ctx.state.user) throw unauthenticated();
  return ctx.state.user;
}

/** For handlers behind `allow()`: the actor is always there. */
export function actorOf(ctx: { state: AuthState }): Actor {
  if (!ctx.state.actor) throw unauthenticated();
  return ctx.state.actor;
}
