import Taro from '@tarojs/taro';
import { apiErrorBody } from '../../test/factories';
import { getSession, setSession } from '../stores/session-store';
import {
  authResult,
  installTaroInteractions,
  meView,
  mockApi,
  requestedRoutes,
  type TaroInteractionDoubles,
} from '../packages/account/test-doubles';
import { getToken, setToken } from '../utils/session';
import { request, setReauthenticator } from '../utils/request';
import { getMe, getSignInProblem, refreshMe, restoreSession, signOut, startAuth } from './auth';

const originalEnv = process.env.TARO_ENV;
let taro: TaroInteractionDoubles;

function authorizationOf(callIndex: number): string | undefined {
  const { mock } = Taro.request as unknown as jest.Mock;
  return (mock.calls[callIndex][0] as { header: Record<string, string> }).header.Authorization;
}

beforeEach(() => {
  taro = installTaroInteractions();
  setSession({ status: 'unknown', user: null });
  setReauthenticator(null);
  process.env.TARO_ENV = 'h5';
});

afterAll(() => {
  process.env.TARO_ENV = originalEnv;
});

describe('silent sign-in at launch', () => {
  it('should be signed in as the stored session user when GET /me answers', async () => {
    setToken('stored');
    mockApi({ 'GET /api/v1/me': [{ status: 200, body: meView({ role: 'member' }) }] });

    await startAuth();

    expect(getSession()).toMatchObject({ status: 'signed-in', user: { role: 'member' } });
    expect(authorizationOf(0)).toBe('Bearer stored');
    expect(taro.login).not.toHaveBeenCalled();
  });

  it('should drop the token and be signed out when GET /me answers 401 on H5', async () => {
    setToken('revoked');
    mockApi({ 'GET /api/v1/me': [{ status: 401, body: apiErrorBody('UNAUTHENTICATED', '登录已失效') }] });

    await startAuth();

    expect(getSession().status).toBe('signed-out');
    expect(getToken()).toBeNull();
    expect(getSignInProblem()).toBeNull();
    expect(requestedRoutes()).toEqual(['GET /api/v1/me']);
  });

  it('should be signed out without calling the server when H5 has no token', async () => {
    mockApi({});
    await startAuth();
    expect(getSession().status).toBe('signed-out');
    expect(requestedRoutes()).toEqual([]);
  });

  it('should sign in with Taro.login and POST /auth/wechat when the weapp has no token', async () => {
    process.env.TARO_ENV = 'weapp';
    const api = mockApi({ 'POST /api/v1/auth/wechat': [{ status: 200, body: authResult({}, 'fresh') }] });

    await startAuth();

    expect(taro.login).toHaveBeenCalledTimes(1);
    expect(api.mock.calls[0][0].data).toEqual({ code: 'wx-code-1' });
    expect(getToken()).toBe('fresh');
    expect(getSession()).toMatchObject({ status: 'signed-in', user: { displayName: '访客·小赵' } });
  });

  it('should fall back to a WeChat sign-in when the stored token is rejected on the weapp', async () => {
    process.env.TARO_ENV = 'weapp';
    setToken('expired');
    mockApi({
      'GET /api/v1/me': [{ status: 401, body: apiErrorBody('UNAUTHENTICATED', '登录已失效') }],
      'POST /api/v1/auth/wechat': [{ status: 200, body: authResult({}, 'fresh') }],
    });

    await startAuth();

    expect(requestedRoutes()).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/wechat']);
    expect(getToken()).toBe('fresh');
    expect(getSession().status).toBe('signed-in');
  });

  it('should be signed out with the server message when the WeChat sign-in fails', async () => {
    process.env.TARO_ENV = 'weapp';
    mockApi({
      'POST /api/v1/auth/wechat': [
        { status: 503, body: apiErrorBody('WECHAT_UNAVAILABLE', '微信服务繁忙，请稍后重试') },
      ],
    });

    await startAuth();

    expect(getSession().status).toBe('signed-out');
    expect(getSignInProblem()).toEqual({ code: 'WECHAT_UNAVAILABLE', message: '微信服务繁忙，请稍后重试' });
  });

  it('should keep the token and offer a retry when the server is unreachable, then sign in on retry', async () => {
    setToken('stored');
    mockApi({ 'GET /api/v1/me': ['network-failure', { status: 200, body: meView() }] });

    await startAuth();
    expect(getSession().status).toBe('signed-out');
    expect(getSignInProblem()?.code).toBe('NETWORK');
    expect(getToken()).toBe('stored');

    await restoreSession();
    expect(getSession().status).toBe('signed-in');
    expect(getSignInProblem()).toBeNull();
  });

  it('should be signed out with the reason when the account is disabled', async () => {
    setToken('stored');
    mockApi({
      'GET /api/v1/me': [
        { status: 403, body: apiErrorBody('ACCOUNT_DISABLED', '账号已被停用，如有疑问请联系联盟秘书处') },
      ],
    });

    await startAuth();

    expect(getSession().status).toBe('signed-out');
    expect(getToken()).toBeNull();
    expect(getSignInProblem()?.message).toBe('账号已被停用，如有疑问请联系联盟秘书处');
  });
});

