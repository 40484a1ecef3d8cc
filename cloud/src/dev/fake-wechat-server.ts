import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';

/**
 * A stand-in for api.weixin.qq.com on loopback, for dev and tests: same paths, same response
 * and error shapes (errcode/errmsg with a rid), so the client code is exercised for real.
 *
 * Codes: `issueCode()` hands out single-use codes like WeChat's. A code `err-<errcode>` makes
 * jscode2session answer with that WeChat error (40029, 40163, 45011, -1 …). In lenient mode
 * (local dev in WeChat DevTools, whose codes we cannot verify) any other code signs in as the
 * one dev WeChat user.
 */
export type FakeWechatOptions = {
  appId: string;
  secret: string;
  port?: number;
  lenient?: boolean;
};

export type FakeWechatServer = {
  baseUrl: string;
  issueCode(identity: { openid?: string; unionid?: string }): string;
  /** The next call to `api` answers with this errcode instead of succeeding. */
  failNext(api: 'jscode2session' | 'stable_token' | 'getwxacodeunlimit' | 'send', errcode: number): void;
  /** Subscribe messages accepted so far (subscribeMessage.send), oldest first. */
  subscribeMessages(): FakeSubscribeMessage[];
  /** Scenes of the mini-program codes made so far, newest last. */
  wxacodeScenes(): string[];
  calls(api: string): number;
  stop(): Promise<void>;
};

export type FakeSubscribeMessage = {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
};

export const WECHAT_ERRORS: Record<number, string> = {
  [-1]: 'system error',
  40013: 'invalid appid',
  40125: 'invalid appsecret',
  40029: 'invalid code',
  40163: 'code been used',
  40226: 'high risk user',
  40001: 'invalid credential, access_token is invalid or not latest',
  40097: 'invalid args',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  43101: 'user refuse to accept the msg',
  47003: 'argument invalid! data.thing1.value invalid',
};

/**
 * Subscribe-message keyword limits as WeChat enforces them: a longer value is refused (47003),
 * not cut. Keys are named by type plus a number (thing1, time2 …).
 */
const KEYWORD_LIMITS: Record<string, number> = {
  thing: 20,
  phrase: 5,
  name: 10,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
  time: 40,
  date: 40,
  amount: 20,
};

/**
 * WeChat's code is 430 px wide unless `width` says otherwise (280–1280). The fake answers a plain
 * QR code of the scene at that size, so a desk browser in development shows a code a phone's
 * camera really reads (a mini-program code proper needs WeChat's own renderer).
 */
const DEFAULT_WXACODE_WIDTH = 430;

function wxacodeWidth(requested: unknown): number {
  if (typeof requested !== 'number' || !Number.isFinite(requested)) return DEFAULT_WXACODE_WIDTH;
  return Math.min(1280, Math.max(280, Math.round(requested)));
}

