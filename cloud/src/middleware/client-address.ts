import type { Middleware } from 'koa';
import proxyaddr from 'proxy-addr';

const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'] as const;

/**
 * Decides who the client is, believing X-Forwarded-* only from configured proxies.
 *
 * `ctx.ip` becomes the first untrusted address walking X-Forwarded-For from the socket inward
 * (proxy-addr, as Express does), so a client cannot pick its own rate-limit bucket by sending
 * the header itself. From an untrusted peer the forwarding headers are dropped, so Koa's
 * `ctx.protocol` and `ctx.host` fall back to the connection too.
 */
export const clientAddress = (trustedProxies: string[]): Middleware => {
  const trust = proxyaddr.compile(trustedProxies);
  return async (ctx, next) => {
    const peer = ctx.req.socket.remoteAddress ?? '';
    if (!trust(peer, 0)) {
      for (const header of FORWARDED_HEADERS) delete ctx.req.headers[header];
    }
    ctx.request.ip = proxyaddr(ctx.req, trust);
    await next();
  };
};
