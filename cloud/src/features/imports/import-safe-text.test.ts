import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { allRows, csv, uploadAndWait } from './import.test-helpers';

describe('unsafe characters in imported cells', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat');
  });
  afterAll(() => t.close());

  it('should mark a row invalid, with the field named, when a cell carries NUL or a direction override', async () => {
    const file = csv([
      ['单位名称', '单位类型', '联系人', '手机'],
      ['哈尔滨\u0000新材料有限公司', '企业', '王强', '13900000071'],
      ['大庆石化研究院', '科研院所', '李\u202e娜', '13900000072'],
      ['齐齐哈尔重型装备有限公司', '企业', '赵敏', '13900000073'],
    ]);
    const job = await uploadAndWait(t, secretariat.auth, file, 'unsafe.csv');
    const rows = await allRows(t, secretariat.auth, job.id);
    const byRow = (n: number) => rows.find((r) => r.row === n)!;
    expect(byRow(2).status).toBe('invalid');
    expect(byRow(2).reasons.join()).toMatch(/单位名称.*控制字符/);
    expect(byRow(3).status).toBe('invalid');
    expect(byRow(3).reasons.join()).toMatch(/文字方向控制符/);
    expect(byRow(4).status).toBe('new');
  });
});
