import type { Context, Middleware } from 'koa';
import { unsupportedMediaType } from '../errors';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The one exception: the Excel/CSV upload, which Taro.uploadFile can only send as
 * multipart/form-data. That route reads the body itself, with its own size limit.
 */
const MULTIPART_ROUTES = new Set(['POST /api/v1/imports']);
const isMultipartUpload = (ctx: Context) =>
  MULTIPART_ROUTES.has(`${ctx.method} ${ctx.path.replace(/\/$/, '')}`) &&
  ctx.is('multipart/form-data') === 'multipart/form-data';

/** The API speaks JSON only; a form post or text body is refused before the parser sees it. */
export const jsonOnly = (): Middleware => async (ctx, next) => {
  if (
    WITH_BODY.has(ctx.method) &&
    ctx.request.length &&
    !ctx.is('application/json') &&
    !isMultipartUpload(ctx)
  ) {
    throw unsupportedMediaType();
  }
  await next();
};
