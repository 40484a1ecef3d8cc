import Taro from '@tarojs/taro';
import {
  AuthResult,
  DevUserView,
  MeView,
  SessionView,
  WEB_TICKET_SECRET_HEADER,
  WebTicketCreated,
  WebTicketPoll,
  WebTicketPreview,
  z,
  type DevLoginBody,
} from '@alliance-hub/types';
import { ApiError } from '../utils/api-error';
import { request, setReauthenticator } from '../utils/request';
import { clearToken, getToken, setToken } from '../utils/session';
import { getSession, setSession } from '../stores/session-store';

const DevUserList = z.object({ items: z.array(DevUserView) });
const SessionList = z.object({ items: z.array(SessionView) });

// ---------------------------------------------------------------------------------------------
// Endpoints: one typed function each.

/** POST /api/v1/auth/wechat — exchanges a `Taro.login` code for a session. */
export function signInWithWechatCode(code: string): Promise<AuthResult> {
  return request('/api/v1/auth/wechat', {
    method: 'POST',
    body: { code },
    schema: AuthResult,
    skipReauth: true,
  });
}

/** GET /api/v1/auth/dev/users — demo users for the dev chooser; 404 DEV_LOGIN_DISABLED when off. */
export async function listDevUsers(): Promise<DevUserView[]> {
  const page = await request('/api/v1/auth/dev/users', { schema: DevUserList, skipReauth: true });
  return page.items;
}

/** POST /api/v1/auth/dev — a demo user by id, or a made-up one by name and role. */
export function signInAsDev(body: DevLoginBody): Promise<AuthResult> {
  return request('/api/v1/auth/dev', { method: 'POST', body, schema: AuthResult, skipReauth: true });
}

/** POST /api/v1/auth/logout — revokes the current session. */
export async function logout(): Promise<void> {
  await request('/api/v1/auth/logout', { method: 'POST', skipReauth: true });
}

/** GET /api/v1/me */
export function getMe(): Promise<MeView> {
  return request('/api/v1/me', { schema: MeView });
}

/** GET /api/v1/me/sessions — `current` marks this device's session. */
export async function listMySessions(): Promise<SessionView[]> {
  const page = await request('/api/v1/me/sessions', { schema: SessionList });
  return page.items;
}

