import { render, screen } from '@testing-library/react';
import { FormField } from './index';
import { serverFieldErrors, zodFieldErrors } from '../../utils/field-errors';
import { ApiError } from '../../utils/api-error';
import { ApplicationCreateBody } from '@alliance-hub/types';

describe('FormField', () => {
  it('should show the error instead of the hint when the field is invalid', () => {
    render(
      <FormField label="手机" required error="请输入 11 位手机号码" hint="用于秘书处联系">
        <input />
      </FormField>,
    );
    expect(screen.getByText('请输入 11 位手机号码')).toBeTruthy();
    expect(screen.queryByText('用于秘书处联系')).toBeNull();
  });
});

describe('FormField limits', () => {
  it('should say the limit and the count when the value is over the limit', () => {
    const { container } = render(
      <FormField label="活动名称" limit={10} value={'联盟年会'.repeat(3)} hint="写全称">
        <input />
      </FormField>,
    );
    expect(screen.getByText('最多 10 个字（已输入 12 个）')).toBeTruthy();
    expect(container.firstChild).toHaveClass('ah-form-field--invalid');
  });

  it('should count as the schema does and stay quiet when the value fits', () => {
    render(
      <FormField label="姓名" limit={4} value="  张   三丰 " hint="真实姓名">
        <input />
      </FormField>,
    );
    expect(screen.queryByText(/已输入/)).toBeNull();
    expect(screen.getByText('真实姓名')).toBeTruthy();
  });
});

describe('field errors', () => {
  it('should key client-side zod errors like the server does', () => {
    const parsed = ApplicationCreateBody.safeParse({ organization: {}, applicant: { mobile: '123' } });
    expect(parsed.success).toBe(false);
    const errors = zodFieldErrors(parsed.error!);
    expect(errors['applicant.mobile']).toBe('请输入 11 位手机号码');
    expect(errors['organization.name']).toBeTruthy();
  });

  it("should read the server's 400 details without the body. prefix", () => {
    const error = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '提交的内容有误',
      details: [{ path: 'body.applicant.mobile', message: '请输入 11 位手机号码' }],
    });
    expect(serverFieldErrors(error)).toEqual({ 'applicant.mobile': '请输入 11 位手机号码' });
    expect(serverFieldErrors(new Error('x'))).toEqual({});
  });
});
