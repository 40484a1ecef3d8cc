import { startTestApp, type TestApp } from '../test/test-app';
import { silentLogger } from '../logger';
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
});
