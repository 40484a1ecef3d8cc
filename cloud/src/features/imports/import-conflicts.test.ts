import {
  ImportRowPage,
  type ImportJobView,
  type ImportRowView,
  type ImportTermList,
} from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { seedDemoData } from '../../demo/seed-demo';
import { DEMO_ORGS } from '../../demo/demo-data';
import { silentLogger } from '../../logger';
import { OrganizationModel } from '../organizations/organization.model';
import { IndustryFieldModel } from '../taxonomy/industry-field.model';
import { allRows, commitAndWait, sample, uploadAndWait, waitForJob } from './import.test-helpers';

/** The secretariat's sample roster imported over the demo alliance (issue 10, item 4). */
describe('importing the roster over good data', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let job: ImportJobView;
  let before: Map<string, { region: unknown; allianceRole: unknown; fields: string[] }>;

  const snapshot = async () =>
    new Map(
      (await OrganizationModel.find({}, { name: 1, region: 1, allianceRole: 1, fields: 1 }).lean()).map(
        (o) => [o.name, { region: o.region, allianceRole: o.allianceRole, fields: o.fields }],
      ),
    );
  const rowOf = (rows: ImportRowView[], name: string) =>
    rows.find((r) => r.organization?.match?.name === name && r.conflicts.length > 0)!;
  const terms = async () =>
    (
      await t.request
        .get(`/api/v1/imports/${job.id}/terms`)
        .set('Authorization', secretariat.auth)
        .expect(200)
    ).body as ImportTermList;
  const chooseTerm = (body: object) =>
    t.request.put(`/api/v1/imports/${job.id}/terms`).set('Authorization', secretariat.auth).send(body);
  const chooseConflict = (row: number, body: object) =>
    t.request
      .post(`/api/v1/imports/${job.id}/rows/${row}/conflicts`)
      .set('Authorization', secretariat.auth)
      .send(body);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(silentLogger());
    secretariat = await signIn(t, 'secretariat', '冲突测试秘书处');
    before = await snapshot();
    job = await uploadAndWait(t, secretariat.auth, sample('member-roster.xlsx'), 'member-roster.xlsx');
  });
  afterAll(() => t.close());

  it('should report a lowered alliance role as a conflict that keeps the existing value when nobody chose', async () => {
    const page = await t.request
      .get(`/api/v1/imports/${job.id}/rows?conflicts=1&limit=50`)
      .set('Authorization', secretariat.auth)
      .expect(200);
    // The mini-program parses the answer with the same schema.
    const parsed = ImportRowPage.safeParse(page.body);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const rows = await allRows(t, secretariat.auth, job.id, '&conflicts=1');
    expect(job.counts.conflicts).toBe(rows.length);
    expect(rowOf(rows, '东北大学').conflicts).toEqual([
      {
        field: 'allianceRole',
        label: '联盟职务',
        existing: '理事单位',
        incoming: '成员单位',
        reason: '文件中的联盟职务低于名录中的',
        choice: 'keep',
      },
    ]);
    expect(rowOf(rows, '哈尔滨工业大学').conflicts[0]).toMatchObject({
      existing: '理事长单位',
      incoming: '副理事长单位',
    });
    // The row written 哈工大 is the same organization: asked once, not twice.
    expect(rows.filter((r) => r.organization?.match?.name === '哈尔滨工业大学')).toHaveLength(1);
    // 黑龙江/哈尔滨 is the same region as 黑龙江省/哈尔滨市: no region conflict anywhere.
    expect(rows.flatMap((r) => r.conflicts.map((c) => c.field))).not.toContain('province');
    expect(rows.flatMap((r) => r.conflicts.map((c) => c.field))).not.toContain('city');
  });

  it('should propose the unknown tags with their row counts and create no field in the dry run', async () => {
    const { items } = await terms();
    expect(items.length).toBeGreaterThan(30);
    expect(items.find((i) => i.term === '冶金')).toEqual({
      term: '冶金',
      rows: expect.any(Number),
      action: 'keyword',
      fieldCode: null,
    });
    expect(items.find((i) => i.term === '冶金')!.rows).toBeGreaterThan(1);
    // Known labels (装备制造, 轨道交通) are fields already, not proposals.
    expect(items.map((i) => i.term)).not.toContain('装备制造');
    expect(await IndustryFieldModel.countDocuments()).toBe(0);
  });

  it('should 400 on a map without a field and 409 on a field without a conflict', async () => {
    const bad = await chooseTerm({ term: '冶金', action: 'map' }).expect(400);
    expect(bad.body.error.details[0].path).toBe('body.fieldCode');
    await chooseTerm({ term: '冶金', action: 'map', fieldCode: 'no_such_field' }).expect(400);
    await chooseTerm({ term: '不在文件里', action: 'field' }).expect(409);
    const rows = await allRows(t, secretariat.auth, job.id, '&conflicts=1');
    const row = rowOf(rows, '东北大学').row;
    const none = await chooseConflict(row, { field: 'province', choice: 'take' }).expect(409);
    expect(none.body.error.code).toBe('IMPORT_NOT_READY');
    const coordinator = await signIn(t, 'coordinator');
    await t.request
      .put(`/api/v1/imports/${job.id}/terms`)
      .set('Authorization', coordinator.auth)
      .send({ term: '冶金', action: 'field' })
      .expect(403);
  });

  it('should apply only the choices made when committing, and write nothing more when committed again', async () => {
    const rows = await allRows(t, secretariat.auth, job.id, '&conflicts=1');
    const metal = rowOf(rows, '中国科学院金属研究所').row;
    const taken = await chooseConflict(metal, { field: 'allianceRole', choice: 'take' }).expect(200);
    expect(taken.body).toMatchObject({
      status: expect.stringMatching(/^(update|new)$/), // its contact may be new
      conflicts: [{ field: 'allianceRole', choice: 'take' }],
      organization: { action: 'update', changes: expect.arrayContaining(['联盟职务']) },
    });
    await chooseTerm({ term: '冶金', action: 'field' }).expect(200);
    const mapped = await chooseTerm({ term: '材料', action: 'map', fieldCode: 'metal_materials' }).expect(
      200,
    );
    expect((mapped.body as ImportTermList).items.find((i) => i.term === '材料')).toMatchObject({
      action: 'map',
      fieldCode: 'metal_materials',
    });
    expect(await IndustryFieldModel.countDocuments()).toBe(0);

    const done = await commitAndWait(t, secretariat.auth, (await waitForJob(t, secretariat.auth, job.id)).id);
    expect(done.status).toBe('committed');

    const after = await snapshot();
    for (const org of DEMO_ORGS) {
      const was = before.get(org.name)!;
      const now = after.get(org.name)!;
      expect({ name: org.name, region: now.region }).toEqual({ name: org.name, region: was.region });
      // Fields are only ever added to.
      expect(now.fields).toEqual(expect.arrayContaining(was.fields));
      if (org.name === '中国科学院金属研究所') expect(now.allianceRole).toBe('member');
      else if (org.name === '哈尔滨理工大学')
        expect(now.allianceRole).toBe('director'); // raised: safe
      else
        expect({ name: org.name, role: now.allianceRole }).toEqual({
          name: org.name,
          role: was.allianceRole,
        });
    }
    // Exactly the one term chosen as a field became one; the rest stayed keywords.
    const created = await IndustryFieldModel.find().lean();
    expect(created.map((f) => f.label)).toEqual(['冶金']);
    const neu = await OrganizationModel.findOne({ name: '东北大学' }).lean();
    expect(neu!.fields).toEqual(expect.arrayContaining([created[0].code, 'metal_materials']));
    expect(neu!.keywords).toEqual(['工业软件']);

    const again = await t.request
      .post(`/api/v1/imports/${job.id}/commit`)
      .set('Authorization', secretariat.auth)
      .expect(200);
    expect(again.body.status).toBe('committed');
    expect(await snapshot()).toEqual(after);
  });
});
