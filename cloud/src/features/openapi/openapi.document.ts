import type Router from '@koa/router';
import type Koa from 'koa';
import { ApiErrorBody, z } from '@alliance-hub/types';
import { requirementOf } from '../../middleware/auth';
import { contractOf } from '../../middleware/validate';

type JsonSchema = Record<string, unknown>;

export type OpenApiParameter = {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};

export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  'x-permission'?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
};

/** A route as @koa/router holds it, with the method lower-cased and the path in OpenAPI form. */
export type MountedRoute = {
  method: string;
  /** e.g. /api/v1/intents/{id} */
  path: string;
  stack: unknown[];
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** The Chinese names shown on the docs page, by the first path segment after /api/v1. */
const TAG_NAMES: Record<string, string> = {
  health: '健康检查',
  auth: '登录与会话',
  me: '我的',
  applications: '入会申请',
  users: '用户管理',
  audit: '审计日志',
  imports: '批量导入',
  exports: '名录导出',
  organizations: '单位名录',
  people: '人员名录',
  fields: '行业领域',
  cards: '名片交换',
  contacts: '联系人',
  interactions: '对接记录',
  tasks: '待办',
  intents: '合作意向',
  timeline: '时间线',
  events: '活动',
  achievements: '科技成果',
  demands: '技术需求',
  selections: '点菜式对接',
  interests: '我感兴趣',
  matching: '精准匹配',
  stats: '统计看板',
  targets: '年度目标',
  reports: '年度报告',
  openapi: '接口说明',
};

/** Every route of every @koa/router mounted on the app, in mounting order. */
export function mountedRoutes(app: Koa): MountedRoute[] {
  const routes: MountedRoute[] = [];
  for (const middleware of app.middleware) {
    // router.routes() returns its dispatcher with the router attached (a documented property).
    const router = (middleware as { router?: Router }).router;
    if (!router) continue;
    for (const layer of router.stack) {
      if (typeof layer.path !== 'string') continue;
      // The /api fallback ('/api/{*rest}' on every method) answers 404 for unknown paths: not an operation.
      if (layer.path.includes('{*')) continue;
      for (const method of layer.methods) {
        const lower = method.toLowerCase();
        // HEAD is added by @koa/router for every GET; it is not a separate operation.
        if (!METHODS.has(lower)) continue;
        routes.push({ method: lower, path: openApiPath(layer.path), stack: layer.stack });
      }
    }
  }
  return routes;
}

/** '/api/v1/intents/:id' → '/api/v1/intents/{id}' */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  // Requests are documented as clients send them (io: 'input'): before defaults and coercion.
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(
  schema: z.ZodType | undefined,
  place: 'path' | 'query',
  path: string,
): OpenApiParameter[] {
  const pathNames = place === 'path' ? [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]) : [];
  const json = schema ? toJsonSchema(schema) : {};
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  const names = place === 'path' ? pathNames : Object.keys(properties);
  return names.map((name) => {
    const property = properties[name] ?? { type: 'string' };
    const { description, ...rest } = property;
    return {
      name,
      in: place,
      // OpenAPI requires every path parameter to be required.
      required: place === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part))
    .flatMap((part) => part.split('-'));
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** An upload: the declared text fields plus the file itself. */
function multipartBody(fields: z.ZodType): NonNullable<OpenApiOperation['requestBody']> {
  const schema = toJsonSchema(fields);
  const properties = {
    ...((schema.properties ?? {}) as JsonSchema),
    file: { type: 'string', format: 'binary' },
  };
  const required = [...((schema.required ?? []) as string[]), 'file'];
  return {
    required: true,
    content: { 'multipart/form-data': { schema: { ...schema, properties, required } } },
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
});

function operationOf(route: MountedRoute): OpenApiOperation | undefined {
  const contract = route.stack.map(contractOf).find(Boolean);
  // A route without a declared contract is left out, so the coverage test names it.
  if (!contract) return undefined;
  const requirement = route.stack.map(requirementOf).find(Boolean);
  // The docs page (/api/docs) and the spec itself (/api/v1/openapi.json) share one tag.
  const tag = route.path.startsWith('/api/v1/')
    ? route.path.slice('/api/v1/'.length).split(/[/.]/)[0]
    : 'openapi';
  const parameters = [
    ...parametersOf(contract.params, 'path', route.path),
    ...parametersOf(contract.query, 'query', route.path),
  ];
  const responses: OpenApiOperation['responses'] = {
    '200': {
      description: '成功',
      ...(contract.response
        ? { content: { 'application/json': { schema: toJsonSchema(contract.response) } } }
        : {}),
    },
  };
  if (contract.body || contract.query || contract.params) {
    responses['400'] = errorResponse('请求不符合约定（VALIDATION_FAILED 等），details 列出每个字段的问题');
  }
  if (requirement) {
    responses['401'] = errorResponse('未登录或登录已过期（UNAUTHENTICATED）');
    if (requirement.action) responses['403'] = errorResponse('没有权限（FORBIDDEN）');
  }
  const permission = requirement?.action;
  return {
    operationId: operationIdOf(route.method, route.path),
    tags: [tag],
    summary: `${route.method.toUpperCase()} ${route.path.replace(/^\/api\/v1/, '')}`,
    ...(requirement
      ? {
          description: permission ? `需要登录，权限 \`${permission}\`。` : '需要登录。',
          security: [{ bearerAuth: [] }],
        }
      : { description: '无需登录。' }),
    ...(permission ? { 'x-permission': permission } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(contract.body) } },
          },
        }
      : {}),
    ...(contract.multipart ? { requestBody: multipartBody(contract.multipart) } : {}),
    responses,
  };
}

/**
 * OpenAPI 3.1 of the app as mounted: every route of every router, with the zod contracts from
 * types/ it declared through `validated()` (JSON Schema 2020-12, which 3.1 uses as it is) and the
 * permission its `allow()` demands. Read off the routers, so it cannot drift from the code.
 */
export function buildOpenApi(app: Koa, version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of mountedRoutes(app)) {
    const operation = operationOf(route);
    if (!operation) continue;
    // The first router to claim a method and path answers it; later ones never see the request.
    if (paths[route.path]?.[route.method]) continue;
    (paths[route.path] ??= {})[route.method] = operation;
    tags.add(operation.tags[0]);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '联盟通 Alliance Hub API',
      version,
      description:
        'JSON over HTTPS under /api/v1. Sign in, then send `Authorization: Bearer <token>`. ' +
        'Every body and query is checked by a strict schema (unknown keys are rejected). ' +
        'Errors are `{ "error": { "code", "message", "details", "requestId" } }`; `message` is plain Chinese for users. ' +
        'Lists page with `?cursor=&limit=` (at most 100) and answer `nextCursor`. ' +
        'Clients that cannot send PATCH post with `X-HTTP-Method-Override: PATCH`.',
    },
    servers: [{ url: '/' }],
    tags: [...tags].map((name) => ({ name, description: TAG_NAMES[name] ?? name })),
    paths,
    components: {
      schemas: { ApiErrorBody: toJsonSchema(ApiErrorBody) },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: '登录后得到的会话令牌' },
      },
    },
  };
}
