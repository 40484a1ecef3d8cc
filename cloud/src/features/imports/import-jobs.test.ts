import type { ImportJobView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { silentLogger } from '../../logger';
import { OrganizationModel } from '../organizations/organization.model';
import { ImportFileChunkModel, ImportModel, ImportRowModel } from './import.model';
import { MAX_ATTEMPTS, sweepImportJobs } from './import.recovery';
import { settled } from './import.service';
import { commitAndWait, csv, upload, uploadAndWait, waitForJob } from './import.test-helpers';

const roster = (prefix: string, rows = 30) =>
  csv([
    ['单位名称', '单位类型', '联系人', '手机'],
    ...Array.from({ length: rows }, (_, i) => [
      `${prefix}${i + 1}号新材料有限公司`,
      '企业',
      `${prefix}联系人${i + 1}`,
      String(13900000000 + i + (prefix.charCodeAt(0) % 1000) * 100),
    ]),
  ]);

/** What a process that died in the middle of the first dry run leaves behind. */
async function interruptAnalysis(id: string, attempts = 1) {
  await ImportModel.updateOne(
    { _id: id },
    {
      $set: {
        status: 'parsing',
        rowsStored: false,
        attempts,
        leaseOwner: 'dead-host:4242:abcdef',
        leaseUntil: new Date(Date.now() - 1_000),
        counts: {},
        progress: { phase: 'analysing', processed: 10, total: 30 },
      },
    },
  );
  // Only the first chunk's rows made it to the database.
  await ImportRowModel.deleteMany({ importId: id, row: { $gt: 11 } });
}

describe('import jobs across restarts', () => {
  let t: TestApp;
  let auth: string;
  const logger = silentLogger();
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await signIn(t, 'secretariat')).auth;
  });
  afterAll(() => t.close());

  const job = (id: string) => t.request.get(`/api/v1/imports/${id}`).set('Authorization', auth);
  const sweep = async () => {
    const result = await sweepImportJobs(logger);
    for (const id of [...result.resumed, ...result.failed]) await settled(id);
    return result;
  };

  it('should resume a dry run interrupted before its rows were stored when the sweeper finds its lease expired', async () => {
    const first = await uploadAndWait(t, auth, roster('甲'), 'a.csv');
    expect(first.status).toBe('ready');
    await interruptAnalysis(first.id);
    expect((await job(first.id).expect(200)).body.status).toBe('parsing');

    const result = await sweep();
    expect(result.resumed).toEqual([first.id]);
    const resumed = await waitForJob(t, auth, first.id);
    expect(resumed).toMatchObject({ status: 'ready', counts: first.counts, error: null });
    expect(await ImportRowModel.countDocuments({ importId: first.id })).toBe(30);
    const stored = await ImportModel.findById(first.id).lean();
    expect(stored).toMatchObject({ rowsStored: true, attempts: 2 });
    expect(stored?.leaseOwner).toBeUndefined();
  });

  it('should resume from the stored rows when a later dry run was interrupted', async () => {
    const first = await uploadAndWait(t, auth, roster('乙'), 'b.csv');
    await ImportModel.updateOne(
      { _id: first.id },
      {
        $set: { status: 'parsing', counts: {}, leaseOwner: 'dead-host:1:x', leaseUntil: new Date(0) },
        $inc: { revision: 1 },
      },
    );
    await ImportFileChunkModel.deleteMany({ importId: first.id }); // not needed: the rows are all stored
    expect((await sweep()).resumed).toEqual([first.id]);
    expect(await waitForJob(t, auth, first.id)).toMatchObject({ status: 'ready', counts: first.counts });
  });

  it('should leave alone a job whose lease another live process holds', async () => {
    const first = await uploadAndWait(t, auth, roster('丙'), 'c.csv');
    await ImportModel.updateOne(
      { _id: first.id },
      {
        $set: { status: 'parsing', leaseOwner: 'other-host:7:y', leaseUntil: new Date(Date.now() + 60_000) },
      },
    );
    expect(await sweep()).toMatchObject({ resumed: [], failed: [] });
    expect((await job(first.id)).body.status).toBe('parsing');
    await ImportModel.updateOne({ _id: first.id }, { $set: { status: 'ready' }, $unset: { leaseUntil: 1 } });
  });

  it(`should fail a dry run interrupted ${MAX_ATTEMPTS} times with a reason, and run it again on retry`, async () => {
    const first = await uploadAndWait(t, auth, roster('丁'), 'd.csv');
    await interruptAnalysis(first.id, MAX_ATTEMPTS);
    expect((await sweep()).failed).toEqual([first.id]);
    const failed = (await job(first.id).expect(200)).body as ImportJobView;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'IMPORT_INTERRUPTED' } });
    expect(failed.error?.message).toMatch(/重试/);

    // A double tap: both answer, only the first starts the work.
    const [a, b] = await Promise.all([
      t.request.post(`/api/v1/imports/${first.id}/retry`).set('Authorization', auth),
      t.request.post(`/api/v1/imports/${first.id}/retry`).set('Authorization', auth),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect((a.status === 202 ? a : b).body).toMatchObject({ status: 'parsing', error: null });
    expect(await waitForJob(t, auth, first.id)).toMatchObject({ status: 'ready', counts: first.counts });
    expect(await ImportModel.findById(first.id).lean()).toMatchObject({ attempts: 1 });
    expect(await ImportRowModel.countDocuments({ importId: first.id })).toBe(30);

    // Retrying a job that is ready again does nothing.
    const again = await t.request
      .post(`/api/v1/imports/${first.id}/retry`)
      .set('Authorization', auth)
      .expect(200);
    expect(again.body.status).toBe('ready');
  });

  it('should release an interrupted commit with a reason, and continue it on retry without duplicates', async () => {
    const first = await uploadAndWait(t, auth, roster('戊', 5), 'e.csv');
    await ImportModel.updateOne(
      { _id: first.id },
      {
        $set: {
          status: 'committing',
          leaseOwner: 'dead-host:1:z',
          leaseUntil: new Date(Date.now() - 1_000),
          progress: { phase: 'committing', processed: 0, total: 5 },
        },
      },
    );
    expect((await sweep()).commitsReleased).toBe(1);
    const released = (await job(first.id)).body as ImportJobView;
    expect(released).toMatchObject({ status: 'committing', error: { code: 'IMPORT_INTERRUPTED' } });

    await t.request.post(`/api/v1/imports/${first.id}/retry`).set('Authorization', auth).expect(202);
    const done = await waitForJob(t, auth, first.id);
    expect(done).toMatchObject({ status: 'committed', error: null, result: { organizationsCreated: 5 } });
    expect(await OrganizationModel.countDocuments({ name: /^戊/ })).toBe(5);
    expect(await ImportFileChunkModel.countDocuments({ importId: first.id })).toBe(0);
  });
});

