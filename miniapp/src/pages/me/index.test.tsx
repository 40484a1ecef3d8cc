import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody } from '../../../test/factories';
import {
  applicationView,
  authResult,
  installTaroInteractions,
  meView,
  mockApi,
  requestedRoutes,
  type TaroInteractionDoubles,
} from '../../packages/account/test-doubles';
import { startAuth } from '../../services/auth';
import { getSession, setSession } from '../../stores/session-store';
import { setToken } from '../../utils/session';
import { setReauthenticator } from '../../utils/request';
import MePage from './index';

jest.mock('@tarojs/components', () => {
  const doubles = jest.requireActual('../../packages/account/test-doubles');
  return { ...jest.requireActual('@tarojs/components'), Input: doubles.Input, Textarea: doubles.Textarea };
});

const DEV_USERS = [
  { id: '6b03161a793a0b987aa73da1', displayName: '秘书处·王秘书长', role: 'secretariat', organization: null },
  {
    id: '6b03161a793a0b987aa73da4',
    displayName: '周晓燕',
    role: 'member',
    organization: '大庆华科新材料有限公司',
  },
  { id: '6b03161a793a0b987aa73da6', displayName: '访客·小赵', role: 'guest', organization: null },
];

let taro: TaroInteractionDoubles;

/** A ticket polled every second, so the poll tests run on real timers in about a second. */
function webTicket() {
  return {
    id: '6b03161a793a0b987aa73daa',
    secret: 'browser-secret',
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
    pollIntervalSeconds: 1,
    qrcode: 'data:image/png;base64,iVBORw0KGgo=',
  };
}

beforeEach(() => {
  taro = installTaroInteractions();
  setSession({ status: 'unknown', user: null });
  setReauthenticator(null);
  process.env.TARO_ENV = 'h5';
});

/** Signs in through the real service so the page sees what the app would. */
async function signedInAs(user: Parameters<typeof meView>[0], routes: Parameters<typeof mockApi>[0] = {}) {
  setToken('stored');
  mockApi({
    ...routes,
    'GET /api/v1/me': [{ status: 200, body: meView(user) }, ...(routes['GET /api/v1/me'] ?? [])],
  });
  await startAuth();
}

