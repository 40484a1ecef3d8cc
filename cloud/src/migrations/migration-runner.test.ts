import { silentLogger } from '../logger';
import { startTestApp, type TestApp } from '../test/test-app';
import { runMigrations, type MigrationDefinition } from './migration-runner';
import { MigrationModel } from './migration.model';
import { MIGRATIONS } from './migrations';

const logger = silentLogger();

describe('runMigrations()', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const counting = (id: string, runs: string[], work = async () => {}): MigrationDefinition => ({
    id,
    run: async () => {
      runs.push(id);
      await work();
    },
  });

  it('should run each migration once, in order, and skip them on the next start', async () => {
    const runs: string[] = [];
    const migrations = [counting('t-first', runs), counting('t-second', runs)];
    expect(await runMigrations(migrations, logger)).toEqual(['t-first', 't-second']);
    expect(await runMigrations(migrations, logger)).toEqual([]);
    expect(runs).toEqual(['t-first', 't-second']);
    const stored = await MigrationModel.find({ _id: { $in: ['t-first', 't-second'] } }).lean();
    expect(stored.every((m) => m.doneAt instanceof Date && !m.lockedBy)).toBe(true);
  });

  it('should run a migration once when two processes start together, the other waiting for it', async () => {
    const runs: string[] = [];
    let release!: () => void;
    const slow = counting('t-shared', runs, () => new Promise<void>((resolve) => (release = resolve)));
    const first = runMigrations([slow], logger, { pollMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    let secondDone = false;
    const second = runMigrations([slow], logger, { pollMs: 20 }).then((ran) => {
      secondDone = true;
      return ran;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The second start does not go on while the migration is still running elsewhere.
    expect(secondDone).toBe(false);
    release();
    expect(await first).toEqual(['t-shared']);
    expect(await second).toEqual([]);
    expect(runs).toEqual(['t-shared']);
  });

  it('should fail the start and retry on the next one when a migration throws', async () => {
    let attempt = 0;
    const flaky: MigrationDefinition = {
      id: 't-flaky',
      run: async () => {
        attempt += 1;
        if (attempt === 1) throw new Error('disk full');
      },
    };
    await expect(runMigrations([flaky], logger)).rejects.toThrow('disk full');
    const failed = await MigrationModel.findById('t-flaky').lean();
    expect(failed).toMatchObject({ lastError: 'disk full' });
    expect(failed?.doneAt).toBeUndefined();
    expect(await runMigrations([flaky], logger)).toEqual(['t-flaky']);
    expect(attempt).toBe(2);
  });

  it('should take over a migration whose holder died once its lease ran out', async () => {
    await MigrationModel.create({
      _id: 't-orphaned',
      lockedBy: 'a dead process',
      lockedUntil: new Date(Date.now() - 1),
    });
    const runs: string[] = [];
    expect(await runMigrations([counting('t-orphaned', runs)], logger)).toEqual(['t-orphaned']);
  });

  it('should run the product migrations on an empty database and record each of them', async () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await runMigrations(MIGRATIONS, logger)).toEqual(ids);
    expect(await MigrationModel.countDocuments({ _id: { $in: ids }, doneAt: { $exists: true } })).toBe(
      ids.length,
    );
  });
});
