import type Router from '@koa/router';
import type { Middleware } from 'koa';

/** Whether `path` starts with `lowerPrefix` (ASCII lower case), ignoring ASCII case as the routers do. */
function startsWithIgnoringCase(path: string, lowerPrefix: string): boolean {
  if (path.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    let c = path.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * A router's dispatcher, passed over by an API request whose path cannot match any of its
 * routes: one that does not start with the literal part of the router's prefix (before any
 * parameter), compared without ASCII case as @koa/router's case-insensitive patterns do (no
 * other character of a path can match an ASCII one under them). What the router would have done
 * for such a path is nothing but note that nothing matched; walking every router's patterns and
 * events cost ~2-3 us per router, so a search crossed several before its own (#19). Other paths
 * (the H5 pages) go through every router as before. Keeps `.router`, which the OpenAPI document
 * reads off app.middleware.
 */
export function routesUnderPrefix(router: Router): Middleware {
  const routes = router.routes() as unknown as Middleware;
  const prefix = router.opts.prefix ?? '';
  const literalEnd = prefix.search(/[:{(*?+]/);
  const literal = (literalEnd < 0 ? prefix : prefix.slice(0, literalEnd)).toLowerCase();
  if (!literal.startsWith('/api/')) return routes;
  const gated: Middleware = (ctx, next) =>
    !ctx.path.startsWith('/api/') || startsWithIgnoringCase(ctx.path, literal) ? routes(ctx, next) : next();
  return Object.assign(gated, { router });
}
