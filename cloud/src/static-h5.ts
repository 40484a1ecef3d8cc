import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

const MISSING_BUILD_PAGE = `<!doctype html><meta charset="utf-8"><title>联盟通</title>
<p>H5 前端尚未构建。请运行 <code>npm run build:h5</code> 后刷新。</p>
<p>The H5 build is missing: run <code>npm run build:h5</code>.</p>`;

/**
 * Serves the mini-program's H5 build, with SPA fallback to index.html for client-side routes.
 * Hashed assets are cached for a long time; index.html never, so a deploy shows at once.
 */
export const serveH5 =
  (root: string): Middleware =>
  async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
      return next();
    }
    const index = path.join(root, 'index.html');
    if (!fs.existsSync(index)) {
      ctx.status = 503;
      ctx.type = 'html';
      ctx.body = MISSING_BUILD_PAGE;
      return;
    }
    const looksLikeFile = path.extname(ctx.path) !== '';
    if (looksLikeFile) {
      try {
        await send(ctx, ctx.path, {
          root,
          setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
        });
        return;
      } catch (err) {
        // koa-send answers a path that escapes the root (`..%2f`), a NUL byte or malformed
        // percent-encoding with 400/403: to a client probing for files they all mean "no such file".
        const status = (err as { status?: number }).status;
        if (!status || status < 400 || status >= 500) throw err;
        ctx.status = 404;
        return;
      }
    }
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root });
  };
