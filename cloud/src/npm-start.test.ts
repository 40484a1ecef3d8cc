import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pollUntil, repoRoot, startProcess, type Started } from './test/processes';

/**
 * `npm start` as a person runs it: scripts/start.js starting cloud from the sources, cloud
 * starting the embedded database on its own thread with a data directory. One command, and when
 * it stops — Ctrl-C, SIGTERM, or killed outright — nothing is left running.
 */
const startScript = path.join(repoRoot, 'scripts/start.js');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) no longer runs anything.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** The processes a process started (Linux /proc). */
function childPids(pid: number): number[] {
  const listed = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return listed ? listed.split(/\s+/).map(Number) : [];
}

async function until(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start (scripts/start.js)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
  const started: Started[] = [];
  const cloudPids: number[] = [];

  /** start.js with the embedded database in dataDir; resolves once cloud is ready. */
  async function npmStart() {
    const run = startProcess([startScript], {
      PORT: '0',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      // Served from elsewhere, so start.js does not build the H5 front end for this test.
      H5_DIR: path.join(repoRoot, '.tmp', 'no-h5'),
    });
    started.push(run);
    const [, base] = await run.waitFor(/"url":"(http:\/\/[^"]+)"/);
    const children = childPids(run.child.pid!);
    expect(children).toHaveLength(1);
    cloudPids.push(children[0]);
    await pollUntil(`${base}/api/v1/health/ready`, (res) => res.status === 200);
    return { ...run, base, cloudPid: children[0] };
  }

  afterAll(async () => {
    for (const pid of cloudPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.exited()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('should run cloud as its only child, with the database on a thread, and stop it cleanly on SIGINT and SIGTERM', async () => {
    const first = await npmStart();
    expect(first.output()).toMatch(/embedded database started/);
    // The database is a thread of cloud's process, not a process of its own.
    expect(childPids(first.cloudPid)).toEqual([]);
    const signIn = await fetch(`${first.base}/api/v1/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '重启前的用户', role: 'member' }),
    });
    expect(signIn.status).toBe(200);
    const { token } = (await signIn.json()) as { token: string };

    first.child.kill('SIGINT');
    expect(await first.exited()).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);
    expect(isRunning(first.cloudPid)).toBe(false);

    // The data directory was released and its data kept: a second start opens it.
    const second = await npmStart();
    const me = await fetch(`${second.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited()).toBe(0);
    expect(second.output()).toMatch(/"msg":"stopped"/);
    expect(isRunning(second.cloudPid)).toBe(false);
  }, 240_000);

  it('should stop cloud when npm start itself is killed outright', async () => {
    const run = await npmStart();
    run.child.kill('SIGKILL');
    await run.exited();
    // No signal reached cloud; the closed IPC channel did, and it shut down as on SIGTERM.
    await until(() => !isRunning(run.cloudPid));
    // And it left the data directory usable: the next start opens it.
    const next = await npmStart();
    next.child.kill('SIGTERM');
    expect(await next.exited()).toBe(0);
  }, 240_000);
});
