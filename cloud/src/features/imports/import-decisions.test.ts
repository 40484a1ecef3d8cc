import type { ImportRowView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { orgSearchFields } from '../directory/search-tokens';
import { allRows, commitAndWait, csv, uploadAndWait, waitForJob } from './import.test-helpers';

const HEADER = ['单位名称', '简称', '单位类型', '联系人', '职务', '手机'];

describe('suspected duplicates, decisions and mapping', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let existingOrgId: string;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat');
    const org = await OrganizationModel.create({
      name: '哈尔滨工业大学（威海）',
      kind: 'university',
      ...orgSearchFields({ name: '哈尔滨工业大学（威海）' }),
    });
    existingOrgId = org.id;
    await PersonModel.create({
      name: '张伟',
      title: '教授',
      orgId: org._id,
      contacts: { mobile: '13900000001' },
    });
    await PersonModel.create({ name: '李娜', orgId: org._id, contacts: { mobile: '13900000002' } });
  });
  afterAll(() => t.close());

  const decide = (id: string, row: number, action: string) =>
    t.request
      .post(`/api/v1/imports/${id}/rows/${row}/decision`)
      .set('Authorization', secretariat.auth)
      .send({ action });

  it('should ask about a near-match organization and a same-name person with another mobile, and commit after decisions', async () => {
    const file = csv([
      HEADER,
      ['哈尔滨工业大学(威海)', '', '高校', '张伟', '院长', '13900000009'],
      ['哈尔滨工业大学（威海）', '', '高校', '王芳', '', '13900000002'],
      ['哈尔滨工业大学', '哈工大', '高校', '赵强', '教授', '13900000003'],
      ['哈尔滨工业大学', '哈工大', '高校', '孙丽', '教授', '13900000004'],
    ]);
    const job = await uploadAndWait(t, secretariat.auth, file, 'dup.csv');
    expect(job.counts).toMatchObject({ duplicate: 4, undecided: 4 });
    const rows = await allRows(t, secretariat.auth, job.id);
    const byRow = (n: number) => rows.find((r) => r.row === n) as ImportRowView;
    expect(byRow(2)).toMatchObject({
      status: 'duplicate',
      question: { part: 'person', candidates: [{ id: expect.any(String), name: '张伟' }] },
      reasons: ['同一单位已有同名人员「张伟」，但手机号不同'],
      organization: { action: 'unchanged', match: { id: existingOrgId } },
    });
    expect(byRow(3).reasons).toEqual(['手机号与已有人员「李娜」相同，但姓名不同']);
    expect(byRow(4)).toMatchObject({
      question: { part: 'organization', candidates: [{ id: existingOrgId, name: '哈尔滨工业大学（威海）' }] },
      reasons: ['单位名称与已有单位「哈尔滨工业大学（威海）」相近'],
    });

    const blocked = await t.request
      .post(`/api/v1/imports/${job.id}/commit`)
      .set('Authorization', secretariat.auth)
      .expect(409);
    expect(blocked.body.error).toMatchObject({
      code: 'IMPORT_UNDECIDED_DUPLICATES',
      details: { rows: [2, 3, 4, 5] },
    });
    expect(blocked.body.error.message).toMatch(/还有 4 行疑似重复尚未处理/);

    expect((await decide(job.id, 2, 'merge').expect(200)).body).toMatchObject({
      decision: 'merge',
      person: { action: 'update', changes: ['职务', '手机'] },
    });
    await decide(job.id, 3, 'skip').expect(200);
    // One answer for the organization covers both of its rows.
    const kept = await decide(job.id, 4, 'keep_both').expect(200);
    expect(kept.body).toMatchObject({
      status: 'duplicate',
      decision: 'keep_both',
      organization: { action: 'create' },
    });
    const after = await waitForJob(t, secretariat.auth, job.id);
    expect(after.counts.undecided).toBe(0);
    expect(await allRows(t, secretariat.auth, job.id, '&undecided=1')).toHaveLength(0);

    const done = await commitAndWait(t, secretariat.auth, job.id);
    expect(done.result).toMatchObject({
      organizationsCreated: 1,
      peopleCreated: 2,
      peopleUpdated: 1,
      rowsSkipped: 1,
    });
    expect(await PersonModel.findOne({ name: '张伟' }).lean()).toMatchObject({
      title: '院长',
      contacts: { mobile: '13900000009' },
    });
    expect(await PersonModel.countDocuments({ name: '王芳' })).toBe(0);
    expect(await OrganizationModel.countDocuments({ nameKey: '哈尔滨工业大学' })).toBe(1);

    const again = await uploadAndWait(t, secretariat.auth, file, 'dup.csv');
    // The skipped row is asked again (nothing was recorded about it); everything else is settled.
    expect(again.counts).toMatchObject({ unchanged: 3, duplicate: 1, undecided: 1, new: 0, update: 0 });
  });

  it('should 400 on an unknown decision and 409 on a row that is not a suspected duplicate', async () => {
    const job = await uploadAndWait(
      t,
      secretariat.auth,
      csv([HEADER, ['黑龙江省新材料示范企业有限公司', '', '企业', '周杰', '', '13900000077']]),
      'one.csv',
    );
    const bad = await decide(job.id, 2, 'maybe').expect(400);
    expect(bad.body.error.details[0].path).toBe('body.action');
    const notDup = await decide(job.id, 2, 'merge').expect(409);
    expect(notDup.body.error.code).toBe('IMPORT_NOT_READY');
    await decide(job.id, 99, 'merge').expect(404);
  });

  it('should merge an organization into the existing one and remember the spelling as an alias', async () => {
    const file = csv([HEADER, ['哈尔滨工业大学（威海）校区', '', '高校', '', '', '']]);
    const job = await uploadAndWait(t, secretariat.auth, file, 'merge.csv', 'organizations');
    const [row] = await allRows(t, secretariat.auth, job.id);
    expect(row.question?.candidates[0].id).toBe(existingOrgId);
    await t.request
      .post(`/api/v1/imports/${job.id}/rows/2/decision`)
      .set('Authorization', secretariat.auth)
      .send({ action: 'merge', targetId: '0123456789abcdef01234567' })
      .expect(400);
    await t.request
      .post(`/api/v1/imports/${job.id}/rows/2/decision`)
      .set('Authorization', secretariat.auth)
      .send({ action: 'merge', targetId: existingOrgId })
      .expect(200);
    const done = await commitAndWait(t, secretariat.auth, job.id);
    expect(done.result).toMatchObject({ organizationsCreated: 0, organizationsUpdated: 1 });
    const org = await OrganizationModel.findById(existingOrgId).lean();
    expect(org!.aliasKeys).toContain('哈尔滨工业大学(威海)校区');
    const again = await uploadAndWait(t, secretariat.auth, file, 'merge.csv', 'organizations');
    expect(again.counts).toMatchObject({ unchanged: 1, duplicate: 0 });
  });

  describe('PUT /api/v1/imports/:id/mapping', () => {
    it('should re-run the dry run with the new mapping and target', async () => {
      const file = csv([
        ['机构', '电话', '姓名'],
        ['黑龙江省映射测试有限公司', '13900000555', '陈明'],
      ]);
      const job = await uploadAndWait(t, secretariat.auth, file, 'map.csv');
      expect(job).toMatchObject({ target: 'members', mapping: { orgName: 0, mobile: 1, personName: 2 } });
      const res = await t.request
        .put(`/api/v1/imports/${job.id}/mapping`)
        .set('Authorization', secretariat.auth)
        .send({ target: 'organizations', mapping: { orgName: 0 } })
        .expect(202);
      expect(res.body.status).toBe('parsing');
      const after = await waitForJob(t, secretariat.auth, job.id);
      expect(after).toMatchObject({
        status: 'ready',
        target: 'organizations',
        mapping: { orgName: 0 },
        counts: { new: 1 },
      });
      const [row] = await allRows(t, secretariat.auth, job.id);
      expect(row).toMatchObject({
        person: null,
        values: { person: null, organization: { name: '黑龙江省映射测试有限公司' } },
      });
    });

    it('should 400 when the mapping misses the name column or points past the last column', async () => {
      const job = await uploadAndWait(
        t,
        secretariat.auth,
        csv([
          ['单位名称', '联系人'],
          ['黑龙江省映射二号有限公司', '陈明'],
        ]),
        'm2.csv',
      );
      const res = await t.request
        .put(`/api/v1/imports/${job.id}/mapping`)
        .set('Authorization', secretariat.auth)
        .send({ target: 'members', mapping: { orgName: 0, mobile: 7 } })
        .expect(400);
      expect(res.body.error.details.map((d: { message: string }) => d.message)).toEqual([
        '请指定「联系人」（姓名）所在的列',
        '「手机」对应的列不存在',
      ]);
      await t.request
        .put(`/api/v1/imports/${job.id}/mapping`)
        .set('Authorization', secretariat.auth)
        .send({ mapping: { nope: 1 } })
        .expect(400);
    });

    it('should 409 after the import was committed', async () => {
      const job = await uploadAndWait(
        t,
        secretariat.auth,
        csv([
          ['单位名称', '单位类型'],
          ['黑龙江省映射三号有限公司', '企业'],
        ]),
        'm3.csv',
      );
      await commitAndWait(t, secretariat.auth, job.id);
      const res = await t.request
        .put(`/api/v1/imports/${job.id}/mapping`)
        .set('Authorization', secretariat.auth)
        .send({ mapping: { orgName: 0 } })
        .expect(409);
      expect(res.body.error.code).toBe('IMPORT_NOT_READY');
    });
  });

  it('should import people into existing organizations and refuse an unknown organization', async () => {
    const file = csv([
      ['姓名', '单位', '手机'],
      ['吴敏', '哈尔滨工业大学', '13900000888'],
      ['郑涛', '不存在的单位有限公司', '13900000889'],
    ]);
    const job = await uploadAndWait(t, secretariat.auth, file, 'people.csv', 'people');
    const rows = await allRows(t, secretariat.auth, job.id);
    expect(rows[0]).toMatchObject({ status: 'new', person: { action: 'create' } });
    expect(rows[1]).toMatchObject({ status: 'invalid' });
    expect(rows[1].reasons[0]).toMatch(/单位「不存在的单位有限公司」不在名录中/);
    await commitAndWait(t, secretariat.auth, job.id);
    const org = await OrganizationModel.findOne({ nameKey: '哈尔滨工业大学' }).lean();
    expect(await PersonModel.findOne({ name: '吴敏' }).lean()).toMatchObject({ orgId: org!._id });
  });
});
