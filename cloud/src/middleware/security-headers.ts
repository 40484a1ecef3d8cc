import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cors from '@koa/cors';
import type { Context, Middleware } from 'koa';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** How long a look at index.html's modification time holds: a stat per response was ~3 % of a read's CPU. */
const RECHECK_AFTER_MS = 1000;

/**
 * CSP hashes of the inline scripts in the H5 build's index.html (Taro's root-font-size script).
 * Read from the build itself, so the policy allows exactly what was built and nothing else;
 * cached per file version, so a rebuild is picked up without a restart (within a second: the
 * file's time is looked at no more often than that).
 */
export function inlineScriptHashes(h5Dir: string, now: () => number = Date.now): () => string[] {
  const index = path.join(h5Dir, 'index.html');
  let cached: { mtimeMs: number; hashes: string[] } | undefined;
  let checkedAt = -Infinity;
  let current: string[] = [];
  return () => {
    if (now() - checkedAt < RECHECK_AFTER_MS) return current;
    checkedAt = now();
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(index).mtimeMs;
    } catch {
      current = [];
      return current;
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const html = fs.readFileSync(index, 'utf8');
      const hashes = [...html.matchAll(INLINE_SCRIPT)]
        .filter((match) => match[1].trim() !== '')
        .map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
      cached = { mtimeMs, hashes };
    }
    current = cached.hashes;
    return current;
  };
}

type HeaderWrites = { set: Array<[string, string | number | readonly string[]]>; removed: string[] };

/**
 * What a helmet policy writes on a response, recorded once on a stand-in: the headers it sets,
 * in order, and those it removes. Every header of our policy is a constant of the policy (the
 * CSP's script hashes included), none depends on the request.
 */
function recordHeaders(policy: ReturnType<typeof helmet>): HeaderWrites {
  const writes: HeaderWrites = { set: [], removed: [] };
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      writes.set.push([name, value]);
      return res;
    },
    removeHeader(name: string) {
      writes.removed.push(name);
    },
  };
  let failure: unknown;
  policy({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return writes;
}

/**
 * Security headers on every response, pages and API alike (helmet's defaults: nosniff,
 * frame denial, no referrer, HSTS, same-origin opener/resource policies) with a CSP fitted to
 * the Taro H5 build:
 * - scripts: our own files plus the hashed inline root-font-size script; no eval (zod runs jitless);
 * - styles: 'unsafe-inline', because Taro's components write style attributes at runtime;
 * - images: data: (SVG icons inlined by the bundle, QR codes drawn as data URLs) and blob:
 *   (the chosen import file and the mini-program code image);
 * - media/workers: blob:, for the camera scanner;
 * - connections: blob: too, because Taro's H5 uploadFile reads the chosen file back through its
 *   blob: URL (an XHR) before posting it: without it an import upload never starts.
 *
 * Helmet writes them, once per version of the script hashes, on a stand-in response; each
 * request gets that recording replayed: helmet's dozen middlewares and the CSP string built per
 * request cost ~3 % of a signed-in read's API thread (#19).
 */
export function securityHeaders(h5Dir: string, now: () => number = Date.now): Middleware {
  const hashes = inlineScriptHashes(h5Dir, now);
  const policy = (scriptHashes: string) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", scriptHashes],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          workerSrc: ["'self'", 'blob:'],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });
  let recordedFor: string | undefined;
  let writes: HeaderWrites = { set: [], removed: [] };
  return async (ctx, next) => {
    const scriptHashes = hashes().join(' ');
    if (scriptHashes !== recordedFor) {
      writes = recordHeaders(policy(scriptHashes));
      recordedFor = scriptHashes;
    }
    const res = ctx.res;
    for (const [name, value] of writes.set) res.setHeader(name, value);
    for (const name of writes.removed) res.removeHeader(name);
    await next();
  };
}

/**
 * Cross-origin API calls: none by default (the H5 build is served from the API's own origin and
 * the mini-program is not a browser). CORS_ORIGINS names the web origins that may call it, e.g.
 * an admin console on another host; they get bearer-token access, never cookies.
 */
export function corsPolicy(allowedOrigins: string[]): Middleware {
  const allowed = new Set(allowedOrigins);
  const policy = cors({
    origin: (ctx: Context) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-HTTP-Method-Override'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
    credentials: false,
  });
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    return policy(ctx, next);
  };
}
