import type { ApiErrorBody, HealthView } from '@alliance-hub/types';

export function healthView(overrides: Partial<HealthView> = {}): HealthView {
  return {
    status: 'ok',
    version: '0.1.0',
    time: '2025-03-01T01:30:05.000Z',
    database: { state: 'up', kind: 'embedded' },
    ...overrides,
  };
}

export function apiErrorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** What `Taro.request` resolves with: it resolves for every HTTP status, rejects on network failure. */
export function taroResponse(statusCode: number, data: unknown) {
  return { statusCode, data, header: { 'content-type': 'application/json' }, errMsg: 'request:ok' };
}

/** What `Taro.request` rejects with when the request never reached the server. */
export function taroNetworkFailure(errMsg = 'request:fail net::ERR_CONNECTION_REFUSED') {
  return { errMsg };
}

/**
 * The HTTP method a Taro.request call means: the wrapper tunnels PATCH as POST with
 * X-HTTP-Method-Override (wx.request has no PATCH), so tests ask for the meant method.
 */
export function sentMethod(option: { method?: string; header?: Record<string, string> }): string {
  return option.header?.['X-HTTP-Method-Override'] ?? option.method ?? 'GET';
}
