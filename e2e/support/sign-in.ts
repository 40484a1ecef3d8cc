import type { BrowserContext } from 'playwright-core';
import type { AuthResult, DevUserView, Role } from '@alliance-hub/types';

const TOKEN_KEY = 'ah.session.token';

/**
 * Signs a browser context in as a dev user without clicking through the UI: calls the real
 * dev-login endpoint, then stores the token the way Taro's H5 storage does
 * (localStorage, value wrapped as {"data": …}), before any page script runs.
 */
export async function signInAs(
  context: BrowserContext,
  baseUrl: string,
  who: { name: string; role: Role } | { userId: string },
): Promise<AuthResult> {
  const response = await context.request.post(`${baseUrl}/api/v1/auth/dev`, { data: who });
  if (!response.ok()) throw new Error(`dev sign-in failed: ${response.status()} ${await response.text()}`);
  const result = (await response.json()) as AuthResult;
  await context.addInitScript(
    ([key, token]) => {
      if (!window.localStorage.getItem(key))
        window.localStorage.setItem(key, JSON.stringify({ data: token }));
    },
    [TOKEN_KEY, result.token] as const,
  );
  return result;
}

/**
 * Signs a browser context in as a WeChat user (POST /auth/wechat against the lenient fake WeChat
 * server, so the user has an openid and can receive subscribe messages), given `role` by a dev
 * secretariat. Stores the token like signInAs.
 */
export async function signInWithWechatAs(
  context: BrowserContext,
  baseUrl: string,
  role: Role,
): Promise<AuthResult> {
  const response = await context.request.post(`${baseUrl}/api/v1/auth/wechat`, {
    data: { code: `e2e-${Date.now()}` },
  });
  if (!response.ok()) throw new Error(`WeChat sign-in failed: ${response.status()} ${await response.text()}`);
  const result = (await response.json()) as AuthResult;
  if (result.user.role !== role) {
    const admin = await context.request.post(`${baseUrl}/api/v1/auth/dev`, {
      data: { name: '秘书处·e2e', role: 'secretariat' },
    });
    const { token } = (await admin.json()) as AuthResult;
    const changed = await context.request.patch(`${baseUrl}/api/v1/users/${result.user.id}`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { role },
    });
    if (!changed.ok()) throw new Error(`role change failed: ${changed.status()} ${await changed.text()}`);
  }
  await context.addInitScript(
    ([key, token]) => {
      if (!window.localStorage.getItem(key))
        window.localStorage.setItem(key, JSON.stringify({ data: token }));
    },
    [TOKEN_KEY, result.token] as const,
  );
  return result;
}

/** The id of a demo user, found by display name in the dev sign-in list (AUTH_DEV_LOGIN=1). */
export async function demoUserId(baseUrl: string, displayName: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/dev/users`);
  const { items } = (await response.json()) as { items: DevUserView[] };
  const user = items.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no demo user ${displayName}`);
  return user.id;
}
