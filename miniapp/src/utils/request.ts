import Taro from '@tarojs/taro';
import { ApiErrorBody, type z } from '@alliance-hub/types';
import {
  ApiError,
  INVALID_RESPONSE_MESSAGE,
  NETWORK_ERROR_MESSAGE,
  TIMEOUT_ERROR_MESSAGE,
  fallbackFor,
} from './api-error';
import { getToken } from './session';

/**
 * The only caller of `Taro.request` in the app: base URL, JSON, timeout, bearer token,
 * error mapping to `ApiError`, and one re-login + retry on 401.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  method?: HttpMethod;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Milliseconds; venue Wi-Fi is slow, so the default is generous. */
  timeout?: number;
  /** Validates the 2xx body; a mismatch rejects with `INVALID_RESPONSE`. */
  schema?: z.ZodType<T>;
  /** For the sign-in call itself: never trigger re-login on its 401. */
  skipReauth?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Taro serialises objects (and arrays) to JSON because Content-Type is application/json. */
type RequestBody = string | Record<string, unknown> | ArrayBuffer;

/**
 * Obtains a fresh session (e.g. `wx.login` → `POST /api/v1/sessions` → `setToken`).
 * Resolves true when a new token is stored and the failed request is worth retrying.
 */
export type Reauthenticator = () => Promise<boolean>;

let reauthenticator: Reauthenticator | null = null;
let reauthInFlight: Promise<boolean> | null = null;

/** The sign-in feature registers its re-login here; `null` removes it. */
export function setReauthenticator(fn: Reauthenticator | null): void {
  reauthenticator = fn;
  reauthInFlight = null;
}

/** Build-time API origin; '' means same origin (the H5 build is served by the cloud). */
export function getApiBase(): string {
  return process.env.TARO_APP_API_BASE ?? '';
}

export function buildUrl(base: string, path: string, query?: Record<string, QueryValue>): string {
  const isAbsolute = /^https?:\/\//i.test(path);
  let url = isAbsolute ? path : base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
  const pairs = Object.entries(query ?? {})
    .filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null,
    )
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  if (pairs.length > 0) {
    url += (url.includes('?') ? '&' : '?') + pairs.join('&');
  }
  return url;
}

export async function request<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  try {
    return await send(path, options);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || options.skipReauth || !reauthenticator) {
      throw error;
    }
    const renewed = await reauthenticateOnce();
    if (!renewed) throw error;
    // Exactly one retry: a second 401 is final, so a broken session can never loop.
    return send(path, options);
  }
}

/** Concurrent 401s share one re-login instead of each opening their own. */
async function reauthenticateOnce(): Promise<boolean> {
  const fn = reauthenticator;
  if (!fn) return false;
  if (!reauthInFlight) {
    reauthInFlight = fn()
      .catch(() => false)
      .finally(() => {
        reauthInFlight = null;
      });
  }
  return reauthInFlight;
}

async function send<T>(path: string, options: RequestOptions<T>): Promise<T> {
  const method = options.method ?? 'GET';
  const header: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  const token = getToken();
  if (token) header.Authorization = `Bearer ${token}`;

  let response: { statusCode: number; data: unknown };
  try {
    response = await Taro.request<unknown, RequestBody>({
      url: buildUrl(getApiBase(), path, options.query),
      method,
      header,
      data: options.body as RequestBody | undefined,
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
      dataType: 'json',
      responseType: 'text',
    });
  } catch (failure) {
    throw networkError(failure);
  }

  const { statusCode, data } = response;
  if (statusCode < 200 || statusCode >= 300) {
    throw httpError(statusCode, data);
  }
  if (!options.schema) return data as T;
  const parsed = options.schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError({
      status: statusCode,
      code: 'INVALID_RESPONSE',
      message: INVALID_RESPONSE_MESSAGE,
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

function httpError(status: number, data: unknown): ApiError {
  const body = ApiErrorBody.safeParse(typeof data === 'string' ? safeJson(data) : data);
  if (body.success) {
    const { code, message, details, requestId } = body.data.error;
    return new ApiError({ status, code, message, details, requestId });
  }
  return new ApiError({ status, ...fallbackFor(status) });
}

function networkError(failure: unknown): ApiError {
  const errMsg =
    typeof failure === 'object' && failure !== null
      ? String(
          (failure as { errMsg?: unknown; message?: unknown }).errMsg ??
            (failure as { message?: unknown }).message ??
            '',
        )
      : String(failure);
  // weapp reports "request:fail timeout"; the H5 fetch is aborted by Taro's timer.
  const timedOut = /timeout|timed out|abort/i.test(errMsg);
  return new ApiError({
    status: 0,
    code: 'NETWORK',
    message: timedOut ? TIMEOUT_ERROR_MESSAGE : NETWORK_ERROR_MESSAGE,
    details: errMsg || undefined,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