describe('POST /api/v1/imports/:id/cancel', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await signIn(t, 'secretariat')).auth;
  });
  afterAll(() => t.close());

  const cancel = (id: string, as = auth) =>
    t.request.post(`/api/v1/imports/${id}/cancel`).set('Authorization', as);

  it('should cancel a ready job, drop its rows and file, and answer the same on a second cancel', async () => {
    const job = await uploadAndWait(t, auth, roster('己'), 'f.csv');
    const res = await cancel(job.id).expect(200);
    expect(res.body).toMatchObject({ id: job.id, status: 'cancelled' });
    expect(await ImportRowModel.countDocuments({ importId: job.id })).toBe(0);
    expect(await ImportFileChunkModel.countDocuments({ importId: job.id })).toBe(0);
    expect((await cancel(job.id).expect(200)).body.status).toBe('cancelled');
  });

  it('should 409 a commit, a retry and a decision on a cancelled job', async () => {
    const job = await uploadAndWait(t, auth, roster('庚'), 'g.csv');
    await cancel(job.id).expect(200);
    const commit = await t.request
      .post(`/api/v1/imports/${job.id}/commit`)
      .set('Authorization', auth)
      .expect(409);
    expect(commit.body.error).toMatchObject({
      code: 'IMPORT_NOT_READY',
      message: '该导入任务已取消，不能再导入；如需导入请重新上传文件',
      details: { status: 'cancelled' },
    });
    const retry = await t.request
      .post(`/api/v1/imports/${job.id}/retry`)
      .set('Authorization', auth)
      .expect(409);
    expect(retry.body.error.message).toMatch(/已取消/);
    expect(await OrganizationModel.countDocuments({ name: /^庚/ })).toBe(0);
  });

  it('should cancel a job while it is still being analysed, which then never becomes ready', async () => {
    const res = await upload(t, auth, roster('辛', 2_000), 'h.csv').expect(202);
    await cancel(res.body.id).expect(200);
    await settled(res.body.id);
    expect(
      (await t.request.get(`/api/v1/imports/${res.body.id}`).set('Authorization', auth)).body.status,
    ).toBe('cancelled');
  });

  it('should 409 cancelling a committed job', async () => {
    const job = await uploadAndWait(t, auth, roster('壬', 3), 'i.csv');
    await commitAndWait(t, auth, job.id);
    const res = await cancel(job.id).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'IMPORT_NOT_READY',
      message: '该导入任务已导入完成，不能取消',
    });
  });

  it('should 401 without a session and 403 for a coordinator, on cancel and retry', async () => {
    const job = await uploadAndWait(t, auth, roster('癸', 3), 'j.csv');
    const coordinator = (await signIn(t, 'coordinator')).auth;
    await t.request.post(`/api/v1/imports/${job.id}/cancel`).expect(401);
    await t.request.post(`/api/v1/imports/${job.id}/retry`).expect(401);
    await cancel(job.id, coordinator).expect(403);
    await t.request.post(`/api/v1/imports/${job.id}/retry`).set('Authorization', coordinator).expect(403);
    expect((await t.request.get(`/api/v1/imports/${job.id}`).set('Authorization', auth)).body.status).toBe(
      'ready',
    );
  });

  it('should 400 a malformed id and 404 an unknown one', async () => {
    await cancel('not-an-id').expect(400);
    await cancel('0123456789abcdef01234567').expect(404);
  });
});
