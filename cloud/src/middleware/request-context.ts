import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { requestLineWriter, type Logger } from '../logger';

export type AppState = {
  requestId: string;
  log: Logger;
};

const SAFE_REQUEST_ID = /^[\w.-]{8,64}$/;

/**
 * Gives every request an id (kept from a proxy's X-Request-Id when sane) and one log line at the end.
 * `ctx.state.log` (the logger bound to the request id) is made on first use: most requests never
 * log anything but their request line, which is written apart (logger.ts, requestLineWriter).
 */
export const requestContext = (logger: Logger): Middleware<AppState> => {
  const writeRequestLine = requestLineWriter(logger);
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    let log: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (log ??= logger.child({ requestId })),
      enumerable: true,
      configurable: true,
    });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Static assets are noisy and carry no business meaning; log API traffic only.
      if (ctx.path.startsWith('/api/')) {
        writeRequestLine({
          requestId,
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round(ms * 10) / 10,
        });
      }
    }
  };
};