/** DELETE /api/v1/me/sessions/:id */
export async function revokeMySession(id: string): Promise<void> {
  await request(`/api/v1/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

// ---------------------------------------------------------------------------------------------
// Session lifecycle. This module is the only writer of the session store.

/**
 * Why the last sign-in attempt did not produce a session (network down, WeChat busy, account
 * disabled). 我的 shows it with a retry; other pages only see `signed-out`.
 */
export interface SignInProblem {
  code: string;
  message: string;
}

let problem: SignInProblem | null = null;
const problemListeners = new Set<() => void>();

export function getSignInProblem(): SignInProblem | null {
  return problem;
}

export function subscribeSignInProblem(listener: () => void): () => void {
  problemListeners.add(listener);
  return () => problemListeners.delete(listener);
}

function setProblem(next: SignInProblem | null): void {
  problem = next;
  problemListeners.forEach((listener) => listener());
}

function problemOf(error: unknown): SignInProblem {
  if (error instanceof ApiError) return { code: String(error.code), message: error.message };
  return { code: 'UNKNOWN', message: '登录失败，请稍后重试' };
}

/** Compile-time constant in Taro builds; tests set it per case. */
export function isWeapp(): boolean {
  return process.env.TARO_ENV === 'weapp';
}

function acceptAuth(result: AuthResult): MeView {
  setToken(result.token);
  setProblem(null);
  setSession({ status: 'signed-in', user: result.user });
  return result.user;
}

function signOutLocally(reason: SignInProblem | null = null): void {
  clearToken();
  setProblem(reason);
  setSession({ status: 'signed-out', user: null });
}

/** The token is worthless for these answers; anything else (network, 5xx) may be temporary. */
function tokenRejected(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.code === 'ACCOUNT_DISABLED');
}

/** wx.login → POST /auth/wechat → stored session. Throws ApiError on failure. */
export async function signInWithWechat(): Promise<MeView> {
  let code: string;
  try {
    ({ code } = await Taro.login());
  } catch {
    throw new ApiError({ status: 0, code: 'WECHAT_LOGIN_FAILED', message: '微信登录失败，请稍后重试' });
  }
  return acceptAuth(await signInWithWechatCode(code));
}

/** Dev sign-in from the H5 chooser. */
export async function signInForDev(body: DevLoginBody): Promise<MeView> {
  return acceptAuth(await signInAsDev(body));
}

let restoring: Promise<void> | null = null;

/**
 * Silent sign-in at launch (and 我的's 重试): a stored token is checked with GET /me; without
 * one the weapp signs in with WeChat and the H5 waits for the dev chooser on 我的.
 * Always ends in `signed-in` or `signed-out` — never leaves the app `unknown`.
 */
export function restoreSession(): Promise<void> {
  restoring ??= doRestore().finally(() => {
    restoring = null;
  });
  return restoring;
}

async function doRestore(): Promise<void> {
  if (getToken()) {
    try {
      // skipReauth: a 401 here means the token is stale; the fallback below decides what next.
      const user = await request('/api/v1/me', { schema: MeView, skipReauth: true });
      setProblem(null);
      setSession({ status: 'signed-in', user });
      return;
    } catch (error) {
      if (!tokenRejected(error)) {
        // Server unreachable: keep the token for the retry, but let pages stop waiting.
        setProblem(problemOf(error));
        setSession({ status: 'signed-out', user: null });
        return;
      }
      clearToken();
      if (error instanceof ApiError && error.code === 'ACCOUNT_DISABLED') {
        signOutLocally(problemOf(error));
        return;
      }
    }
  }
  if (!isWeapp()) {
    signOutLocally();
    return;
  }
  try {
    await signInWithWechat();
  } catch (error) {
    signOutLocally(problemOf(error));
  }
}

/**
 * Re-reads who I am (我的 calls it on every show), so a role change or a new organization
 * appears without signing in again. A rejected token signs out.
 */
export async function refreshMe(): Promise<void> {
  if (getSession().status !== 'signed-in') return;
  try {
    const user = await getMe();
    setSession({ status: 'signed-in', user });
  } catch (error) {
    // getMe already went through the reauthenticator; a rejection here is final.
    if (tokenRejected(error)) signOutLocally(problemOf(error));
    else throw error;
  }
}

/** 退出登录: revoke on the server when reachable; the device forgets the session either way. */
export async function signOut(): Promise<void> {
  try {
    if (getToken()) await logout();
  } catch {
    // An unreachable server must not keep a user signed in on this device.
  } finally {
    signOutLocally();
  }
}

/**
 * What the request wrapper runs once on a 401. weapp: a fresh WeChat sign-in, then the request
 * is retried. H5: no silent way back in, so the user lands on the chooser.
 */
export async function reauthenticate(): Promise<boolean> {
  if (!isWeapp()) {
    signOutLocally();
    return false;
  }
  clearToken();
  try {
    await signInWithWechat();
    return true;
  } catch (error) {
    signOutLocally(problemOf(error));
    return false;
  }
}

/** Called once from app.tsx at launch. */
export function startAuth(): Promise<void> {
  setReauthenticator(reauthenticate);
  return restoreSession();
}

// ---------------------------------------------------------------------------------------------
// Web sign-in by scanning (#16): the browser shows a mini-program code and polls; the phone
// scans it, sees which browser asks and confirms.

/** POST /api/v1/auth/web-tickets — a ticket, its secret (kept in memory only) and the code. */
export function createWebTicket(): Promise<WebTicketCreated> {
  return request('/api/v1/auth/web-tickets', { method: 'POST', schema: WebTicketCreated, skipReauth: true });
}

/** GET /api/v1/auth/web-tickets/:id — waiting, scanned, cancelled, or the session (once). */
export function pollWebTicket(ticket: Pick<WebTicketCreated, 'id' | 'secret'>): Promise<WebTicketPoll> {
  return request(`/api/v1/auth/web-tickets/${encodeURIComponent(ticket.id)}`, {
    schema: WebTicketPoll,
    headers: { [WEB_TICKET_SECRET_HEADER]: ticket.secret },
    skipReauth: true,
    timeout: 10_000,
  });
}

/** POST /api/v1/auth/web-tickets/:id/scan — the phone: which browser asks. */
export function scanWebTicket(id: string): Promise<WebTicketPreview> {
  return request(`/api/v1/auth/web-tickets/${encodeURIComponent(id)}/scan`, {
    method: 'POST',
    schema: WebTicketPreview,
  });
}

/** POST /api/v1/auth/web-tickets/:id/confirm — the phone: 确认登录. */
export function confirmWebTicket(id: string): Promise<WebTicketPreview> {
  return request(`/api/v1/auth/web-tickets/${encodeURIComponent(id)}/confirm`, {
    method: 'POST',
    schema: WebTicketPreview,
  });
}

/** POST /api/v1/auth/web-tickets/:id/cancel — the phone: 取消. */
export async function cancelWebTicket(id: string): Promise<void> {
  await request(`/api/v1/auth/web-tickets/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
}

/** The browser's poll brought a session: this browser is now signed in. */
export function acceptWebSignIn(result: AuthResult): MeView {
  return acceptAuth(result);
}
