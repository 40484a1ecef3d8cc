/**
 * Request overhead (#19): what one request costs the server before any feature work, next to a
 * bare Koa hello-world in the same process: an unauthenticated read through the whole middleware
 * chain (GET /health/live), a signed-in read (GET /me: authentication + profile), and a directory
 * search. Printed as rps, p99 and CPU time per request, split between the API thread and the
 * other threads (the embedded database's thread above all), beside the goal; never asserted.
 *
 * CPU per request moves less than wall-clock figures when other work shares the machine, yet on a
 * busy 2-core VM still up to ~2x between minutes (contention inflates CPU time too): compare runs
 * made side by side. Each row first waits for background work of the warm-up to end (quiet()).
 * The load generator runs in a child process, as in bench:scale.
 * Quick run: BENCH_SECONDS=3. BENCH_PATHS=me limits the rows (comma-separated: bare,live,me,search).
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startBenchServer } from './bench-server';
import { seedDirectory } from './directory-seed';
import { generateLoad, printLoadAverage, startBareKoa, type LoadJob } from './load-generator';

const ORGS = Number(process.env.BENCH_ORGS ?? 2_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 6_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROWS = new Set((process.env.BENCH_PATHS ?? 'bare,live,me,search').split(','));

const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 1_000);

const QUIET_MAX_SECONDS = Number(process.env.BENCH_QUIET_MAX_SECONDS ?? 30);

/** CPU seconds of each thread of this process (Linux), so the API thread can be told apart. */
function threadCpu(): Map<number, number> {
  const ticks = new Map<number, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name, which sits in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(tid), Number(fields[11]) + Number(fields[12])); // utime + stime
    }
  } catch {
    // Not Linux: the split is left out, the process total stays.
  }
  return ticks;
}

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * Waits (up to QUIET_MAX_SECONDS) until this process's threads together use less than 5 % of a
 * core over half a second: work the first requests set off in the background (the
 * database ordering a sort index's keys after the bulk load, ~0.5-1 s of CPU at 100,000
 * organizations) would otherwise be counted against the requests measured next.
 */
async function quiet(): Promise<void> {
  const deadline = Date.now() + QUIET_MAX_SECONDS * 1000;
  const allThreads = () => {
    let ticks = 0;
    for (const t of threadCpu().values()) ticks += t;
    return ticks;
  };
  let before = allThreads();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = allThreads();
    if ((now - before) * CLOCK_TICK_MS < 25) return;
    before = now;
  }
}

/** One row's requests: one path, timed under CONNECTIONS or `sequential` one after another. */
type Job = { url: string; path: string; token?: string; sequential?: number };

const loadJob = ({ path, ...job }: Job, seconds = SECONDS): LoadJob => ({
  ...job,
  paths: [path],
  connections: CONNECTIONS,
  seconds,
});

/** The load from the child, with this process's CPU per answered request, API thread apart. */
async function measure(job: Job) {
  // Unmeasured first: the JIT compiles the path and the driver's pool fills its connections.
  if (WARM_SECONDS > 0) await generateLoad(loadJob({ ...job, sequential: undefined }, WARM_SECONDS));
  await quiet();
  // Stalls of the API thread while it serves: event-loop delay, and its own GC pauses (the
  // embedded database's thread has its own heap and is not observed here).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  delay.enable();
  const cpuBefore = process.cpuUsage();
  const threadsBefore = threadCpu();
  const result = await generateLoad(loadJob(job));
  const cpu = process.cpuUsage(cpuBefore);
  const threadsAfter = threadCpu();
  delay.disable();
  gcObserver.disconnect();
  const total = Math.max(1, result.total);
  const apiTicks = (threadsAfter.get(process.pid) ?? 0) - (threadsBefore.get(process.pid) ?? 0);
  // The busiest other thread is the embedded database's under a database-bound load; the rest are
  // V8's helpers (concurrent GC marking and sweeping of both heaps, compilation) and libuv's.
  let busiestOther = 0;
  for (const [tid, ticks] of threadsAfter) {
    if (tid !== process.pid) busiestOther = Math.max(busiestOther, ticks - (threadsBefore.get(tid) ?? 0));
  }
  return {
    ...result,
    cpuMs: (cpu.user + cpu.system) / 1000 / total,
    systemMs: cpu.system / 1000 / total,
    apiMs: threadsAfter.size ? (apiTicks * CLOCK_TICK_MS) / total : NaN,
    busiestOtherMs: threadsAfter.size ? (busiestOther * CLOCK_TICK_MS) / total : NaN,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayMaxMs: delay.max / 1e6,
    gc,
  };
}

