import type { Context, Middleware } from 'koa';
import type { ErrorCode, z } from '@alliance-hub/types';
import { AppError, validation, type FieldProblem } from '../errors';

type Schemas = {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Documents the success body in the OpenAPI spec; never checked at run time. */
  response?: z.ZodType;
  /** Documents the text fields of a multipart/form-data upload, which its route reads itself. */
  multipart?: z.ZodType;
};

export type Input<S extends Schemas> = {
  [K in keyof S as K extends 'response' | 'multipart' ? never : K]: S[K] extends z.ZodType
    ? z.infer<S[K]>
    : never;
};

/**
 * The contract each route declares through `validated()`, keyed by its middleware, so the
 * OpenAPI spec is read off the mounted routers (features/openapi) instead of a second list
 * that could drift from the code.
 */
const contracts = new WeakMap<object, Schemas>();

export function contractOf(middleware: unknown): Schemas | undefined {
  return typeof middleware === 'function' ? contracts.get(middleware) : undefined;
}

/** MongoDB operator keys must never travel from a request into a query or an update. */
function findOperatorKey(value: unknown, path: string[] = []): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findOperatorKey(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('$') || key.includes('\0')) return [...path, key].join('.');
      const found = findOperatorKey(inner, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

type CodedProblem = FieldProblem & { errorCode?: ErrorCode };

function problemsOf(error: z.ZodError, prefix: string): CodedProblem[] {
  return error.issues.map((issue) => {
    // A schema can name a stable code for its issue (e.g. INVALID_CURSOR) through params.
    const errorCode = (issue as { params?: { errorCode?: ErrorCode } }).params?.errorCode;
    return {
      path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
      ...(errorCode ? { errorCode } : {}),
    };
  });
}

/** VALIDATION_FAILED, unless every problem carries the same more specific code. */
function errorFor(problems: CodedProblem[]): AppError {
  const details = problems.map(({ path, message }) => ({ path, message }));
  const code = problems[0].errorCode;
  if (code && problems.every((problem) => problem.errorCode === code)) {
    return new AppError(400, code, problems[0].message, details);
  }
  return validation(details);
}

/** Parses body, query and params with the zod schemas from types/; throws a 400 listing every problem. */
export function parseInput<S extends Schemas>(ctx: Context, schemas: S): Input<S> {
  const sources = {
    body: (ctx.request as { body?: unknown }).body ?? {},
    query: ctx.query,
    params: (ctx as unknown as { params?: unknown }).params ?? {},
  };
  const input: Record<string, unknown> = {};
  const problems: CodedProblem[] = [];
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (!schema) continue;
    const operator = findOperatorKey(sources[part]);
    if (operator) {
      problems.push({ path: `${part}.${operator}`, message: '字段名不能以 $ 开头' });
      continue;
    }
    const parsed = schema.safeParse(sources[part]);
    if (parsed.success) input[part] = parsed.data;
    else problems.push(...problemsOf(parsed.error, part));
  }
  if (problems.length > 0) throw errorFor(problems);
  return input as Input<S>;
}

/**
 * The last link of a route chain: parses the request, then hands the typed input to the
 * handler. Handlers never read raw `ctx.request.body` or `ctx.query`.
 */
export function validated<S extends Schemas>(
  schemas: S,
  handler: (input: Input<S>, ctx: Context) => Promise<void> | void,
): Middleware {
  const middleware: Middleware = async (ctx) => {
    await handler(parseInput(ctx, schemas), ctx);
  };
  contracts.set(middleware, schemas);
  return middleware;
}
