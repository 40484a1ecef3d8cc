import { randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { Logger } from '../logger';
import { JobModel } from './job.model';

export type JobDefinition = {
  name: string;
  /** How long after a run the job is due again. */
  everyMs: number;
  /** A run that takes longer than this is presumed dead and may be taken over. */
  leaseMs?: number;
  run: (now: Date) => Promise<void>;
};

export type Scheduler = {
  /** Runs every job that is due and free, once; what the timer calls. Tests call it directly. */
  tick(): Promise<string[]>;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly workerId: string;
};

const DEFAULT_LEASE_MS = 2 * 60_000;
/** Two schedulers stop one after the other, and the database closes after them, within 10 s. */
const STOP_WAIT_MS = 2_000;

/**
 * A minimal MongoDB-backed scheduler shared by all cloud processes: the schedule lives in the
 * `jobs` collection, not in a timer's memory, so a job missed while every process was down runs
 * as soon as one comes back. Time comes from the injected clock, so tests drive it.
 */
export function createScheduler(options: {
  jobs: JobDefinition[];
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  workerId?: string;
  /** How long stop() waits for a job already running (see stop). */
  stopWaitMs?: number;
}): Scheduler {
  const workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;
  let stopping = false;

  async function ensureJobs() {
    const now = options.clock();
    for (const job of options.jobs) {
      try {
        // Due at once on first start: a fresh deployment catches up with anything already due.
        await JobModel.updateOne(
          { name: job.name },
          { $setOnInsert: { nextRunAt: now, runs: 0 } },
          { upsert: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  async function runOne(job: JobDefinition): Promise<boolean> {
    const now = options.clock();
    const lease = await JobModel.findOneAndUpdate(
      {
        name: job.name,
        nextRunAt: { $lte: now },
        $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: { $lte: now } }],
      },
      {
        $set: {
          lockedBy: workerId,
          lockedUntil: new Date(now.getTime() + (job.leaseMs ?? DEFAULT_LEASE_MS)),
        },
      },
      { returnDocument: 'after' },
    ).lean();
    if (!lease) return false;
    let error: string | undefined;
    try {
      await job.run(now);
    } catch (err) {
      error = (err as Error).message;
      options.logger.error({ err, job: job.name }, 'scheduled job failed');
    }
    const done = options.clock();
    // Released only by its holder: a run that overstayed its lease must not free a newer one.
    await JobModel.updateOne(
      { name: job.name, lockedBy: workerId },
      {
        $set: {
          nextRunAt: new Date(done.getTime() + job.everyMs),
          lastRunAt: done,
          ...(error ? { lastError: error } : {}),
        },
        $unset: { lockedBy: 1, lockedUntil: 1, ...(error ? {} : { lastError: 1 }) },
        $inc: { runs: 1 },
      },
    );
    return true;
  }

  async function tickOnce(): Promise<string[]> {
    await ensureJobs();
    const ran: string[] = [];
    for (const job of options.jobs) {
      // A stop lets the job in hand finish but starts no other: the next process to poll runs it.
      if (stopping) break;
      if (await runOne(job)) ran.push(job.name);
    }
    return ran;
  }

  const scheduler: Scheduler = {
    workerId,
    tick() {
      // One tick at a time per process; overlapping timer ticks share the running one.
      running ??= tickOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    async start() {
      await ensureJobs();
      const poll = () => {
        scheduler.tick().catch((err: unknown) => options.logger.error({ err }, 'scheduler tick failed'));
      };
      poll();
      timer = setInterval(poll, options.pollMs ?? 15_000);
      timer.unref();
    },
    /**
     * No job starts after this. A job already running is waited for, up to stopWaitMs (default
     * 2 s): a shutdown has 10 s in all and the database still has to close after this. A job
     * still running then is left to its lease, exactly as if this process had died: its lease is
     * not released (another process running it meanwhile could send a reminder twice), so it runs
     * again once the lease runs out, and the jobs are written to be safe to run again.
     */
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!running) return;
      let waited: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        running.then(
          () => 'done' as const,
          () => 'done' as const,
        ),
        new Promise<'late'>((resolve) => {
          waited = setTimeout(() => resolve('late'), options.stopWaitMs ?? STOP_WAIT_MS);
        }),
      ]);
      clearTimeout(waited);
      if (outcome === 'late') {
        options.logger.warn(
          { workerId, waitedMs: options.stopWaitMs ?? STOP_WAIT_MS },
          'scheduled job still running at shutdown; left to its lease',
        );
      }
    },
  };
  return scheduler;
}
