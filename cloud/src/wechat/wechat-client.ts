import type { Logger } from '../logger';

/** An error WeChat itself returned (`errcode` ≠ 0), or -2 for "WeChat could not be reached". */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

export const WECHAT_UNREACHABLE = -2;

export type Code2SessionResult = { openid: string; unionid?: string; sessionKey: string };

export type WechatClient = {
  code2Session(code: string): Promise<Code2SessionResult>;
  /** The app's access token via stable_token, cached until shortly before it expires. */
  getAccessToken(forceRefresh?: boolean): Promise<string>;
  /** A mini-program code (image bytes) that opens `page` with `scene` (at most 32 characters). */
  getWxaCodeUnlimited(input: {
    scene: string;
    page: string;
    width?: number;
  }): Promise<{ image: Buffer; contentType: string }>;
  /**
   * subscribeMessage.send: one message per credit the user granted for the template. Throws
   * WechatApiError 43101 when the user has no credit left, 47003 when a field breaks its limit.
   */
  sendSubscribeMessage(input: SubscribeMessage): Promise<void>;
};

export type SubscribeMessage = {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
};

// WeChat's answer when an access token has expired or was replaced by a newer one.
const ACCESS_TOKEN_INVALID = new Set([40001, 42001]);

export type WechatClientOptions = {
  appId: string;
  secret: string;
  apiBase: string;
  logger: Logger;
  timeoutMs?: number;
};

type WechatErrorBody = { errcode?: number; errmsg?: string };

// Refresh a little early so a token never expires between our check and WeChat's.
const TOKEN_EARLY_REFRESH_MS = 5 * 60 * 1000;

/**
 * The one place that talks to WeChat's server API. The base URL is configurable so dev and
 * tests talk to the fake server on loopback; the secret and session_key are never logged.
 */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const base = options.apiBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function call<T>(api: string, url: string, init?: RequestInit): Promise<T & WechatErrorBody> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      options.logger.warn({ api, reason: (err as Error).message }, 'wechat unreachable');
      throw new WechatApiError(WECHAT_UNREACHABLE, 'wechat unreachable', api);
    }
    const body = (await response.json().catch(() => ({}))) as T & WechatErrorBody;
    if (!response.ok) {
      throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? `http ${response.status}`, api);
    }
    if (body.errcode) {
      options.logger.warn({ api, errcode: body.errcode, errmsg: body.errmsg }, 'wechat error');
      throw new WechatApiError(body.errcode, body.errmsg ?? '', api);
    }
    return body;
  }

  async function fetchToken(forceRefresh: boolean): Promise<string> {
    const body = await call<{ access_token: string; expires_in: number }>(
      'stable_token',
      `${base}/cgi-bin/stable_token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: options.appId,
          secret: options.secret,
          force_refresh: forceRefresh,
        }),
      },
    );
    cached = {
      token: body.access_token,
      expiresAt: Date.now() + body.expires_in * 1000 - TOKEN_EARLY_REFRESH_MS,
    };
    return body.access_token;
  }

  return {
    async code2Session(code) {
      const query = new URLSearchParams({
        appid: options.appId,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      });
      const body = await call<{ openid: string; session_key: string; unionid?: string }>(
        'jscode2session',
        `${base}/sns/jscode2session?${query}`,
      );
      return { openid: body.openid, unionid: body.unionid, sessionKey: body.session_key };
    },

    getAccessToken,

    async getWxaCodeUnlimited(input) {
      if (input.scene.length > 32)
        throw new WechatApiError(40097, 'scene longer than 32 characters', 'getwxacodeunlimit');
      const attempt = async (forceRefresh: boolean) => {
        const token = await getAccessToken(forceRefresh);
        let response: Response;
        try {
          response = await fetch(`${base}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            // check_path false: the page may be in a subpackage not yet published to this env.
            body: JSON.stringify({
              scene: input.scene,
              page: input.page,
              width: input.width ?? 430,
              check_path: false,
            }),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch {
          throw new WechatApiError(WECHAT_UNREACHABLE, 'wechat unreachable', 'getwxacodeunlimit');
        }
        const contentType = response.headers.get('content-type') ?? '';
        // Success is the image itself; failure is JSON with errcode.
        if (contentType.includes('json') || !response.ok) {
          const body = (await response.json().catch(() => ({}))) as WechatErrorBody;
          throw new WechatApiError(
            body.errcode ?? -1,
            body.errmsg ?? `http ${response.status}`,
            'getwxacodeunlimit',
          );
        }
        return { image: Buffer.from(await response.arrayBuffer()), contentType };
      };
      try {
        return await attempt(false);
      } catch (err) {
        if (err instanceof WechatApiError && ACCESS_TOKEN_INVALID.has(err.errcode)) return attempt(true);
        throw err;
      }
    },

    async sendSubscribeMessage(input) {
      const attempt = async (forceRefresh: boolean) => {
        const token = await getAccessToken(forceRefresh);
        await call(
          'subscribeMessage.send',
          `${base}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              touser: input.touser,
              template_id: input.templateId,
              page: input.page,
              data: input.data,
              lang: 'zh_CN',
            }),
          },
        );
      };
      try {
        await attempt(false);
      } catch (err) {
        if (err instanceof WechatApiError && ACCESS_TOKEN_INVALID.has(err.errcode)) return attempt(true);
        throw err;
      }
    },
  };

  async function getAccessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && cached && cached.expiresAt > Date.now()) return cached.token;
    // Concurrent callers share one request: stable_token is rate limited per app.
    inflight ??= fetchToken(forceRefresh).finally(() => {
      inflight = undefined;
    });
    return inflight;
  }
}
