import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import supertest from 'supertest';
import { ApiErrorBody } from '@alliance-hub/types';
import { createApp } from './app';
import { loadConfig } from './config';
import type { Database } from './database';
import { silentLogger } from './logger';
import type { WechatClient } from './wechat/wechat-client';

const stubDatabase = { kind: 'embedded', state: async () => 'up' } as unknown as Database;

function appWith(env: NodeJS.ProcessEnv = {}) {
  const app = createApp({
    config: loadConfig({ LOG_LEVEL: 'silent', ...env }),
    logger: silentLogger(),
    database: stubDatabase,
    wechat: {} as WechatClient,
  });
  return supertest(http.createServer(app.callback()));
}

describe('API plumbing', () => {
  it('should answer an unknown API path with 404 in the documented error shape', async () => {
    const res = await appWith().get('/api/v1/nope').expect(404);
    const body = ApiErrorBody.parse(res.body);
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toMatch(/不存在/);
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('should keep a sane X-Request-Id from a proxy and replace a malformed one', async () => {
    const kept = await appWith().get('/api/v1/health').set('X-Request-Id', 'lb-12345678');
    expect(kept.headers['x-request-id']).toBe('lb-12345678');
    const replaced = await appWith().get('/api/v1/health').set('X-Request-Id', '<script>');
    expect(replaced.headers['x-request-id']).not.toBe('<script>');
  });

  it('should 415 when a body is not JSON', async () => {
    const res = await appWith()
      .post('/api/v1/health')
      .set('Content-Type', 'text/plain')
      .send('hi')
      .expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('should 400 with a Chinese message when the JSON is malformed', async () => {
    const res = await appWith()
      .post('/api/v1/nope')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/JSON/),
    });
  });

  it('should 413 when the body is over the limit', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(3000) });
    const res = await appWith({ BODY_LIMIT: '1kb' })
      .post('/api/v1/nope')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('security headers and CORS', () => {
  let dir: string;
  const inline = "document.documentElement.style.fontSize = '20px';";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-csp-'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      `<!doctype html><title>联盟通</title><script>${inline}</script><script defer src="/js/app.js"></script>`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should send a CSP that allows exactly the inline script of the build, and no framing', async () => {
    const res = await appWith({ H5_DIR: dir }).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    const hash = createHash('sha256').update(inline).digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self' blob:");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('should send the security headers on API answers and errors too', async () => {
    for (const res of [await appWith().get('/api/v1/health'), await appWith().get('/api/v1/nope')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('should allow no cross-origin API calls by default', async () => {
    const res = await appWith().get('/api/v1/health').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await appWith()
      .options('/api/v1/health')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should answer CORS for an origin on the CORS_ORIGINS allow-list only', async () => {
    const app = () => appWith({ CORS_ORIGINS: 'https://admin.example.cn' });
    const preflight = await app()
      .options('/api/v1/health')
      .set('Origin', 'https://admin.example.cn')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://admin.example.cn');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await app().get('/api/v1/health').set('Origin', 'https://admin.example.cn.evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should refuse a CORS_ORIGINS entry that is not an origin', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://admin.example.cn/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('request bodies a client gets wrong', () => {
  const post = (body: string | Buffer, headers: Record<string, string> = {}) => {
    let req = appWith().post('/api/v1/nope').set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    // superagent would JSON-encode a Buffer; send the compressed bytes as they are.
    return typeof body === 'string'
      ? req.send(body)
      : req.serialize(() => body as unknown as string).send(body);
  };

  it('should 400 cheaply when JSON nests 10,000 levels deep', async () => {
    const started = Date.now();
    const res = await post(`{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`).expect(400);
    expect(res.body.error).toMatchObject({ code: 'BODY_TOO_DEEP', message: expect.stringMatching(/嵌套/) });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('should 400 before parsing when a 1 MB body is nothing but brackets', async () => {
    const half = 400_000;
    const res = await post('['.repeat(half) + ']'.repeat(half)).expect(400);
    expect(res.body.error.code).toBe('BODY_TOO_DEEP');
  });

  it('should not count brackets inside strings as nesting', async () => {
    // Reaches the API fallback (404), so the body parsed fine.
    await post(JSON.stringify({ text: '[[[[{{{{'.repeat(100), quote: 'a\\"[[[' })).expect(404);
  });

  it('should 400 when a body is labelled gzip but is not', async () => {
    const res = await post('{"a":1}', { 'Content-Encoding': 'gzip' }).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'BODY_ENCODING_INVALID',
      message: expect.stringMatching(/压缩/),
    });
    const br = await post('{"a":1}', { 'Content-Encoding': 'br' }).expect(400);
    expect(br.body.error.code).toBe('BODY_ENCODING_INVALID');
  });

  it('should accept a body that really is gzip', async () => {
    await post(zlib.gzipSync('{"a":1}'), { 'Content-Encoding': 'gzip' }).expect(404);
  });

  it('should 413 when a small gzip body inflates past the limit', async () => {
    const bomb = zlib.gzipSync(JSON.stringify({ text: 'x'.repeat(5_000_000) }));
    expect(bomb.length).toBeLessThan(10_000);
    const res = await post(bomb, { 'Content-Encoding': 'gzip' }).expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should 415 with a Chinese message when the Content-Encoding is unknown', async () => {
    const res = await post('{"a":1}', { 'Content-Encoding': 'zstd' }).expect(415);
    expect(res.body.error.message).toMatch(/压缩格式/);
  });

  it('should 400 when a body poisons __proto__', async () => {
    const res = await post('{"__proto__":{"admin":true}}').expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('serving the H5 build', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-'));
    fs.mkdirSync(path.join(dir, 'js'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>联盟通</title>');
    fs.writeFileSync(path.join(dir, 'js', 'app.1234.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should serve index.html at / without caching it', async () => {
    const res = await appWith({ H5_DIR: dir }).get('/').expect(200);
    expect(res.text).toContain('联盟通');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('should fall back to index.html for client-side routes', async () => {
    const res = await appWith({ H5_DIR: dir }).get('/pages/directory/index').expect(200);
    expect(res.text).toContain('联盟通');
  });

  it('should serve hashed assets with a long cache and 404 missing ones', async () => {
    const asset = await appWith({ H5_DIR: dir }).get('/js/app.1234.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await appWith({ H5_DIR: dir }).get('/js/missing.js').expect(404);
  });

  it.each([
    '/..%2f..%2fpackage.json',
    '/..%2f..%2fetc%2fpasswd.txt',
    '/%2e%2e/%2e%2e/package.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/js/..%2f..%2f..%2fpackage.json',
    '/js/..%5c..%5cpackage.json',
    '/%00.js',
    '/js/app.1234.js%00.txt',
    '/%E0%A4%A.js',
    '/....//....//package.json',
  ])('should 404 when a path tries to escape the build folder: %s', async (probe) => {
    const res = await appWith({ H5_DIR: dir }).get(probe);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('alliance-hub');
  });

  it('should explain how to build when the H5 build is missing', async () => {
    const res = await appWith({ H5_DIR: path.join(dir, 'absent') })
      .get('/')
      .expect(503);
    expect(res.text).toContain('npm run build:h5');
  });
});
