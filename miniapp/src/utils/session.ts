import Taro from '@tarojs/taro';

/**
 * Session token storage. The sign-in feature writes the token after `Taro.login` +
 * `POST /api/v1/auth/wechat` (or the dev sign-in); the request wrapper reads it for the
 * Authorization header.
 */
const TOKEN_KEY = 'ah.session.token';

export function getToken(): string | null {
  try {
    const token: unknown = Taro.getStorageSync(TOKEN_KEY);
    return typeof token === 'string' && token.length > 0 ? token : null;
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
}

export function clearToken(): void {
  try {
    Taro.removeStorageSync(TOKEN_KEY);
  } catch {
    // Storage may be unavailable (private mode in a browser); nothing to clear then.
  }
}
