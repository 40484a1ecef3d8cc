import type { Middleware } from 'koa';
import { unsupportedMediaType } from '../errors';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** The API speaks JSON only; a form post or text body is refused before the parser sees it. */
export const jsonOnly = (): Middleware => async (ctx, next) => {
  if (WITH_BODY.has(ctx.method) && ctx.request.length && !ctx.is('application/json')) {
    throw unsupportedMediaType();
  }
  await next();
};
