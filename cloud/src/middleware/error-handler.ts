import type { Middleware } from 'koa';
import { AppError, internal, payloadTooLarge, unsupportedMediaType, validation } from '../errors';
import type { AppState } from './request-context';

/** Errors from Koa's own middleware (body parser, http-errors) carry a status; map the ones clients cause. */
function fromHttpError(err: { status?: number; type?: string; message?: string }): AppError | undefined {
  switch (err.status) {
    case 400:
      return validation([], '请求格式有误：请提交合法的 JSON');
    case 413:
      return payloadTooLarge();
    case 415:
      return unsupportedMediaType();
    default:
      return undefined;
  }
}

/**
 * Registered first so it wraps everything: turns any thrown error into the documented shape
 * `{ error: { code, message, details, requestId } }`. 5xx bodies never carry internals.
 */
export const errorHandler = (): Middleware<AppState> => async (ctx, next) => {
  try {
    await next();
  } catch (caught) {
    const err = caught as Error & { status?: number };
    const appError = err instanceof AppError ? err : (fromHttpError(err) ?? internal());
    if (!(err instanceof AppError) && appError.status >= 500) {
      ctx.state.log.error({ err }, 'request failed');
    } else if (appError.status >= 500) {
      ctx.state.log.warn({ code: appError.code }, appError.message);
    } else if (!(err instanceof AppError)) {
      ctx.state.log.warn({ err: { message: err.message, status: err.status } }, 'client error');
    }
    ctx.status = appError.status;
    if (appError.code === 'RATE_LIMITED') {
      const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) ctx.set('Retry-After', String(retry));
    }
    ctx.body = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.expose && appError.details !== undefined ? { details: appError.details } : {}),
        requestId: ctx.state.requestId,
      },
    };
  }
};
