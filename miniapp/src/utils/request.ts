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
  /** Extra headers, e.g. the web sign-in ticket's secret; never Authorization (set here). */
  headers?: Record<string, string>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Taro serialises objects (and arrays) to JSON because Content-Type is application/json. */
type RequestBody = string | Record<string, unknown> | ArrayBuffer;

/**
 * Obtains a fresh session (e.g. `Taro.login` → `POST /api/v1/auth/wechat` → `setToken`).
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
  return withReauth(() => send(path, options), options.skipReauth);
}

/**
 * Runs one network call with the session rules every call shares: on a 401 it re-logs in once
 * (shared between concurrent calls) and repeats the call, which reads the new token.
 */
async function withReauth<T>(call: () => Promise<T>, skipReauth = false): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || skipReauth || !reauthenticator) {
      throw error;
    }
    const renewed = await reauthenticateOnce();
    if (!renewed) throw error;
    // Exactly one retry: a second 401 is final, so a broken session can never loop.
    return call();
  }
}

/** The one place the session token becomes a header, for JSON calls, uploads and downloads. */
function authorizationHeader(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
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
  const header: Record<string, string> = {
    Accept: 'application/json',
    ...options.headers,
    ...authorizationHeader(),
  };
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  let method = options.method ?? 'GET';
  if (method === 'PATCH') {
    // wx.request has no PATCH: tunnel it as POST; cloud's methodOverride() restores it.
    method = 'POST';
    header['X-HTTP-Method-Override'] = 'PATCH';
  }

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
  return parseBody(statusCode, data, options.schema);
}

function parseBody<T>(statusCode: number, data: unknown, schema: z.ZodType<T> | undefined): T {
  if (!schema) return data as T;
  const parsed = schema.safeParse(data);
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

export interface UploadOptions<T> {
  /** A local file path (weapp temp file) or, in H5, a blob: URL of the chosen File. */
  filePath: string;
  /** The multipart field name the server reads the file from. */
  name: string;
  fileName?: string;
  formData?: Record<string, string>;
  timeout?: number;
  schema?: z.ZodType<T>;
}

/**
 * A multipart upload. `Taro.uploadFile` is the only way a mini-program can send a file, so it
 * gets the same token, error mapping and re-login as `request`. The server answers JSON.
 */
export function uploadFile<T = unknown>(path: string, options: UploadOptions<T>): Promise<T> {
  return withReauth(() => sendUpload(path, options));
}

async function sendUpload<T>(path: string, options: UploadOptions<T>): Promise<T> {
  let response: { statusCode: number; data: unknown };
  try {
    response = await Taro.uploadFile({
      url: buildUrl(getApiBase(), path),
      filePath: options.filePath,
      name: options.name,
      fileName: options.fileName,
      header: { Accept: 'application/json', ...authorizationHeader() },
      formData: options.formData ?? {},
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
      // `fileName` is H5-only (names the blob part); weapp takes it from the path.
    } as Taro.uploadFile.Option);
  } catch (failure) {
    throw networkError(failure);
  }
  // uploadFile hands the body back as text whatever its type.
  const data = typeof response.data === 'string' ? safeJson(response.data) : response.data;
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw httpError(response.statusCode, data);
  }
  return parseBody(response.statusCode, data, options.schema);
}

export interface DownloadProgress {
  /** 0–100, or null while the server has not said how big the file is (no Content-Length). */
  percent: number | null;
  receivedBytes: number;
}

export interface DownloadOptions {
  query?: Record<string, QueryValue>;
  timeout?: number;
  /** Called as bytes arrive, so a long export can show how far it got. */
  onProgress?: (progress: DownloadProgress) => void;
}

/**
 * A file download (an .xlsx, an image): resolves with the temp file path (weapp) or a blob: URL
 * (H5). Same token, error mapping and re-login as `request`; the error body the server wrote
 * into the file is read back so the user sees its message rather than a generic one.
 */
export function downloadFile(path: string, options: DownloadOptions = {}): Promise<string> {
  return withReauth(() => sendDownload(path, options));
}

async function sendDownload(path: string, options: DownloadOptions): Promise<string> {
  let result: { statusCode: number; tempFilePath: string };
  try {
    const task = Taro.downloadFile({
      url: buildUrl(getApiBase(), path, options.query),
      header: authorizationHeader(),
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    } as Taro.downloadFile.Option);
    const { onProgress } = options;
    // Both weapp and Taro's H5 attach the task's listeners to the returned promise.
    if (onProgress && typeof task?.onProgressUpdate === 'function') {
      task.onProgressUpdate(({ totalBytesWritten, totalBytesExpectedToWrite }) =>
        onProgress({
          percent:
            totalBytesExpectedToWrite > 0
              ? Math.min(100, Math.round((totalBytesWritten / totalBytesExpectedToWrite) * 100))
              : null,
          receivedBytes: totalBytesWritten,
        }),
      );
    }
    result = await task;
  } catch (failure) {
    throw networkError(failure);
  }
  if (result.statusCode < 200 || result.statusCode >= 300) {
    throw httpError(result.statusCode, await readDownloadedText(result.tempFilePath));
  }
  if (!result.tempFilePath) {
    throw new ApiError({
      status: result.statusCode,
      code: 'INVALID_RESPONSE',
      message: INVALID_RESPONSE_MESSAGE,
    });
  }
  return result.tempFilePath;
}

/** The JSON error body a failed download saved as its "file"; undefined when unreadable. */
async function readDownloadedText(tempFilePath: string): Promise<unknown> {
  if (!tempFilePath) return undefined;
  try {
    if (process.env.TARO_ENV === 'h5' || tempFilePath.startsWith('blob:')) {
      const response = await fetch(tempFilePath);
      return safeJson(await response.text());
    }
    const text = Taro.getFileSystemManager().readFileSync(tempFilePath, 'utf8');
    return typeof text === 'string' ? safeJson(text) : undefined;
  } catch {
    return undefined;
  }
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
