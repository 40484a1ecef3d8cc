import { ImportJobView, type ImportRowView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { allRows, commitAndWait, sample, upload, uploadAndWait, waitForJob } from './import.test-helpers';
import { ImportRowModel } from './import.model';

const SAMPLE_FILES = ['member-roster.xlsx', 'member-roster-utf8.csv', 'member-roster-gbk.csv'] as const;

describe('member roster import', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat', '王秘书长');
  });
  afterAll(() => t.close());

  const rowsOf = (id: string, query = '') => allRows(t, secretariat.auth, id, query);

  describe('POST /api/v1/imports (dry run of the sample roster)', () => {
    let job: ImportJobView;
    let rows: ImportRowView[];
    beforeAll(async () => {
      job = await uploadAndWait(t, secretariat.auth, sample('member-roster.xlsx'), 'member-roster.xlsx');
      rows = await rowsOf(job.id);
    });
    const row = (n: number) => rows.find((r) => r.row === n)!;

    it('should find the header below the merged title row and suggest the mapping from Chinese headers', () => {
      expect(ImportJobView.parse(job)).toMatchObject({
        status: 'ready',
        target: 'members',
        headerRow: 2,
        file: { type: 'xlsx', sheetName: '成员单位名录' },
        mapping: {
          orgName: 1,
          orgAlias: 2,
          orgKind: 3,
          province: 4,
          city: 5,
          allianceRole: 6,
          industryFields: 7,
          personName: 8,
          personTitle: 9,
          mobile: 10,
          email: 11,
        },
        headerProblems: [],
        progress: { processed: 61, total: 61 },
      });
      expect(job.columns[0]).toEqual({ index: 0, letter: 'A', header: '序号', field: null });
    });

    it('should count every row as new, unchanged (repeated in the file) or invalid', () => {
      expect(job.counts).toEqual({
        new: 55,
        update: 0,
        unchanged: 3,
        duplicate: 0,
        invalid: 3,
        undecided: 0,
        conflicts: 0,
      });
    });

    it('should write nothing to the directory during the dry run', async () => {
      expect(await OrganizationModel.countDocuments()).toBe(0);
      expect(await PersonModel.countDocuments()).toBe(0);
    });

    it('should mark a too-short mobile invalid with a reason', () => {
      expect(row(62)).toMatchObject({ status: 'invalid', reasons: ['手机号码「1380000」不是 11 位手机号'] });
    });

    it('should mark the total row with a formula without a saved result invalid', () => {
      expect(row(63).status).toBe('invalid');
      expect(row(63).reasons[0]).toMatch(/^B63 是公式，文件中没有保存计算结果/);
    });

    it('should report a blank row as invalid instead of importing it', () => {
      expect(row(61)).toMatchObject({ status: 'invalid', reasons: ['空行：没有可导入的内容'] });
    });

    it('should join an organization written by its alias (哈工大) to the row with its full name', () => {
      const full = rows.find((r) => r.values.organization?.name === '哈尔滨工业大学')!;
      expect(row(58)).toMatchObject({
        status: 'unchanged',
        values: { organization: { name: '哈工大' }, person: { name: '吕德胜', mobile: '13800007121' } },
        organization: { sameAsRow: full.row },
        person: { action: 'unchanged', sameAsRow: full.row },
      });
    });

    it('should normalise +86 and trailing spaces and treat the repeated contact as the same person', () => {
      expect(row(59)).toMatchObject({
        status: 'unchanged',
        values: { organization: { name: '中车齐齐哈尔车辆有限公司' }, person: { mobile: '13800008285' } },
        person: { sameAsRow: 6 },
      });
      expect(row(60)).toMatchObject({ status: 'unchanged', person: { sameAsRow: 8 } });
    });

    it('should page the rows by cursor and filter by status', async () => {
      const first = await t.request
        .get(`/api/v1/imports/${job.id}/rows?limit=2`)
        .set('Authorization', secretariat.auth)
        .expect(200);
      expect(first.body.items.map((r: ImportRowView) => r.row)).toEqual([3, 4]);
      const next = await t.request
        .get(`/api/v1/imports/${job.id}/rows?limit=2&cursor=${first.body.nextCursor}`)
        .set('Authorization', secretariat.auth)
        .expect(200);
      expect(next.body.items.map((r: ImportRowView) => r.row)).toEqual([5, 6]);
      const invalid = await rowsOf(job.id, '&status=invalid');
      expect(invalid.map((r) => r.row)).toEqual([61, 62, 63]);
    });

    it('should 400 on an unknown row status and 404 on an unknown import', async () => {
      const res = await t.request
        .get(`/api/v1/imports/${job.id}/rows?status=maybe`)
        .set('Authorization', secretariat.auth)
        .expect(400);
      expect(res.body.error.details[0].path).toBe('query.status');
      await t.request
        .get('/api/v1/imports/0123456789abcdef01234567')
        .set('Authorization', secretariat.auth)
        .expect(404);
    });

    it('should 401 without sign-in and 403 for a coordinator', async () => {
      const coordinator = await signIn(t, 'coordinator');
      await t.request.get(`/api/v1/imports/${job.id}`).expect(401);
      await t.request.get(`/api/v1/imports/${job.id}`).set('Authorization', coordinator.auth).expect(403);
      await upload(t, coordinator.auth, sample('member-roster-utf8.csv'), 'a.csv').expect(403);
      await t.request
        .post(`/api/v1/imports/${job.id}/commit`)
        .set('Authorization', coordinator.auth)
        .expect(403);
    });
  });

  describe('POST /api/v1/imports/:id/commit', () => {
    it('should import the roster, then find the same roster in all three formats unchanged', async () => {
      const job = await uploadAndWait(
        t,
        secretariat.auth,
        sample('member-roster.xlsx'),
        'member-roster.xlsx',
      );
      const committed = await commitAndWait(t, secretariat.auth, job.id);
      expect(committed).toMatchObject({
        status: 'committed',
        result: {
          organizationsCreated: 33,
          organizationsUpdated: 0,
          peopleCreated: 55,
          peopleUpdated: 0,
          rowsInvalid: 3,
          rowsSkipped: 0,
        },
      });
      expect(committed.committedAt).toEqual(expect.any(String));

      const hit = await OrganizationModel.findOne({ name: '哈尔滨工业大学' }).lean();
      expect(hit).toMatchObject({
        nameKey: '哈尔滨工业大学',
        aliases: ['哈工大'],
        aliasKeys: ['哈工大'],
        kind: 'university',
        // The roster writes 黑龙江/哈尔滨; the directory keeps the official names.
        region: { province: '黑龙江省', city: '哈尔滨市' },
        allianceRole: 'vice_chair',
        membership: { status: 'active' },
      });
      expect(hit!.nameGrams).toEqual(expect.arrayContaining(['哈尔', '工大']));
      // 材料科学;焊接;机械 are not in the taxonomy: kept as keywords, not made into fields unasked.
      expect(hit!.fields).toEqual([]);
      expect(hit!.keywords).toEqual(['材料科学', '焊接', '机械']);
      const person = await PersonModel.findOne({ 'contacts.mobile': '13800007121' }).lean();
      expect(person).toMatchObject({ name: '吕德胜', title: '副院长', orgId: hit!._id });
      expect(person!.textGrams).toEqual(expect.arrayContaining(['吕德', '副院', '哈尔']));
      expect(await PersonModel.countDocuments({ name: '高建国' })).toBe(1);
      expect(
        await AuditModel.countDocuments({ action: 'organization.create', 'after.source': 'import' }),
      ).toBe(33);
      expect(await AuditModel.countDocuments({ action: 'person.create', 'after.source': 'import' })).toBe(55);
      expect(await ImportRowModel.countDocuments({ importId: job.id, committed: true })).toBe(58);

      const auditsBefore = await AuditModel.countDocuments();
      const updatedAt = (await OrganizationModel.findById(hit!._id).lean())!.updatedAt;
      for (const name of SAMPLE_FILES) {
        const again = await uploadAndWait(t, secretariat.auth, sample(name), name);
        const invalid = name.endsWith('.xlsx') ? 3 : 2; // the CSVs have no formula total row
        expect(again.counts).toEqual({
          new: 0,
          update: 0,
          unchanged: 58,
          duplicate: 0,
          invalid,
          undecided: 0,
          conflicts: 0,
        });
        if (name.includes('gbk')) expect(again.file.encoding).toBe('gb18030');
        const done = await commitAndWait(t, secretariat.auth, again.id);
        expect(done.result).toMatchObject({
          organizationsCreated: 0,
          organizationsUpdated: 0,
          peopleCreated: 0,
          peopleUpdated: 0,
        });
      }
      expect(await OrganizationModel.countDocuments()).toBe(33);
      expect(await PersonModel.countDocuments()).toBe(55);
      expect(await AuditModel.countDocuments()).toBe(auditsBefore);
      expect((await OrganizationModel.findById(hit!._id).lean())!.updatedAt).toEqual(updatedAt);
    });

    it('should return 200 with the result when the commit is retried', async () => {
      const job = await uploadAndWait(
        t,
        secretariat.auth,
        sample('member-roster-utf8.csv'),
        'member-roster-utf8.csv',
      );
      await commitAndWait(t, secretariat.auth, job.id);
      const retry = await t.request
        .post(`/api/v1/imports/${job.id}/commit`)
        .set('Authorization', secretariat.auth)
        .expect(200);
      expect(retry.body.status).toBe('committed');
    });

    it('should 409 while the file is still being analysed', async () => {
      const res = await upload(
        t,
        secretariat.auth,
        sample('member-roster-utf8.csv'),
        'member-roster-utf8.csv',
      ).expect(202);
      const commit = await t.request
        .post(`/api/v1/imports/${res.body.id}/commit`)
        .set('Authorization', secretariat.auth);
      expect([409, 202]).toContain(commit.status);
      if (commit.status === 409) expect(commit.body.error.code).toBe('IMPORT_NOT_READY');
      await waitForJob(t, secretariat.auth, res.body.id);
    });
  });
});
