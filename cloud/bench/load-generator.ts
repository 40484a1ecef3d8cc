/**
 * The HTTP load of the API benches (bench:scale, bench:overhead): autocannon in a child process,
 * as real clients are not inside the server, so the bench process's threads (the API and the
 * embedded database) have the machine to themselves and its CPU time is the server's alone. Also
 * the bare Koa hello-world both compare against, started in the bench process.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import Koa from 'koa';

export type LoadJob = {
  url: string;
  /** Each connection cycles through these paths (GET). */
  paths: string[];
  token?: string;
  connections: number;
  seconds: number;
  /** One connection, this many requests one after another, instead of the timed load. */
  sequential?: number;
};

export type LoadResult = {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

const CHILD_ROLE = 'bench-load-generator';

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const result = await autocannon({
    url: job.url,
    ...(job.sequential
      ? { connections: 1, amount: job.sequential }
      : { connections: job.connections, duration: job.seconds }),
    headers: job.token ? { authorization: `Bearer ${job.token}` } : {},
    requests: job.paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Runs the job in a child process (this file, with the bench's loader but not its profiler). */
export function generateLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      execArgv: process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof')),
      env: { ...process.env, BENCH_ROLE: CHILD_ROLE },
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(job);
  });
}

export async function startBareKoa() {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = 'hello';
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export function printLoadAverage() {
  const load = loadavg();
  console.log(
    `load average ${load.map((l) => l.toFixed(2)).join(', ')} (wall-clock figures inflate with it)`,
  );
}

if (process.env.BENCH_ROLE === CHILD_ROLE) {
  process.once('message', (job: LoadJob) => {
    runLoad(job)
      .then((result) => process.send?.(result, () => process.exit(0)))
      .catch((err) => {
        console.error(err);
        process.exit(1);
      });
  });
}
