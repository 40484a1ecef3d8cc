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
