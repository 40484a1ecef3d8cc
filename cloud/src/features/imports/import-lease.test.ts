import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { silentLogger } from '../../logger';
import { ImportModel } from './import.model';
import { RUNNER_ID, releaseImportLeases } from './import.lease';
import { sweepImportJobs } from './import.recovery';
import { settled } from './import.service';
import { csv, uploadAndWait, waitForJob } from './import.test-helpers';

describe('import leases on graceful shutdown', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await signIn(t, 'secretariat')).auth;
  });
  afterAll(() => t.close());

  it('should hand back the jobs this process holds so the next sweep resumes them at once', async () => {
    const rows = csv([
      ['单位名称', '单位类型'],
      ...Array.from({ length: 5 }, (_, i) => [`交还${i + 1}号科技有限公司`, '企业']),
    ]);
    const first = await uploadAndWait(t, auth, rows, 'lease.csv');
    // As if this process were in the middle of the dry run, its lease good for another minute.
    await ImportModel.updateOne(
      { _id: first.id },
      { $set: { status: 'parsing', leaseOwner: RUNNER_ID, leaseUntil: new Date(Date.now() + 60_000) } },
    );
    expect((await sweepImportJobs(silentLogger())).resumed).toEqual([]);

    expect(await releaseImportLeases()).toBe(1);
    const released = await ImportModel.findById(first.id).lean();
    expect(released?.leaseOwner).toBeUndefined();
    expect(released?.leaseUntil?.getTime()).toBe(0);

    const result = await sweepImportJobs(silentLogger());
    expect(result.resumed).toEqual([first.id]);
    await settled(first.id);
    expect(await waitForJob(t, auth, first.id)).toMatchObject({ status: 'ready', counts: first.counts });
  });

  it('should leave other processes’ leases alone', async () => {
    const rows = csv([
      ['单位名称', '单位类型'],
      ['他人租约科技有限公司', '企业'],
    ]);
    const first = await uploadAndWait(t, auth, rows, 'other.csv');
    const until = new Date(Date.now() + 60_000);
    await ImportModel.updateOne(
      { _id: first.id },
      { $set: { status: 'parsing', leaseOwner: 'other-host:7:y', leaseUntil: until } },
    );
    expect(await releaseImportLeases()).toBe(0);
    expect(await ImportModel.findById(first.id).lean()).toMatchObject({
      leaseOwner: 'other-host:7:y',
      leaseUntil: until,
    });
    await ImportModel.updateOne(
      { _id: first.id },
      { $set: { status: 'ready' }, $unset: { leaseOwner: 1, leaseUntil: 1 } },
    );
  });
});
