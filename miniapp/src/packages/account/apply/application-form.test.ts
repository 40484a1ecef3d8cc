import { applicationView } from '../test-doubles';
import { EMPTY_FORM, formFromApplication, toCreateBody, validateApplication } from './application-form';

const filled = {
  ...EMPTY_FORM,
  orgName: '沈阳精研合金材料有限公司',
  kind: 'enterprise' as const,
  province: '辽宁省',
  city: '沈阳市',
  name: '赵一',
  title: '技术总监',
  mobile: '+86 138-0013-8000',
};

describe('application form', () => {
  it('should name every missing required field in plain Chinese when the form is empty', () => {
    const result = validateApplication(EMPTY_FORM);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      'organization.name': '请填写单位名称',
      'organization.kind': '请选择单位类型',
      'organization.province': '请填写所在省份',
      'organization.city': '请填写所在城市',
      'applicant.name': '请填写姓名',
      'applicant.title': '请填写职务',
      'applicant.mobile': '请输入 11 位手机号码',
    });
  });

  it('should say how short a name is when it is too short, and keep the schema message for bad formats', () => {
    const result = validateApplication({
      ...filled,
      orgName: '甲',
      creditCode: '123',
      email: 'not-an-email',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['organization.name']).toBe('单位名称至少 2 个字');
    expect(result.errors['organization.creditCode']).toBe('统一社会信用代码应为 18 位');
    expect(result.errors['applicant.email']).toBe('邮箱格式不正确');
  });

  it('should leave blank optional fields out of the body when they are empty', () => {
    const body = toCreateBody({ ...filled, intro: '  ', email: '', message: '' });
    expect(body.organization).not.toHaveProperty('creditCode', expect.anything());
    expect(body.organization.intro).toBeUndefined();
    expect(body.applicant.email).toBeUndefined();
    expect(body.message).toBeUndefined();
    expect(validateApplication(filled).ok).toBe(true);
  });

  it('should start from the last application when applying again', () => {
    const form = formFromApplication(
      applicationView({ status: 'rejected', message: '请审核', rejectReason: '补充信用代码' }),
    );
    expect(form).toMatchObject({
      orgName: '沈阳精研合金材料有限公司',
      kind: 'enterprise',
      mobile: '13800138000',
      message: '请审核',
    });
  });
});
