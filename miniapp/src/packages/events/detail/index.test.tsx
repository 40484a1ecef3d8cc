import { act, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../../../test/factories';
import { routerParams } from '../../../../test/mocks/taro';
import { setSession } from '../../../stores/session-store';
import { meView } from '../../account/test-doubles';
import { EVENT_ID, checkInResult, eventDetail, registration } from '../test-support/event-factories';
import EventDetailPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
const EVENT_CODE = 'EVT12345';
const CHECKED_IN = registration({
  checkIn: { at: '2026-03-01T01:12:00.000Z', method: 'self', by: null },
});

/** GET the event; POST …/self-check-in answers with `selfCheckIn`. */
function serve(selfCheckIn: () => unknown, event = eventDetail({ myRegistration: registration() })) {
  taroRequest.mockImplementation((options: { url: string; method: string }) => {
    const path = new URL(options.url, 'http://x').pathname;
    if (path.endsWith('/self-check-in')) return Promise.resolve(selfCheckIn());
    if (path.endsWith(`/events/${EVENT_ID}`)) return Promise.resolve(taroResponse(200, event));
    return Promise.reject(new Error(`unexpected ${path}`));
  });
}

/** Lets the page's refetch after a check-in land inside act(). */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

async function confirm() {
  fireEvent.click(await screen.findByRole('button', { name: '确认签到' }));
}

describe('活动详情 · 扫码签到 (packages/events/detail?checkin=)', () => {
  beforeEach(() => {
    routerParams.id = EVENT_ID;
    routerParams.checkin = EVENT_CODE;
    setSession({ status: 'signed-in', user: meView({ role: 'member' }) });
  });
  afterEach(async () => {
    await settle();
    delete routerParams.checkin;
  });

  it('should ask to confirm and then show the check-in time on success', async () => {
    serve(() => taroResponse(200, checkInResult({ registration: CHECKED_IN })));
    render(<EventDetailPage />);

    expect(await screen.findByText('确认签到：2026 年度金属新材料联盟年会')).toBeInTheDocument();
    await confirm();

    expect(await screen.findByText('签到成功 09:12')).toBeInTheDocument();
    const sent = taroRequest.mock.calls.find(([o]) => o.url.endsWith('/self-check-in'))[0];
    expect(sent.method).toBe('POST');
    expect(sent.data).toEqual({ eventCode: EVENT_CODE, clientId: expect.any(String) });
  });

  it('should say when the attendee had already checked in', async () => {
    serve(() =>
      taroResponse(
        200,
        checkInResult({
          outcome: 'already_checked_in',
          message: '已于 09:12 签到',
          registration: CHECKED_IN,
        }),
      ),
    );
    render(<EventDetailPage />);
    await confirm();

    expect(await screen.findByText('已于 09:12 签到')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '确认签到' })).not.toBeInTheDocument();
  });

  it("should show the server's detail message outside the check-in window", async () => {
    serve(() =>
      taroResponse(
        400,
        apiErrorBody('VALIDATION_FAILED', '请求参数有误', [
          { path: 'body.eventCode', message: '签到时间为活动开始前 2 小时至活动结束' },
        ]),
      ),
    );
    render(<EventDetailPage />);
    await confirm();

    expect(await screen.findByText('签到时间为活动开始前 2 小时至活动结束')).toBeInTheDocument();
    expect(screen.queryByText('请求参数有误')).not.toBeInTheDocument();
  });

  it('should offer 报名 when the attendee is not registered and registration is open', async () => {
    const open = eventDetail({ endsAt: '2099-03-01T09:30:00.000Z', myRegistration: null });
    serve(() => taroResponse(404, apiErrorBody('NOT_FOUND', '你在本活动的报名不存在')), open);
    render(<EventDetailPage />);
    await confirm();

    const message = await screen.findByText('你在本活动的报名不存在');
    const card = message.closest('[data-state]') as HTMLElement;
    expect(card).toHaveAttribute('data-state', 'error');
    expect(within(card).getByText('您尚未报名本活动，可先报名，审核通过后再签到')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: '报名' })).toBeInTheDocument();
  });

  it('should ask a signed-out visitor to sign in first', async () => {
    setSession({ status: 'signed-out', user: null });
    serve(() => taroResponse(200, checkInResult()));
    render(<EventDetailPage />);

    expect(await screen.findByText('请先登录，再扫码签到')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '去「我的」登录' }));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
    expect(screen.queryByRole('button', { name: '确认签到' })).not.toBeInTheDocument();
  });
});
