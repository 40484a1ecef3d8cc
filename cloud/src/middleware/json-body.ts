import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import secureJson from 'secure-json-parse';
import { AppError, payloadTooLarge, validation } from '../errors';

/**
 * No request body in the API nests deeper than a handful of levels. The limit is checked on the
 * raw text before JSON.parse: parsing 1 MB of `[[[[…` takes a third of a second of CPU, and
 * every recursive walk after it (operator-key check, zod) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** One linear pass that counts brackets outside strings; stops as soon as the limit is passed. */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character, which may be a quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

const tooDeep = () =>
  new AppError(400, 'BODY_TOO_DEEP', `提交的内容嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层）`);

const encodingInvalid = () =>
  new AppError(400, 'BODY_ENCODING_INVALID', '提交的内容与声明的压缩格式（Content-Encoding）不符');

const encodingUnsupported = () =>
  new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持该压缩格式（Content-Encoding），请不压缩或使用 gzip');

const malformed = () => validation([], '请求格式有误：请提交合法的 JSON');

/** The decompressed body stream; pipeline() passes a client abort on to the decompressor. */
function decodedBody(req: Readable, encoding: string): Readable {
  const decompressor =
    encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate'
      ? zlib.createUnzip()
      : encoding === 'br'
        ? zlib.createBrotliDecompress()
        : undefined;
  if (!decompressor) throw encodingUnsupported();
  return pipeline(req, decompressor, () => {
    // Errors surface through raw-body reading the decompressor; nothing more to do here.
  });
}

/**
 * Reads a JSON body (objects and arrays only) into `ctx.request.body`. Every way a client can
 * get it wrong is a 4xx with a stable code: malformed JSON, too deep, too large, a compressed
 * body that is not what its Content-Encoding says, an encoding we do not speak. The limit
 * applies after decompression, so a small gzip bomb is refused like a large body.
 */
export const jsonBody =
  (options: { limit: string }): Middleware =>
  async (ctx, next) => {
    const request = ctx.request as typeof ctx.request & { body?: unknown };
    if (!WITH_BODY.has(ctx.method) || !ctx.is('application/json')) {
      request.body = {};
      return next();
    }
    const encoding = (ctx.get('Content-Encoding') || 'identity').trim().toLowerCase();
    const identity = encoding === 'identity';
    let text: string;
    try {
      text = await getRawBody(identity ? ctx.req : decodedBody(ctx.req, encoding), {
        limit: options.limit,
        length: identity ? ctx.request.length : undefined,
        encoding: 'utf-8',
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      const status = (err as { status?: number }).status;
      if (status === 413) throw payloadTooLarge();
      // A decompressor error carries no HTTP status: the bytes were not what the header claimed.
      if (!identity && status === undefined) throw encodingInvalid();
      throw err;
    }
    if (text.trim() === '') {
      request.body = {};
      return next();
    }
    // Only objects and arrays: a bare string or number is never a valid request body.
    if (!/^[ \t\n\r]*[[{]/.test(text)) throw malformed();
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) throw tooDeep();
    try {
      // Refuses __proto__ and constructor.prototype keys, which could poison objects downstream.
      request.body = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      throw malformed();
    }
    await next();
  };
