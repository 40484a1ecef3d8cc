import { execFileSync } from 'node:child_process';
import Router from '@koa/router';
import Koa from 'koa';
import { z } from '@alliance-hub/types';
import { createApp } from '../../app';
import { loadConfig } from '../../config';
import type { Database } from '../../database';
import { silentLogger } from '../../logger';
import { validated } from '../../middleware/validate';
import { startTestApp, type TestApp } from '../../test/test-app';
import type { WechatClient } from '../../wechat/wechat-client';
import { buildOpenApi, type OpenApiDocument } from './openapi.document';

/**
 * Every (method, path) the app's routers answer, walked straight from router.stack: kept apart
 * from the spec builder on purpose, so a route the builder drops or mangles shows up here.
 */
function registeredRoutes(app: Koa): string[] {
  const routes: string[] = [];
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: Router }).router;
    for (const layer of router?.stack ?? []) {
      if (typeof layer.path !== 'string' || layer.path.includes('{*')) continue;
      for (const method of layer.methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        routes.push(`${method} ${layer.path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return routes;
}

function missingFromSpec(app: Koa, spec: OpenApiDocument): string[] {
  return registeredRoutes(app).filter((route) => {
    const [method, path] = route.split(' ');
    return !spec.paths[path]?.[method.toLowerCase()];
  });
}

/**
 * @seriousme/openapi-schema-validator checks a document against the official OpenAPI 3.1 JSON
 * Schema. It ships as ES modules only, which jest's CommonJS runtime cannot load, so it runs in
 * a child node process that reads the spec on stdin.
 */
function validateOpenApi(spec: OpenApiDocument): { valid: boolean; version: string; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ ...result, version: validator.version }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: __dirname,
    input: JSON.stringify(spec),
  });
  return JSON.parse(output.toString()) as { valid: boolean; version: string; errors?: unknown };
}

// Building the routers touches neither the database nor WeChat: these stand-ins are never called.
const appForWalking = () =>
  createApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    logger: silentLogger(),
    database: {} as Database,
    wechat: {} as WechatClient,
  });

describe('OpenAPI spec', () => {
  let testApp: TestApp;
  let spec: OpenApiDocument;

  beforeAll(async () => {
    testApp = await startTestApp();
    const response = await testApp.request.get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    spec = response.body as OpenApiDocument;
  });
  afterAll(() => testApp.close());

  it('should list every route the routers register when GET /api/v1/openapi.json is read', () => {
    const app = appForWalking();
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(100);
    // A route that declares no contract (no validated(...)) is missing: declare it in its route module.
    expect(missingFromSpec(app, spec)).toEqual([]);
  });

  it('should be valid OpenAPI 3.1 when checked against the official schema', () => {
    const result = validateOpenApi(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.version).toBe('3.1');
  });

  it('should describe a route with its zod contract when it has params, body and a permission', () => {
    const operation = spec.paths['/api/v1/intents/{id}'].patch;
    expect(operation.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    const body = operation.requestBody?.content['application/json'].schema as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(body.properties)).toContain('version');
    expect(body.additionalProperties).toBe(false);
    expect(operation['x-permission']).toBe('intent.read');
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });

  it('should document query parameters one by one when a list takes a query schema', () => {
    const names = (spec.paths['/api/v1/intents'].get.parameters ?? []).map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['cursor', 'limit']));
  });

  it('should serve a docs page without scripts that the CSP allows when GET /api/docs', async () => {
    const response = await testApp.request.get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('合作意向');
    expect(response.text).toContain('/api/v1/intents/{id}');
    expect(response.text).not.toMatch(/<script/i);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('OpenAPI coverage check', () => {
  it('should report a route as missing when it declares no contract', () => {
    const app = new Koa();
    const router = new Router({ prefix: '/api/v1/widgets' });
    router.get(
      '/',
      validated({ query: z.strictObject({ q: z.string().optional() }) }, (_input, ctx) => {
        ctx.body = [];
      }),
    );
    router.post('/', (ctx) => {
      ctx.body = {};
    });
    app.use(router.routes());
    const spec = buildOpenApi(app, 'test');
    expect(missingFromSpec(app, spec)).toEqual(['POST /api/v1/widgets']);
  });
});