async function main() {
  const bench = await startBenchServer();
  if (ROWS.has('search')) await seedDirectory(ORGS, PEOPLE);
  const res = await fetch(`${bench.base}/api/v1/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: '秘书处·压测', role: 'secretariat' }),
  });
  const token = ((await res.json()) as { token: string }).token;

  const rows: Array<{ what: string; job: Job; goal: string }> = [];
  const bare = ROWS.has('bare') ? await startBareKoa() : undefined;
  if (bare) rows.push({ what: 'bare Koa hello-world', job: { url: bare.url, path: '/' }, goal: '' });
  if (ROWS.has('live')) {
    rows.push({
      what: 'GET /health/live (middleware chain, no database)',
      job: { url: bench.base, path: '/api/v1/health/live' },
      goal: '',
    });
  }
  if (ROWS.has('me')) {
    rows.push({
      what: 'signed-in GET /me (authentication + profile)',
      job: { url: bench.base, path: '/api/v1/me', token },
      goal: '≤ 1 ms CPU',
    });
  }
  if (ROWS.has('search')) {
    rows.push({
      what: `directory search 石墨烯 (${ORGS.toLocaleString()} organizations)`,
      job: {
        url: bench.base,
        path: `/api/v1/organizations?q=${encodeURIComponent('石墨烯')}&limit=20`,
        token,
      },
      goal: '',
    });
  }
  const table = [];
  const runs = rows.flatMap((row) => [
    { ...row, job: { ...row.job, sequential: SEQUENTIAL }, how: 'one at a time' },
    { ...row, how: `${CONNECTIONS} connections` },
  ]);
  const underLoad = new Map<string, { rps: number; p99: number }>();
  for (const row of runs) {
    const r = await measure(row.job);
    if (!row.job.sequential) underLoad.set(row.what, { rps: r.rps, p99: r.p99 });
    table.push({
      what: row.what,
      how: row.how,
      rps: Math.round(r.rps),
      'p99 ms': r.p99,
      'CPU ms/req': r.cpuMs.toFixed(3),
      'API thread ms/req': r.apiMs.toFixed(3),
      'other threads ms/req': (r.cpuMs - r.apiMs).toFixed(3),
      'of it busiest (DB) / rest': `${r.busiestOtherMs.toFixed(3)} / ${(r.cpuMs - r.apiMs - r.busiestOtherMs).toFixed(3)}`,
      // Kernel time: loopback TCP to the database thread and to the client, thread wake-ups.
      'of it kernel': r.systemMs.toFixed(3),
      // Wall-clock, so inflated by a busy machine like the rps: a pause here is the API thread's.
      'API loop delay p99/max ms': `${r.delayP99Ms.toFixed(0)}/${r.delayMaxMs.toFixed(0)}`,
      'API GC n/total/max ms': `${r.gc.count}/${r.gc.totalMs.toFixed(0)}/${r.gc.maxMs.toFixed(0)}`,
      goal: row.goal,
      ...(r.non2xx || r.errors ? { failed: `${r.non2xx} non-2xx, ${r.errors} errors` } : {}),
    });
  }
  bare?.server.close();
  console.log(
    `request overhead: ${SEQUENTIAL} requests one at a time, then ${CONNECTIONS} connections × ${SECONDS} s`,
  );
  console.table(table);
  const bareRow = rows.find((row) => row.job.url === bare?.url);
  const searchRow = rows.find((row) => row.what.startsWith('directory search'));
  const bareLoad = bareRow && underLoad.get(bareRow.what);
  const searchLoad = searchRow && underLoad.get(searchRow.what);
  if (bareLoad && searchLoad) {
    console.log(
      `directory search under ${CONNECTIONS} connections: ${Math.round(searchLoad.rps)} rps = ` +
        `${((100 * searchLoad.rps) / bareLoad.rps).toFixed(1)} % of bare Koa's ${Math.round(bareLoad.rps)} ` +
        `(goal ≥ 5 %), p99 ${searchLoad.p99} ms (goal < 100 ms)`,
    );
  }
  printLoadAverage();
  await bench.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