function sceneQrPng(scene: string, width: number): Promise<Buffer> {
  return QRCode.toBuffer(scene, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
}

const rid = () => randomBytes(6).toString('hex');
const errorBody = (errcode: number) => ({
  errcode,
  errmsg: `${WECHAT_ERRORS[errcode] ?? 'unknown error'}, rid: ${rid()}`,
});

export async function startFakeWechat(options: FakeWechatOptions): Promise<FakeWechatServer> {
  const codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const failures = new Map<string, number[]>();
  const callCounts = new Map<string, number>();
  let token: { value: string; expiresAt: number } | undefined;
  const scenes: string[] = [];
  const subscribeSent: FakeSubscribeMessage[] = [];

  const openidFor = (seed: string) =>
    `o${createHash('sha256').update(`${options.appId}:${seed}`).digest('base64url').slice(0, 27)}`;

  function nextFailure(api: string): number | undefined {
    return failures.get(api)?.shift();
  }

  function jscode2session(url: URL) {
    const failure = nextFailure('jscode2session');
    if (failure !== undefined) return errorBody(failure);
    const q = url.searchParams;
    if (q.get('appid') !== options.appId) return errorBody(40013);
    if (q.get('secret') !== options.secret) return errorBody(40125);
    const code = q.get('js_code') ?? '';
    const forced = /^err-(-?\d+)$/.exec(code);
    if (forced) return errorBody(Number(forced[1]));
    const issued = codes.get(code);
    let identity: { openid: string; unionid?: string };
    if (issued) {
      if (issued.used) return errorBody(40163);
      issued.used = true;
      identity = issued;
    } else if (options.lenient && code.length > 0) {
      identity = { openid: openidFor('dev-user') };
    } else {
      return errorBody(40029);
    }
    return {
      openid: identity.openid,
      session_key: randomBytes(16).toString('base64'),
      ...(identity.unionid ? { unionid: identity.unionid } : {}),
    };
  }

  function stableToken(body: Record<string, unknown>) {
    const failure = nextFailure('stable_token');
    if (failure !== undefined) return errorBody(failure);
    if (body.grant_type !== 'client_credential')
      return { errcode: 40002, errmsg: `invalid grant_type, rid: ${rid()}` };
    if (body.appid !== options.appId) return errorBody(40013);
    if (body.secret !== options.secret) return errorBody(40125);
    if (body.force_refresh === true || !token || token.expiresAt <= Date.now()) {
      token = { value: randomBytes(48).toString('base64url'), expiresAt: Date.now() + 7200_000 };
    }
    return { access_token: token.value, expires_in: Math.round((token.expiresAt - Date.now()) / 1000) };
  }

  /** Answers with a scannable QR code PNG of the scene standing in for the mini-program code. */
  async function wxacode(
    url: URL,
    body: Record<string, unknown>,
  ): Promise<{ json: unknown } | { image: Buffer }> {
    const failure = nextFailure('getwxacodeunlimit');
    if (failure !== undefined) return { json: errorBody(failure) };
    if (!token || url.searchParams.get('access_token') !== token.value || token.expiresAt <= Date.now()) {
      return { json: errorBody(40001) };
    }
    const scene = body.scene;
    if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32)
      return { json: errorBody(40097) };
    scenes.push(scene);
    return { image: await sceneQrPng(scene, wxacodeWidth(body.width)) };
  }

  function subscribeSend(url: URL, body: Record<string, unknown>) {
    const failure = nextFailure('send');
    if (failure !== undefined) return errorBody(failure);
    if (!token || url.searchParams.get('access_token') !== token.value || token.expiresAt <= Date.now()) {
      return errorBody(40001);
    }
    const data = body.data as Record<string, { value?: unknown }> | undefined;
    if (typeof body.touser !== 'string' || typeof body.template_id !== 'string' || !data)
      return errorBody(47003);
    for (const [key, field] of Object.entries(data)) {
      const type = key.replace(/\d+$/, '');
      const value = field?.value;
      const limit = KEYWORD_LIMITS[type];
      if (
        typeof value !== 'string' ||
        value.length === 0 ||
        (limit !== undefined && [...value].length > limit)
      ) {
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid, rid: ${rid()}` };
      }
    }
    subscribeSent.push(body as unknown as FakeSubscribeMessage);
    return { errcode: 0, errmsg: 'ok' };
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const api = url.pathname.split('/').pop() ?? '';
      callCounts.set(api, (callCounts.get(api) ?? 0) + 1);
      let payload: unknown;
      if (req.method === 'GET' && url.pathname === '/sns/jscode2session') {
        payload = jscode2session(url);
      } else if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          payload = { errcode: 47001, errmsg: `data format error, rid: ${rid()}` };
        }
        payload ??= stableToken(body);
      } else if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          // an unparsable body is invalid arguments below
        }
        payload = subscribeSend(url, body);
      } else if (req.method === 'POST' && url.pathname === '/wxa/getwxacodeunlimit') {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          // falls through to the invalid-args answer below
        }
        void wxacode(url, body).then(
          (answer) => {
            if ('image' in answer) {
              res.writeHead(200, { 'Content-Type': 'image/png' });
              res.end(answer.image);
            } else {
              res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
              res.end(JSON.stringify(answer.json));
            }
          },
          () => {
            res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify(errorBody(-1)));
          },
        );
        return;
      } else {
        // WeChat answers unknown paths with HTTP 200 and an errcode too.
        payload = { errcode: 43002, errmsg: `require POST method, rid: ${rid()}` };
      }
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    issueCode(identity) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        openid: identity.openid ?? openidFor(code),
        unionid: identity.unionid,
        used: false,
      });
      return code;
    },
    failNext(api, errcode) {
      failures.set(api, [...(failures.get(api) ?? []), errcode]);
    },
    calls: (api) => callCounts.get(api) ?? 0,
    wxacodeScenes: () => [...scenes],
    subscribeMessages: () => [...subscribeSent],
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