describe('re-login on 401', () => {
  it('should sign in with WeChat once and retry the request with the new token on the weapp', async () => {
    process.env.TARO_ENV = 'weapp';
    setToken('old');
    mockApi({
      'GET /api/v1/me': [
        { status: 200, body: meView() },
        { status: 401, body: apiErrorBody('UNAUTHENTICATED', '登录已失效') },
        { status: 200, body: meView({ role: 'member' }) },
      ],
      'POST /api/v1/auth/wechat': [{ status: 200, body: authResult({}, 'new') }],
    });
    await startAuth();

    await expect(getMe()).resolves.toMatchObject({ role: 'member' });

    expect(requestedRoutes()).toEqual([
      'GET /api/v1/me',
      'GET /api/v1/me',
      'POST /api/v1/auth/wechat',
      'GET /api/v1/me',
    ]);
    expect(authorizationOf(1)).toBe('Bearer old');
    expect(authorizationOf(3)).toBe('Bearer new');
    expect(taro.login).toHaveBeenCalledTimes(1);
  });

  it('should share one WeChat sign-in between concurrent 401s', async () => {
    process.env.TARO_ENV = 'weapp';
    setToken('old');
    const unauthenticated = { status: 401, body: apiErrorBody('UNAUTHENTICATED', '登录已失效') };
    mockApi({
      'GET /api/v1/me': [{ status: 200, body: meView() }, unauthenticated, { status: 200, body: meView() }],
      'GET /api/v1/me/sessions': [unauthenticated, { status: 200, body: { items: [] } }],
      'POST /api/v1/auth/wechat': [{ status: 200, body: authResult({}, 'new') }],
    });
    await startAuth();

    await Promise.all([getMe(), request('/api/v1/me/sessions')]);

    expect(taro.login).toHaveBeenCalledTimes(1);
    expect(requestedRoutes().filter((route) => route === 'POST /api/v1/auth/wechat')).toHaveLength(1);
  });

  it('should not retry and should show the chooser on H5', async () => {
    setToken('old');
    mockApi({
      'GET /api/v1/me': [
        { status: 200, body: meView() },
        { status: 401, body: apiErrorBody('UNAUTHENTICATED', '登录已失效') },
      ],
    });
    await startAuth();

    await expect(getMe()).rejects.toMatchObject({ status: 401 });

    expect(requestedRoutes()).toEqual(['GET /api/v1/me', 'GET /api/v1/me']);
    expect(getSession().status).toBe('signed-out');
    expect(getToken()).toBeNull();
  });
});

describe('refresh and sign-out', () => {
  it('should show a new role after refreshMe without signing in again', async () => {
    setToken('stored');
    mockApi({
      'GET /api/v1/me': [
        { status: 200, body: meView() },
        {
          status: 200,
          body: meView({ role: 'member', organization: { id: 'o1', name: '沈阳精研', kind: 'enterprise' } }),
        },
      ],
    });
    await startAuth();

    await refreshMe();

    expect(getSession()).toMatchObject({
      status: 'signed-in',
      user: { role: 'member', organization: { name: '沈阳精研' } },
    });
    expect(getToken()).toBe('stored');
  });

  it('should revoke the session on the server and forget the token when signing out', async () => {
    setToken('stored');
    mockApi({
      'GET /api/v1/me': [{ status: 200, body: meView() }],
      'POST /api/v1/auth/logout': [{ status: 204 }],
    });
    await startAuth();

    await signOut();

    expect(requestedRoutes()).toContain('POST /api/v1/auth/logout');
    expect(getToken()).toBeNull();
    expect(getSession().status).toBe('signed-out');
  });

  it('should still sign out locally when the server cannot be reached', async () => {
    setToken('stored');
    mockApi({
      'GET /api/v1/me': [{ status: 200, body: meView() }],
      'POST /api/v1/auth/logout': ['network-failure'],
    });
    await startAuth();

    await signOut();

    expect(getToken()).toBeNull();
    expect(getSession().status).toBe('signed-out');
  });
});
