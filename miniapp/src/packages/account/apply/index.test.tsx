import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody } from '../../../../test/factories';
import { startAuth } from '../../../services/auth';
import { setSession } from '../../../stores/session-store';
import { setReauthenticator } from '../../../utils/request';
import { setToken } from '../../../utils/session';
import {
  applicationView,
  installTaroInteractions,
  meView,
  mockApi,
  requestedRoutes,
  type TaroInteractionDoubles,
} from '../test-doubles';
import ApplyPage from './index';

jest.mock('@tarojs/components', () => {
  const doubles = jest.requireActual('../test-doubles');
  return { ...jest.requireActual('@tarojs/components'), Input: doubles.Input, Textarea: doubles.Textarea };
});

let taro: TaroInteractionDoubles;

async function openAsGuest(routes: Parameters<typeof mockApi>[0]) {
  setToken('stored');
  mockApi({
    'GET /api/v1/me': [{ status: 200, body: meView({ displayName: '赵一' }) }],
    'GET /api/v1/applications/mine': [{ status: 200, body: { items: [] } }],
    ...routes,
  });
  await startAuth();
  render(<ApplyPage />);
  await waitFor(() => expect(requestedRoutes()).toContain('GET /api/v1/applications/mine'));
  // The form mounts once the prefill has answered, so its inputs never change value at mount.
  await screen.findByPlaceholderText('您的姓名');
}

const input = (placeholder: string) => screen.getByPlaceholderText(placeholder);
const type = (placeholder: string, value: string) =>
  fireEvent.change(input(placeholder), { target: { value } });

function fillValidForm() {
  type('例如：某某新材料科技有限公司', '沈阳精研合金材料有限公司');
  fireEvent.click(screen.getByRole('radio', { name: '企业' }));
  type('例如：辽宁省', '辽宁省');
  type('例如：沈阳市', '沈阳市');
  type('例如：技术总监', '技术总监');
  type('11 位手机号码', '138 0013 8000');
}

beforeEach(() => {
  taro = installTaroInteractions();
  setSession({ status: 'unknown', user: null });
  setReauthenticator(null);
  process.env.TARO_ENV = 'h5';
});

describe('申请加入联盟 (packages/account/apply)', () => {
  it('should show each problem at its field and send nothing when required fields are missing', async () => {
    await openAsGuest({});
    expect(input('您的姓名')).toHaveValue('赵一');

    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

    expect(await screen.findByText('请填写单位名称')).toBeInTheDocument();
    expect(screen.getByText('请选择单位类型')).toBeInTheDocument();
    expect(screen.getByText('请输入 11 位手机号码')).toBeInTheDocument();
    expect(screen.getByText('请修改标红的 6 项后再提交')).toBeInTheDocument();
    expect(requestedRoutes()).not.toContain('POST /api/v1/applications');
  });

  it('should clear a field error as soon as that field is edited', async () => {
    await openAsGuest({});
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    await screen.findByText('请填写单位名称');
    type('例如：某某新材料科技有限公司', '沈阳精研');
    expect(screen.queryByText('请填写单位名称')).not.toBeInTheDocument();
  });

  it("should show the server's field errors next to the fields they name", async () => {
    await openAsGuest({
      'POST /api/v1/applications': [
        {
          status: 400,
          body: apiErrorBody('VALIDATION_FAILED', '请求内容有误', [
            { path: 'body.applicant.mobile', message: '该手机号码已被其他申请使用' },
            { path: 'body.organization.name', message: '单位名称包含不允许的字符' },
          ]),
        },
      ],
    });
    fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

    expect(await screen.findByText('该手机号码已被其他申请使用')).toBeInTheDocument();
    expect(screen.getByText('单位名称包含不允许的字符')).toBeInTheDocument();
    expect(taro.navigateBack).not.toHaveBeenCalled();
  });

  it("should show the server's message when an application is already pending", async () => {
    await openAsGuest({
      'POST /api/v1/applications': [
        { status: 409, body: apiErrorBody('CONFLICT', '您已有一份待审核的申请') },
      ],
    });
    fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText('您已有一份待审核的申请')).toBeInTheDocument();
  });

  it('should send the form and go back to 我的 when the server accepts it', async () => {
    await openAsGuest({ 'POST /api/v1/applications': [{ status: 201, body: applicationView() }] });
    fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

    await waitFor(() => expect(taro.navigateBack).toHaveBeenCalled());
    const sent = (Taro.request as unknown as jest.Mock).mock.calls.find(
      ([options]: [{ url: string; method: string }]) => options.method === 'POST',
    )[0].data;
    expect(sent).toEqual({
      organization: {
        name: '沈阳精研合金材料有限公司',
        kind: 'enterprise',
        province: '辽宁省',
        city: '沈阳市',
      },
      applicant: { name: '赵一', title: '技术总监', mobile: '138 0013 8000' },
    });
  });

  it('should prefill the last rejected application when applying again', async () => {
    await openAsGuest({
      'GET /api/v1/applications/mine': [
        {
          status: 200,
          body: { items: [applicationView({ status: 'rejected', rejectReason: '请补充信用代码' })] },
        },
      ],
    });
    await waitFor(() =>
      expect(input('例如：某某新材料科技有限公司')).toHaveValue('沈阳精研合金材料有限公司'),
    );
    expect(input('11 位手机号码')).toHaveValue('13800138000');
  });

  it('should not show the form to a member', async () => {
    setToken('stored');
    mockApi({ 'GET /api/v1/me': [{ status: 200, body: meView({ role: 'member' }) }] });
    await startAuth();
    render(<ApplyPage />);
    expect(screen.getByText('您已是联盟成员')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '提交申请' })).not.toBeInTheDocument();
  });
});
