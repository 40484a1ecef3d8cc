import type { Middleware } from 'koa';

/**
 * WeChat's `wx.request` accepts no PATCH (only OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE,
 * CONNECT), so the mini-program sends partial updates as POST with this header. Only
 * POST → PATCH is honoured: the header can never turn a read into a write or reach other verbs.
 */
export const METHOD_OVERRIDE_HEADER = 'x-http-method-override';

export const methodOverride = (): Middleware => async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.get(METHOD_OVERRIDE_HEADER).toUpperCase() === 'PATCH') {
    ctx.method = 'PATCH';
  }
  await next();
};
