import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroNetworkFailure, taroResponse } from '../../../../test/factories';
import { routerParams } from '../../../../test/mocks/taro';
import { resetOutbox, resetNetworkStatus } from '../../../offline';
import { EVENT_ID, checkInResult, doorView, registration } from '../test-support/event-factories';
import DoorPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
type Handler = (options: { url: string; method: string; data: unknown }) => Promise<unknown>;

const ZHAO = registration();
const roster = { items: [ZHAO], eventCode: 'EVT12345' };

/** Routes requests by path; `checkIns` answers POST …/check-ins. */
function serve(checkIns: Handler, batch?: Handler) {
  taroRequest.mockImplementation((options: { url: string; method: string; data: unknown }) => {
    const path = new URL(options.url, 'http://x').pathname;
    if (path.endsWith('/roster')) return Promise.resolve(taroResponse(200, roster));
    if (path.endsWith('/door')) return Promise.resolve(taroResponse(200, doorView()));
    if (path.endsWith('/check-ins/batch') && batch) return batch(options);
    if (path.endsWith('/check-ins')) return checkIns(options);
    return Promise.reject(new Error(`unexpected ${path}`));
  });
}

async function typeCode(code: string) {
  fireEvent.change(screen.getByLabelText('入场码'), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: '签到' }));
}

describe('签到台 (packages/events/door)', () => {
  beforeEach(() => {
    routerParams.id = EVENT_ID;
    resetNetworkStatus(true);
    resetOutbox();
  });

  it('should show the counts and a green banner when a code is checked in online', async () => {
    serve(() => Promise.resolve(taroResponse(200, checkInResult())));
    render(<DoorPage />);
    expect(await screen.findByText('3')).toBeInTheDocument();

    await typeCode('E7K2M9Q4');

    expect(await screen.findByText('赵志远 签到成功')).toBeInTheDocument();
    const sent = taroRequest.mock.calls.find(([o]) => o.url.endsWith('/check-ins'))[0];
    expect(sent.data).toMatchObject({ method: 'scan', entryCode: 'E7K2M9Q4', clientId: expect.any(String) });
    expect(Date.parse(sent.data.at)).not.toBeNaN();
  });

  it('should say who checked the attendee in and when when the code was already used', async () => {
    serve(() =>
      Promise.resolve(
        taroResponse(
          200,
          checkInResult({ outcome: 'already_checked_in', message: '已于 09:12 由 白衬衫·李明 签到' }),
        ),
      ),
    );
    render(<DoorPage />);
    await screen.findByText('3');

    await typeCode('E7K2M9Q4');

    const banner = await screen.findByText('赵志远 已于 09:12 由 白衬衫·李明 签到');
    expect(banner.closest('[data-tone]')).toHaveAttribute('data-tone', 'warning');
  });

  it('should show the server message in a red banner when the code is unknown', async () => {
    serve(() => Promise.resolve(taroResponse(404, apiErrorBody('NOT_FOUND', '未找到该入场码'))));
    render(<DoorPage />);
    await screen.findByText('3');

    await typeCode('ZZZZ9999');

    const banner = await screen.findByText('未找到该入场码');
    expect(banner.closest('[data-tone]')).toHaveAttribute('data-tone', 'error');
  });

  it('should queue the scan, show 待同步 and not queue a repeat when the network is down', async () => {
    serve(() => Promise.reject(taroNetworkFailure()));
    render(<DoorPage />);
    await screen.findByText('3');

    await typeCode('E7K2M9Q4');

    expect(await screen.findByText('赵志远 已记录，待同步')).toBeInTheDocument();
    expect(screen.getByText('待同步 1 条')).toBeInTheDocument();
    expect(screen.getByText(/离线/)).toBeInTheDocument();

    await typeCode('E7K2M9Q4');
    expect(await screen.findByText('无需重复扫码，联网后自动上传')).toBeInTheDocument();
    expect(screen.getByText('待同步 1 条')).toBeInTheDocument();
    expect(JSON.parse(String(Taro.getStorageSync('ah.outbox'))).items).toHaveLength(1);
  });

  it('should answer 已签到 to an offline re-scan of a code checked in online, and queue nothing', async () => {
    let online = true;
    serve(() =>
      online ? Promise.resolve(taroResponse(200, checkInResult())) : Promise.reject(taroNetworkFailure()),
    );
    render(<DoorPage />);
    await screen.findByText('3');
    await typeCode('E7K2M9Q4');
    await screen.findByText('赵志远 签到成功');

    online = false;
    await typeCode('E7K2M9Q4');

    const banner = await screen.findByText('赵志远 已于 09:12 由 白衬衫·李明 签到');
    expect(banner.closest('[data-tone]')).toHaveAttribute('data-tone', 'warning');
    expect(screen.queryByText(/待同步/)).not.toBeInTheDocument();
    const cached = JSON.parse(String(Taro.getStorageSync(`ah.roster.${EVENT_ID}`))) as typeof roster;
    expect(cached.items[0]).toMatchObject({ entryCode: ZHAO.entryCode, checkIn: { method: 'scan' } });
  });

  it('should sync the queue once and clear 待同步 when the network comes back', async () => {
    const batch = jest.fn<Promise<unknown>, Parameters<Handler>>((options) => {
      const { items } = options.data as { items: Array<{ clientId: string }> };
      return Promise.resolve(
        taroResponse(200, { results: items.map((item) => checkInResult({ clientId: item.clientId })) }),
      );
    });
    serve(() => Promise.reject(taroNetworkFailure()), batch);
    render(<DoorPage />);
    await screen.findByText('3');
    await typeCode('E7K2M9Q4');
    await screen.findByText('待同步 1 条');

    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });

    expect(await screen.findByText('已同步 1 条签到记录')).toBeInTheDocument();
    expect(screen.queryByText('待同步 1 条')).not.toBeInTheDocument();
    expect(batch).toHaveBeenCalledTimes(1);
    expect((batch.mock.calls[0][0].data as { items: unknown[] }).items).toHaveLength(1);
  });

  it('should show the event QR with the self check-in link when asked', async () => {
    serve(() => Promise.resolve(taroResponse(200, checkInResult())));
    render(<DoorPage />);
    await screen.findByText('3');

    fireEvent.click(screen.getByRole('button', { name: '出示签到码' }));

    const link = `/packages/events/detail/index?id=${EVENT_ID}&checkin=EVT12345`;
    expect(await screen.findByText(link)).toBeInTheDocument();
    expect(screen.getByLabelText('活动签到码').getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
  });
});
