import http from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import supertest from 'supertest';
import { routesUnderPrefix } from './routes-under-prefix';

/** Routers shaped like the app's: literal prefixes, a parameter in one, a bare /api/v1 one, a fallback. */
function routers(): Router[] {
  const orgs = new Router({ prefix: '/api/v1/organizations' });
  orgs.get('/', (ctx) => void (ctx.body = { r: 'orgs' }));
  orgs.get('/:id', (ctx) => void (ctx.body = { r: 'org', id: ctx.params.id }));
  orgs.post('/', (ctx) => void (ctx.body = { r: 'create' }));
  const selections = new Router({ prefix: '/api/v1/events/:id/selections' });
  selections.get('/', (ctx) => void (ctx.body = { r: 'selections', id: ctx.params.id }));
  const root = new Router({ prefix: '/api/v1' });
  root.get('/me', (ctx) => void (ctx.body = { r: 'me' }));
  root.get('/organizations/stats', (ctx) => void (ctx.body = { r: 'shadowed' }));
  const events = new Router({ prefix: '/api/v1/events' });
  events.get('/:id', (ctx) => void (ctx.body = { r: 'event', id: ctx.params.id }));
  return [orgs, selections, root, events];
}

function app(gated: boolean) {
  const koa = new Koa();
  for (const router of routers()) {
    koa.use(gated ? routesUnderPrefix(router) : router.routes()).use(router.allowedMethods({ throw: false }));
  }
  const fallback = new Router({ prefix: '/api' });
  fallback.all('/{*rest}', (ctx) => {
    ctx.status = 404;
    ctx.body = { r: 'fallback' };
  });
  koa.use(fallback.routes());
  koa.use((ctx) => {
    if (ctx.path === '/page') ctx.body = 'page';
  });
  return supertest(http.createServer(koa.callback()));
}

describe('routesUnderPrefix()', () => {
  const plain = app(false);
  const gated = app(true);
  const answer = async (request: ReturnType<typeof app>, method: string, path: string) => {
    const res = await (request as unknown as Record<string, (p: string) => supertest.Test>)[method](path);
    return { status: res.status, body: res.body as unknown, text: res.text, allow: res.headers.allow };
  };

  it.each([
    ['get', '/api/v1/organizations'],
    ['get', '/api/v1/organizations/'],
    ['get', '/API/V1/Organizations/abc'],
    ['get', '/api/v1/ORGANIZATIONS'],
    ['get', '/api/v1/organizationsx'],
    ['get', '/api/v1/organizations/stats'],
    ['put', '/api/v1/organizations'],
    ['options', '/api/v1/organizations'],
    ['head', '/api/v1/organizations'],
    ['get', '/api/v1/events/e1/selections'],
    ['get', '/api/v1/Events/e1/Selections/'],
    ['post', '/api/v1/events/e1/selections'],
    ['get', '/api/v1/events/e1'],
    ['get', '/api/v1/me'],
    ['get', '/Api/v1/me'],
    ['delete', '/api/v1/me'],
    ['get', '/api/v1/nothing'],
    ['options', '/api/v1/nothing'],
    ['get', '/api/v2/organizations'],
    ['get', '/api/v1/%6Frganizations'],
    ['get', '/api/v1/organizations%2Fx'],
    ['get', '/page'],
    ['get', '/elsewhere'],
    ['options', '/elsewhere'],
  ])('should answer %s %s as the router would without the prefix check', async (method, path) => {
    expect(await answer(gated, method, path)).toEqual(await answer(plain, method, path));
  });

  it('should keep the router on the dispatcher, for the OpenAPI document', () => {
    const [orgs] = routers();
    expect((routesUnderPrefix(orgs) as unknown as { router: Router }).router).toBe(orgs);
  });
});
