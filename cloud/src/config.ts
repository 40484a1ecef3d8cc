import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from '@alliance-hub/types';

function compilesAsProxyList(list: string[]): boolean {
  try {
    proxyaddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WECHAT_APPID: z.string().min(1).default('wx0000000000000000'),
  WECHAT_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  // The subscribe-message template for due follow-ups, from the mini-program's admin console.
  WECHAT_TEMPLATE_TASK_DUE: z.string().min(1).max(64).default('task-due-template'),
  WECHAT_TEMPLATE_OVERDUE_DIGEST: z.string().min(1).max(64).default('overdue-digest-template'),
  AUTH_DEV_LOGIN: flag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/i, 'must look like 1mb or 512kb')
    .default('1mb'),
  H5_DIR: z.string().min(1).optional(),
  TRUSTED_PROXIES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine(
      compilesAsProxyList,
      'must be a comma-separated list of IPs, CIDR ranges, loopback, linklocal or uniquelocal',
    )
    .optional(),
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every(isOrigin),
      'must be a comma-separated list of origins such as https://admin.example.cn (scheme, host, optional port; no path)',
    )
    .optional(),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  DEMO_DATA: flag.optional(),
  SWAP_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SWAP_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  TEST_CONTROLS: flag.optional(),
  IMPORT_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(60),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  mongodbUri: string | undefined;
  dataDir: string;
  embeddedDbPort: number;
  wechat: {
    appId: string;
    /** Undefined outside production means: run against the local fake WeChat server. */
    secret: string | undefined;
    apiBase: string;
    /** Subscribe-message template ids by template key. */
    templates: { task_due: string; overdue_digest: string };
  };
  authDevLogin: boolean;
  /** Browser tests only: a clock they move and a view of the fake WeChat sends (cloud/src/dev/test-controls.ts). */
  testControls: boolean;
  /**
   * Peers whose X-Forwarded-For/-Proto/-Host are believed (proxy-addr syntax). Empty: none, so
   * the client address is the socket's and a client cannot choose its own rate-limit bucket.
   */
  trustedProxies: string[];
  /** Web origins other than our own that may call the API from a browser; none by default. */
  corsOrigins: string[];
  /** Sign-in attempts allowed per client IP per minute. */
  signInRateLimit: number;
  /** Load the demo alliance into an empty database at boot. */
  demoData: boolean;
  /** Signs card-swap tokens; shared by every cloud process. */
  swapTokenSecret: string;
  swapTokenTtlSeconds: number;
  /**
   * How long an import job's runner holds it without renewing; after that a dead runner's job is
   * taken over by another process. Short values only for tests; the default suits deployments.
   */
  importLeaseMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  bodyLimit: string;
  h5Dir: string;
  version: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const defaultH5Dir = path.resolve(__dirname, '../../miniapp/dist/h5');

/**
 * Parses the environment once at boot. Every problem is reported together, each naming
 * its variable, so a misconfigured deployment fails fast with one readable message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in EnvSchema.shape && value !== ''),
  );
  const parsed = EnvSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  // Off unless a person turns it on: an instance started without it must never hand out
  // secretariat sessions to anyone who asks (`npm start` turns it on for the local demo).
  const authDevLogin = e.AUTH_DEV_LOGIN ?? false;
  if (production && authDevLogin) {
    problems.push('AUTH_DEV_LOGIN: must not be enabled when NODE_ENV=production');
  }
  if (production && e.TEST_CONTROLS) {
    problems.push('TEST_CONTROLS: must not be enabled when NODE_ENV=production');
  }
  if (production && !e.WECHAT_SECRET) {
    problems.push('WECHAT_SECRET: required when NODE_ENV=production');
  }
  if (production && !e.SWAP_TOKEN_SECRET) {
    problems.push('SWAP_TOKEN_SECRET: required when NODE_ENV=production (signs card-swap QR codes)');
  }
  if (production && !e.MONGODB_URI) {
    problems.push(
      'MONGODB_URI: required when NODE_ENV=production (the embedded server is for dev and tests)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    wechat: {
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE,
      templates: { task_due: e.WECHAT_TEMPLATE_TASK_DUE, overdue_digest: e.WECHAT_TEMPLATE_OVERDUE_DIGEST },
    },
    authDevLogin,
    testControls: e.TEST_CONTROLS ?? false,
    trustedProxies: e.TRUSTED_PROXIES ?? [],
    corsOrigins: e.CORS_ORIGINS ?? [],
    signInRateLimit: e.AUTH_RATE_LIMIT_PER_MINUTE,
    demoData: e.DEMO_DATA ?? !production,
    // A fixed dev secret keeps codes valid across restarts of a local server; production must set its own.
    swapTokenSecret: e.SWAP_TOKEN_SECRET ?? 'dev-only-swap-token-secret-not-for-production',
    swapTokenTtlSeconds: e.SWAP_TOKEN_TTL_SECONDS,
    importLeaseMs: e.IMPORT_LEASE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    h5Dir: e.H5_DIR ? path.resolve(e.H5_DIR) : defaultH5Dir,
    version: readVersion(),
  };
}

function readVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
}
