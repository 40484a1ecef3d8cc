import type { BrowserContext } from 'playwright-core';
import type { AuthResult, Role } from '@alliance-hub/types';

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