describe('我的 (pages/me)', () => {
  it('should show a loading state while the launch sign-in has not answered', () => {
    render(<MePage />);
    expect(screen.getByText('正在登录…')).toBeInTheDocument();
  });

  it('should list demo users by role and sign in as the one tapped when signed out on H5', async () => {
    mockApi({
      'GET /api/v1/auth/dev/users': [{ status: 200, body: { items: DEV_USERS } }],
      'POST /api/v1/auth/dev': [{ status: 200, body: authResult({ displayName: '周晓燕', role: 'member' }) }],
      'GET /api/v1/me/sessions': [],
    });
    await startAuth();
    render(<MePage />);

    expect(await screen.findByText('秘书处·王秘书长')).toBeInTheDocument();
    expect(screen.getAllByText('成员单位代表').length).toBeGreaterThan(0);
    expect(screen.getByText('大庆华科新材料有限公司')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '以周晓燕登录' }));

    await waitFor(() => expect(getSession().status).toBe('signed-in'));
    expect(await screen.findByText('周晓燕')).toBeInTheDocument();
    const body = (Taro.request as unknown as jest.Mock).mock.calls.find(([options]: [{ url: string }]) =>
      options.url.endsWith('/api/v1/auth/dev'),
    )[0].data;
    expect(body).toEqual({ userId: '6b03161a793a0b987aa73da4' });
  });

  it('should refuse an empty custom name and sign in with the typed name and role', async () => {
    mockApi({
      'GET /api/v1/auth/dev/users': [{ status: 200, body: { items: DEV_USERS } }],
      'POST /api/v1/auth/dev': [
        { status: 200, body: authResult({ displayName: '张三', role: 'coordinator' }) },
      ],
    });
    await startAuth();
    render(<MePage />);
    await screen.findByText('自定义');

    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入姓名')).toBeInTheDocument();
    expect(requestedRoutes()).not.toContain('POST /api/v1/auth/dev');

    fireEvent.change(screen.getByPlaceholderText('例如：张三'), { target: { value: ' 张三 ' } });
    fireEvent.click(screen.getByRole('radio', { name: '协调员' }));
    fireEvent.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByText('张三')).toBeInTheDocument();
    expect(screen.getByText('协调员')).toBeInTheDocument();
    // A coordinator's 我的 also reads the 我的待办 badge afterwards: find the sign-in call itself.
    const call = (Taro.request as unknown as jest.Mock).mock.calls
      .map((args: [{ url: string; data?: unknown }]) => args[0])
      .filter((options) => options.url.endsWith('/auth/dev'))
      .at(-1);
    expect(call?.data).toEqual({ name: '张三', role: 'coordinator' });
  });

  it('should offer only the QR sign-in when dev login is disabled', async () => {
    mockApi({
      'GET /api/v1/auth/dev/users': [
        { status: 404, body: apiErrorBody('DEV_LOGIN_DISABLED', '此环境未开放开发登录') },
      ],
      'POST /api/v1/auth/web-tickets': [{ status: 201, body: webTicket() }],
    });
    await startAuth();
    render(<MePage />);
    expect(await screen.findByLabelText('登录小程序码')).toHaveAttribute('src', webTicket().qrcode);
    expect(screen.getByText('微信扫码登录')).toBeInTheDocument();
    expect(screen.queryByText('自定义')).not.toBeInTheDocument();
  });

  it('should sign this browser in when the poll brings the session after the phone confirmed', async () => {
    mockApi({
      'GET /api/v1/auth/dev/users': [
        { status: 404, body: apiErrorBody('DEV_LOGIN_DISABLED', '此环境未开放开发登录') },
      ],
      'POST /api/v1/auth/web-tickets': [{ status: 201, body: webTicket() }],
      [`GET /api/v1/auth/web-tickets/${webTicket().id}`]: [
        { status: 200, body: { status: 'scanned', expiresAt: webTicket().expiresAt } },
        {
          status: 200,
          body: {
            status: 'confirmed',
            auth: authResult(meView({ displayName: '秘书处·王秘书长', role: 'secretariat' })),
          },
        },
      ],
      'GET /api/v1/applications': [{ status: 200, body: { items: [], nextCursor: null } }],
    });
    await startAuth();
    render(<MePage />);
    expect(await screen.findByText('已扫码，请在手机上确认登录', {}, { timeout: 3000 })).toBeInTheDocument();
    await waitFor(() => expect(getSession().status).toBe('signed-in'), { timeout: 3000 });
    const polls = (Taro.request as unknown as jest.Mock).mock.calls
      .map((args: [{ url: string; header?: Record<string, string> }]) => args[0])
      .filter((options) => options.url.includes('/auth/web-tickets/'));
    expect(polls[0].header?.['X-Web-Ticket-Secret']).toBe(webTicket().secret);
  });

  it('should offer a fresh code when the phone cancels', async () => {
    mockApi({
      'GET /api/v1/auth/dev/users': [
        { status: 404, body: apiErrorBody('DEV_LOGIN_DISABLED', '此环境未开放开发登录') },
      ],
      'POST /api/v1/auth/web-tickets': [{ status: 201, body: webTicket() }],
      [`GET /api/v1/auth/web-tickets/${webTicket().id}`]: [
        { status: 200, body: { status: 'cancelled', expiresAt: webTicket().expiresAt } },
      ],
    });
    await startAuth();
    render(<MePage />);
    expect(await screen.findByText('已在手机上取消登录', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '刷新二维码' })).toBeInTheDocument();
    expect(getSession().status).toBe('signed-out');
  });

  it('should show a retry instead of the chooser when the server cannot be reached', async () => {
    setToken('stored');
    mockApi({
      'GET /api/v1/me': ['network-failure', { status: 200, body: meView() }],
      'GET /api/v1/applications/mine': [{ status: 200, body: { items: [] } }],
    });
    await startAuth();
    render(<MePage />);

    expect(screen.getByText('登录未完成')).toBeInTheDocument();
    expect(screen.queryByText('自定义')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('访客·小赵')).toBeInTheDocument();
  });

  it("should show a guest's pending application", async () => {
    await signedInAs(
      {},
      { 'GET /api/v1/applications/mine': [{ status: 200, body: { items: [applicationView()] } }] },
    );
    render(<MePage />);

    expect(screen.getByText('访客')).toBeInTheDocument();
    expect(screen.getByText('尚未关联成员单位')).toBeInTheDocument();
    expect(await screen.findByText('待审核')).toBeInTheDocument();
    expect(screen.getByText('申请单位：沈阳精研合金材料有限公司')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '申请加入联盟' })).not.toBeInTheDocument();
  });

  it('should show the reason and 重新申请 when the application was rejected', async () => {
    await signedInAs(
      {},
      {
        'GET /api/v1/applications/mine': [
          {
            status: 200,
            body: {
              items: [applicationView({ status: 'rejected', rejectReason: '请补充统一社会信用代码' })],
            },
          },
        ],
      },
    );
    render(<MePage />);

    expect(await screen.findByText('未通过')).toBeInTheDocument();
    expect(screen.getByText('请补充统一社会信用代码')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '重新申请' }));
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/apply/index' });
  });

  it('should offer to apply when a guest has no application', async () => {
    await signedInAs({}, { 'GET /api/v1/applications/mine': [{ status: 200, body: { items: [] } }] });
    render(<MePage />);
    fireEvent.click(await screen.findByRole('button', { name: '申请加入联盟' }));
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/apply/index' });
  });

  it('should show a member their role and organization and no application card', async () => {
    await signedInAs({
      displayName: '周晓燕',
      role: 'member',
      person: { id: 'p1', name: '周晓燕', title: '研发部经理' },
      organization: { id: 'o1', name: '大庆华科新材料有限公司', kind: 'enterprise' },
    });
    render(<MePage />);

    expect(screen.getByText('成员单位代表')).toBeInTheDocument();
    expect(screen.getByText('研发部经理')).toBeInTheDocument();
    expect(screen.getByText('大庆华科新材料有限公司（企业）')).toBeInTheDocument();
    expect(screen.queryByText('加入联盟')).not.toBeInTheDocument();
    expect(screen.queryByText('入会申请审核')).not.toBeInTheDocument();
    expect(requestedRoutes()).toEqual(['GET /api/v1/me']);
  });

  it('should show the secretariat the review and user links with the pending count', async () => {
    await signedInAs(
      { displayName: '秘书处·王秘书长', role: 'secretariat' },
      {
        'GET /api/v1/applications': [
          {
            status: 200,
            body: {
              items: [applicationView(), applicationView({ id: '6b0316aa793a0b987aa73db2' })],
              nextCursor: null,
            },
          },
        ],
      },
    );
    render(<MePage />);

    const review = screen.getByRole('link', { name: '入会申请审核' });
    expect(await within(review).findByText('2')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('link', { name: '用户管理' }));
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/users/index' });
  });

  it('should ask before logging out and show the chooser afterwards', async () => {
    await signedInAs(
      { role: 'coordinator' },
      {
        'POST /api/v1/auth/logout': [{ status: 204 }],
        'GET /api/v1/auth/dev/users': [{ status: 200, body: { items: DEV_USERS } }],
      },
    );
    render(<MePage />);

    taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    await waitFor(() => expect(taro.showModal).toHaveBeenCalledTimes(1));
    expect(requestedRoutes()).not.toContain('POST /api/v1/auth/logout');

    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    expect(await screen.findByText('选择演示用户')).toBeInTheDocument();
    expect(taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '退出登录' }));
    expect(requestedRoutes()).toContain('POST /api/v1/auth/logout');
  });
});
