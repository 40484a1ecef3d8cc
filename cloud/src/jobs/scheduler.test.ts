import { startTestApp, type TestApp } from '../test/test-app';
import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../logger';
import { JobModel } from './job.model';
import { createScheduler, type JobDefinition } from './scheduler';

let now = new Date('2026-12-02T02:00:00Z');
const clock = () => now;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function schedulerWith(workerId: string, job: JobDefinition) {
  return createScheduler({ jobs: [job], clock, logger: silentLogger(), workerId });
}

describe('createScheduler', () => {
  it('should run a due job on one of two processes only, then again when it is due', async () => {
    const runs: string[] = [];
    const job = (who: string): JobDefinition => ({
      name: 'test.every-minute',
      everyMs: 60_000,
      run: async () => {
        runs.push(who);
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    });
    const [a, b] = [schedulerWith('a', job('a')), schedulerWith('b', job('b'))];
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(runs).toHaveLength(1);
    now = new Date(now.getTime() + 30_000);
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toHaveLength(1);
    now = new Date(now.getTime() + 31_000);
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toHaveLength(2);
  });

  it('should take a job over when the process holding it died and its lease ran out', async () => {
    const runs: string[] = [];
    const job: JobDefinition = {
      name: 'test.takeover',
      everyMs: 60_000,
      leaseMs: 120_000,
      run: async () => void runs.push('run'),
    };
    await JobModel.create({
      name: 'test.takeover',
      nextRunAt: now,
      lockedBy: 'dead',
      lockedUntil: new Date(now.getTime() + 120_000),
    });
    const survivor = schedulerWith('survivor', job);
    await survivor.tick();
    expect(runs).toHaveLength(0);
    now = new Date(now.getTime() + 121_000);
    await survivor.tick();
    expect(runs).toHaveLength(1);
    expect(await JobModel.findOne({ name: 'test.takeover' }).lean()).toMatchObject({ runs: 1 });
  });

  describe('stop', () => {
    /** A job that runs until `release` is called, and says when it has started. */
    function heldJob(name: string) {
      let release!: () => void;
      let started!: () => void;
      const hasStarted = new Promise<void>((resolve) => (started = resolve));
      const held = new Promise<void>((resolve) => (release = resolve));
      const job: JobDefinition = {
        name,
        everyMs: 60_000,
        run: async () => {
          started();
          await held;
        },
      };
      return { job, hasStarted, release };
    }

    it('should let the running job finish and start no other', async () => {
      const first = heldJob('test.stop-first');
      const ran: string[] = [];
      const second: JobDefinition = {
        name: 'test.stop-second',
        everyMs: 60_000,
        run: async () => void ran.push('second'),
      };
      const scheduler = createScheduler({
        jobs: [first.job, second],
        clock,
        logger: silentLogger(),
        workerId: 'stopping',
      });
      const tick = scheduler.tick();
      await first.hasStarted;
      const stopped = scheduler.stop();
      first.release();
      await stopped;
      expect(await tick).toEqual(['test.stop-first']);
      expect(ran).toEqual([]);
      // The finished job was handed back as usual; the other is still due for the next process.
      const [a, b] = await Promise.all([
        JobModel.findOne({ name: 'test.stop-first' }).lean(),
        JobModel.findOne({ name: 'test.stop-second' }).lean(),
      ]);
      expect(a).toMatchObject({ runs: 1 });
      expect(a?.lockedBy).toBeUndefined();
      expect(b).toMatchObject({ runs: 0 });
      expect(b?.lockedBy).toBeUndefined();
    });

    it('should stop waiting for a job that overruns its wait, and leave it to its lease', async () => {
      const hung = heldJob('test.stop-hung');
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      });
      const scheduler = createScheduler({
        jobs: [hung.job],
        clock,
        logger: createLogger('info', { destination }),
        workerId: 'hung',
        stopWaitMs: 20,
      });
      const tick = scheduler.tick();
      await hung.hasStarted;
      await scheduler.stop();
      expect(lines.join('')).toContain('left to its lease');
      // Still held by this process: nobody else runs it before the lease runs out.
      expect(await JobModel.findOne({ name: 'test.stop-hung' }).lean()).toMatchObject({
        lockedBy: 'hung',
        runs: 0,
      });
      hung.release();
      await tick;
    });
  });
});
