import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { silentLogger } from '../../logger';
import { ImportModel } from './import.model';
import { RUNNER_ID, releaseImportLeases } from './import.lease';
import { AuditModel } from '../audit/audit.model';
import { OrganizationModel } from '../organizations/organization.model';
import { MAX_ATTEMPTS, sweepImportJobs } from './import.recovery';
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

describe('import commits whose process died', () => {
  let t: TestApp;
  let auth: string;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const secretariat = await signIn(t, 'secretariat');
    auth = secretariat.auth;
    userId = secretariat.user.id;
  });
  afterAll(() => t.close());

  const names = Array.from({ length: 6 }, (_, i) => `续导${i + 1}号合金科技有限公司`);

  /** What a runner that died halfway leaves: the job committing under its expired lease, two records written. */
  async function dieHalfway(id: string, commitAttempts: number) {
    await OrganizationModel.insertMany(
      names.slice(0, 2).map((name) => ({ name, kind: 'enterprise', nameKey: name })),
    );
    await ImportModel.updateOne(
      { _id: id },
      {
        $set: {
          status: 'committing',
          leaseOwner: 'dead-host:1:z',
          leaseUntil: new Date(Date.now() - 1_000),
          committedBy: new Types.ObjectId(userId),
          commitAttempts,
          progress: { phase: 'committing', processed: 2, total: 6 },
        },
      },
    );
  }

  it('should finish the commit on the next sweep in the confirming user’s name, writing nothing twice', async () => {
    const first = await uploadAndWait(
      t,
      auth,
      csv([['单位名称', '单位类型'], ...names.map((n) => [n, '企业'])]),
      'resume.csv',
    );
    await dieHalfway(first.id, 1);

    const [one, two] = await Promise.all([sweepImportJobs(silentLogger()), sweepImportJobs(silentLogger())]);
    // Two sweepers (two processes) saw it: exactly one took it over.
    expect([...one.commitsResumed, ...two.commitsResumed]).toEqual([first.id]);
    await settled(first.id);
    const done = await waitForJob(t, auth, first.id);
    expect(done).toMatchObject({ status: 'committed', error: null });
    for (const name of names) expect(await OrganizationModel.countDocuments({ name })).toBe(1);
    const created = await AuditModel.find({
      action: 'organization.create',
      'after.importId': new Types.ObjectId(first.id),
    }).lean();
    expect(created).toHaveLength(4);
    expect(created.every((entry) => String(entry.actorId) === userId)).toBe(true);
    expect(await ImportModel.findById(first.id).lean()).toMatchObject({ commitAttempts: 2 });
  });

  it('should leave the commit to the secretariat with a reason when it was interrupted too often', async () => {
    const other = names.map((name) => name.replace('续导', '屡断'));
    const first = await uploadAndWait(
      t,
      auth,
      csv([['单位名称', '单位类型'], ...other.map((n) => [n, '企业'])]),
      'often.csv',
    );
    await ImportModel.updateOne(
      { _id: first.id },
      {
        $set: {
          status: 'committing',
          leaseUntil: new Date(Date.now() - 1_000),
          committedBy: new Types.ObjectId(userId),
          commitAttempts: MAX_ATTEMPTS,
        },
      },
    );
    const result = await sweepImportJobs(silentLogger());
    expect(result.commitsResumed).toEqual([]);
    expect(result.commitsReleased).toBe(1);
    const job = await waitForJob(t, auth, first.id);
    expect(job).toMatchObject({ status: 'committing', error: { code: 'IMPORT_INTERRUPTED' } });
    expect(await OrganizationModel.countDocuments({ name: { $in: other } })).toBe(0);
  });
});
