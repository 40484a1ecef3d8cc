import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import supertest from 'supertest';
import { z } from '@alliance-hub/types';
import { silentLogger } from '../logger';
import { conflict } from '../errors';
import { errorHandler } from './error-handler';
import { jsonBody } from './json-body';
import { requestContext, type AppState } from './request-context';
import { validated } from './validate';
import { methodOverride } from './method-override';
import { inlineScriptHashes, securityHeaders } from './security-headers';

function appWithRoutes(build: (router: Router<AppState>) => void) {
  const app = new Koa<AppState>();
  app.silent = true;
  app.use(requestContext(silentLogger()));
  app.use(errorHandler());
  app.use(jsonBody({ limit: '1mb' }));
  const router = new Router<AppState>();
  build(router);
  app.use(router.routes());
  return supertest(http.createServer(app.callback()));
}

describe('error handler', () => {
  it('should never leak an internal error message in a 5xx', async () => {
    const res = await appWithRoutes((r) =>
      r.get('/boom', () => {
        throw new Error('connection string mongodb://secret@db');
      }),
    )
      .get('/boom')
      .expect(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('should expose an AppError with its status, code and details', async () => {
    const res = await appWithRoutes((r) =>
      r.get('/dup', () => {
        throw conflict('该单位已存在', { id: 'x' });
      }),
    )
      .get('/dup')
      .expect(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: '该单位已存在', details: { id: 'x' } });
  });
});

describe('validated()', () => {
  const Body = z.strictObject({ name: z.string().min(2), tags: z.array(z.string()).max(3).optional() });
  const Query = z.strictObject({ limit: z.coerce.number().int().max(100).default(20) });
  const request = appWithRoutes((r) =>
    r.post(
      '/things',
      validated({ body: Body, query: Query }, async (input, ctx) => {
        ctx.body = input;
      }),
    ),
  );

  it('should hand the parsed input to the handler', async () => {
    const res = await request.post('/things?limit=5').send({ name: '哈工大' }).expect(200);
    expect(res.body).toEqual({ body: { name: '哈工大' }, query: { limit: 5 } });
  });

  it('should 400 with the field path and a Chinese message', async () => {
    const res = await request.post('/things').send({ name: 'x' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([
      { path: 'body.name', message: expect.stringMatching(/[\u4e00-\u9fa5]/) },
    ]);
  });

  it('should reject unknown keys', async () => {
    const res = await request.post('/things').send({ name: '哈工大', role: 'admin' }).expect(400);
    expect(JSON.stringify(res.body.error.details)).toContain('role');
  });

  it('should reject operator keys anywhere, in body or query', async () => {
    const body = await request
      .post('/things')
      .send({ name: { $gt: '' } })
      .expect(400);
    expect(body.body.error.details[0].path).toBe('body.name.$gt');
    const query = await request.post('/things?$where=1').send({ name: '哈工大' }).expect(400);
    expect(query.body.error.details[0].path).toBe('query.$where');
  });
});

describe('methodOverride()', () => {
  function overrideApp() {
    const app = new Koa<AppState>();
    app.silent = true;
    app.use(methodOverride());
    const router = new Router<AppState>();
    router.patch('/thing', (ctx) => {
      ctx.body = { did: 'patch' };
    });
    router.post('/thing', (ctx) => {
      ctx.body = { did: 'post' };
    });
    router.delete('/thing', (ctx) => {
      ctx.body = { did: 'delete' };
    });
    app.use(router.routes());
    return supertest(http.createServer(app.callback()));
  }

  it('should route a POST as PATCH when the mini-program tunnels it (wx.request has no PATCH)', async () => {
    const res = await overrideApp().post('/thing').set('X-HTTP-Method-Override', 'patch').expect(200);
    expect(res.body).toEqual({ did: 'patch' });
  });

  it('should ignore an override to any other verb', async () => {
    const res = await overrideApp().post('/thing').set('X-HTTP-Method-Override', 'DELETE').expect(200);
    expect(res.body).toEqual({ did: 'post' });
  });
});

describe('inlineScriptHashes()', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-hashes-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const writeIndex = (script: string, mtime: Date) => {
    const file = path.join(dir, 'index.html');
    fs.writeFileSync(file, `<!doctype html><script>${script}</script>`);
    fs.utimesSync(file, mtime, mtime);
  };
  const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

  it('should pick up a rebuilt index.html once a second has passed, not on every response', () => {
    let now = 1_000_000;
    const hashes = inlineScriptHashes(dir, () => now);
    writeIndex('var a = 1;', new Date(2026, 0, 1));
    expect(hashes()).toEqual([hashOf('var a = 1;')]);

    writeIndex('var b = 2;', new Date(2026, 0, 2));
    now += 500;
    expect(hashes()).toEqual([hashOf('var a = 1;')]);
    now += 600;
    expect(hashes()).toEqual([hashOf('var b = 2;')]);

    fs.rmSync(path.join(dir, 'index.html'));
    now += 1000;
    expect(hashes()).toEqual([]);
  });
});

describe('securityHeaders()', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-headers-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should send the policy of the current build on every response, a rebuilt script hash included', async () => {
    const file = path.join(dir, 'index.html');
    const build = (script: string, mtime: Date) => {
      fs.writeFileSync(file, `<!doctype html><script>${script}</script>`);
      fs.utimesSync(file, mtime, mtime);
    };
    const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
    let now = 1_000_000;
    const app = new Koa();
    app.use(securityHeaders(dir, () => now));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const request = supertest(http.createServer(app.callback()));
    build('var a = 1;', new Date(2026, 0, 1));

    for (let i = 0; i < 2; i++) {
      const res = await request.get('/').expect(200);
      expect(res.headers['content-security-policy']).toContain(`script-src 'self' ${hashOf('var a = 1;')};`);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    }
    build('var b = 2;', new Date(2026, 0, 2));
    now += 1500;
    const rebuilt = await request.get('/').expect(200);
    expect(rebuilt.headers['content-security-policy']).toContain(
      `script-src 'self' ${hashOf('var b = 2;')};`,
    );
    expect(rebuilt.headers['content-security-policy']).not.toContain(hashOf('var a = 1;'));
  });
});
