import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The production path end to end: `npm run build:server` output, run by plain node (no tsx),
 * against the embedded server's own compiled CLI as a separate process, as MONGODB_URI — the
 * way a deployment runs cloud against a real MongoDB.
 */
const root = path.resolve(__dirname, '../..');
// Inside the repository so the bundles' require() of npm packages finds node_modules.
const outRoot = path.join(root, '.tmp', `build-test-${process.pid}`);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildServer } = require('../../scripts/build-server.js') as {
  buildServer(options: { outRoot: string; quiet: boolean }): Promise<string[]>;
};

type Started = {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
};

function start(file: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [file, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      const m = output.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => output,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const m = output.match(pattern);
        if (m) return resolve(m);
        waiters.push({ pattern, resolve });
        child.once('exit', (code) => reject(new Error(`exited ${code} before ${pattern}:\n${output}`)));
      }),
  };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function poll(url: string, until: (res: Response) => boolean, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => null);
    if (res && until(res)) return res;
    if (Date.now() > deadline) throw new Error(`${url} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the compiled production build', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-build-'));
  let db: Started | undefined;
  let cloud: Started | undefined;

  beforeAll(async () => {
    await buildServer({ outRoot, quiet: true });
  }, 120_000);
  afterAll(async () => {
    for (const p of [cloud, db]) if (p && p.child.exitCode === null) p.child.kill('SIGKILL');
    fs.rmSync(outRoot, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('should serve, be ready once indexes are checked, and stop cleanly on SIGTERM, all without tsx', async () => {
    const files = fs.readdirSync(path.join(outRoot, 'cloud/dist'));
    expect(files).toEqual(
      expect.arrayContaining(['server.js', 'embedded-db.worker.js', 'import.parse-worker.js']),
    );

    db = start(path.join(outRoot, 'embedded-mongo/dist/cli.js'), ['--port', '0', '--dbpath', dataDir], {});
    const [, uri] = await db.waitFor(/ready on (mongodb:\/\/\S+)/);

    cloud = start(path.join(outRoot, 'cloud/dist/server.js'), [], {
      NODE_ENV: 'production',
      PORT: '0',
      MONGODB_URI: `${uri.replace(/\/?$/, '/')}alliance_hub`,
      WECHAT_SECRET: 'unused-in-this-test',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      SWAP_TOKEN_SECRET: 'a-production-secret-for-the-test',
      H5_DIR: path.join(outRoot, 'no-h5'),
      LOG_LEVEL: 'info',
    });
    const [, base] = await cloud.waitFor(/"url":"(http:\/\/[^"]+)"/);

    const ready = await poll(`${base}/api/v1/health/ready`, (res) => res.status === 200);
    expect(await ready.json()).toMatchObject({ ready: true, database: { state: 'up', kind: 'external' } });
    const live = await fetch(`${base}/api/v1/health/live`);
    expect(live.status).toBe(200);
    // Production refuses dev sign-in: the compiled build read NODE_ENV like the sources do.
    const devUsers = await fetch(`${base}/api/v1/auth/dev/users`);
    expect(devUsers.status).toBe(404);
    expect(await devUsers.json()).toMatchObject({ error: { code: 'DEV_LOGIN_DISABLED' } });
    expect(cloud.output()).not.toMatch(/tsx/);

    cloud.child.kill('SIGTERM');
    expect(await exited(cloud.child)).toBe(0);
    expect(cloud.output()).toMatch(/"msg":"stopped"/);
    db.child.kill('SIGTERM');
    expect(await exited(db.child)).toBe(0);
  }, 120_000);
});
