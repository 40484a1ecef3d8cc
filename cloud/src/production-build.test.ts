import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cloudEnv,
  pollUntil,
  repoRoot,
  startCloudProcess,
  startEmbeddedProcess,
  type Started,
} from './test/processes';

/**
 * The production path end to end: `npm run build:server` output, run by plain node (no tsx),
 * against the embedded server's own compiled CLI as a separate process, as MONGODB_URI — the
 * way a deployment runs cloud against a real MongoDB.
 */
// Inside the repository so the bundles' require() of npm packages finds node_modules.
const outRoot = path.join(repoRoot, '.tmp', `build-test-${process.pid}`);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildServer } = require('../../scripts/build-server.js') as {
  buildServer(options: { outRoot: string; quiet: boolean }): Promise<string[]>;
};

describe('the compiled production build', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-build-'));
  const started: Started[] = [];

  beforeAll(async () => {
    await buildServer({ outRoot, quiet: true });
  }, 120_000);
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.exited()));
    fs.rmSync(outRoot, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('should serve, be ready once indexes are checked, and stop cleanly on SIGTERM, all without tsx', async () => {
    const files = fs.readdirSync(path.join(outRoot, 'cloud/dist'));
    expect(files).toEqual(
      expect.arrayContaining(['server.js', 'embedded-db.worker.js', 'import.parse-worker.js']),
    );

    const db = await startEmbeddedProcess({
      cli: path.join(outRoot, 'embedded-mongo/dist/cli.js'),
      dbPath: dataDir,
    });
    started.push(db);
    const cloud = await startCloudProcess(
      [path.join(outRoot, 'cloud/dist/server.js')],
      cloudEnv(db.uri, {
        NODE_ENV: 'production',
        WECHAT_SECRET: 'unused-in-this-test',
        WECHAT_API_BASE: 'http://127.0.0.1:9',
      }),
    );
    started.push(cloud);

    const ready = await pollUntil(`${cloud.base}/api/v1/health/ready`, (res) => res.status === 200);
    expect(await ready.json()).toMatchObject({ ready: true, database: { state: 'up', kind: 'external' } });
    expect((await fetch(`${cloud.base}/api/v1/health/live`)).status).toBe(200);
    // Production refuses dev sign-in: the compiled build read NODE_ENV like the sources do.
    const devUsers = await fetch(`${cloud.base}/api/v1/auth/dev/users`);
    expect(devUsers.status).toBe(404);
    expect(await devUsers.json()).toMatchObject({ error: { code: 'DEV_LOGIN_DISABLED' } });
    expect(cloud.output()).not.toMatch(/tsx/);
    // The OpenAPI document is built from the bundled routers and zod schemas too.
    const spec = await fetch(`${cloud.base}/api/v1/openapi.json`);
    expect(spec.status).toBe(200);
    expect(await spec.json()).toMatchObject({
      openapi: '3.1.0',
      paths: { '/api/v1/health/ready': { get: {} } },
    });

    cloud.child.kill('SIGTERM');
    expect(await cloud.exited()).toBe(0);
    expect(cloud.output()).toMatch(/"msg":"stopped"/);
    db.child.kill('SIGTERM');
    expect(await db.exited()).toBe(0);
  }, 120_000);
});
