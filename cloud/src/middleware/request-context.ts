import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../logger';

export type AppState = {
  requestId: string;
  log: Logger;
};

const SAFE_REQUEST_ID = /^[\w.-]{8,64}$/;

/** Gives every request an id (kept from a proxy's X-Request-Id when sane) and one log line at the end. */
export const requestContext =
  (logger: Logger): Middleware<AppState> =>
  async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Static assets are noisy and carry no business meaning; log API traffic only.
      if (ctx.path.startsWith('/api/')) {
        ctx.state.log.info(
          { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 },
          'request',
        );
      }
    }
  };
