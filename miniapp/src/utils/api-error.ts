import type { ErrorCode } from '@alliance-hub/types';

/** Codes the server sends plus the client-only `NETWORK`; unknown server codes pass through. */
export type ApiErrorCode = ErrorCode | (string & {});

/** Every failed API call rejects with this; pages show `message` (Chinese) to the user. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    details?: unknown;
    requestId?: string;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';
export const TIMEOUT_ERROR_MESSAGE = '网络请求超时，请检查网络后重试';
export const INVALID_RESPONSE_MESSAGE = '服务器返回的数据格式有误，请稍后重试';

/** Fallback when the body carries no usable `{ error }` (e.g. a proxy's HTML 502 page). */
export function fallbackFor(status: number): { code: ApiErrorCode; message: string } {
  switch (status) {
    case 400:
      return { code: 'VALIDATION_FAILED', message: '请求内容有误，请检查后重试' };
    case 401:
      return { code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' };
    case 403:
      return { code: 'FORBIDDEN', message: '没有权限执行此操作' };
    case 404:
      return { code: 'NOT_FOUND', message: '请求的内容不存在' };
    case 409:
      return { code: 'CONFLICT', message: '数据已被修改，请刷新后重试' };
    case 413:
      return { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' };
    case 429:
      return { code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' };
    case 502:
    case 503:
    case 504:
      return { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后重试' };
    default:
      return status >= 500
        ? { code: 'INTERNAL', message: '服务器开小差了，请稍后重试' }
        : { code: 'HTTP_' + String(status), message: `请求失败（${status}），请稍后重试` };
  }
}
