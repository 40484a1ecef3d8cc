import type { ErrorCode } from '@alliance-hub/types';

/**
 * The only error type services throw. `expose` follows Koa's rule: 4xx messages are meant
 * for the user (Chinese, shown as-is by the mini-program); 5xx details never leave the server.
 */
export class AppError extends Error {
  readonly expose: boolean;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.expose = status < 500;
  }
}

export type FieldProblem = { path: string; message: string };

export const validation = (details: FieldProblem[], message = '提交的内容有误，请检查后重试') =>
  new AppError(400, 'VALIDATION_FAILED', message, details);

export const unauthenticated = (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message);

export const forbidden = (message = '没有权限进行此操作') => new AppError(403, 'FORBIDDEN', message);

export const notFound = (what = '内容') => new AppError(404, 'NOT_FOUND', `${what}不存在或已被删除`);

export const conflict = (message: string, details?: unknown) =>
  new AppError(409, 'CONFLICT', message, details);

export const payloadTooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大，请精简后重试');

export const unsupportedMediaType = () =>
  new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 JSON 格式提交（Content-Type: application/json）');

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试', { retryAfterSeconds });

export const internal = () => new AppError(500, 'INTERNAL', '服务器开小差了，请稍后重试');
