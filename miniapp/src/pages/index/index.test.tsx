import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, healthView, taroNetworkFailure, taroResponse } from '../../../test/factories';
import { eventSummary } from '../../packages/events/test-support/event-factories';
import { setSession } from '../../stores/session-store';
import IndexPage from './index';

const member = {
  id: '6b03161a793a0b987aa73da6',
  displayName: '会员·李工',
  role: 'member' as const,
  status: 'active' as const,
  person: null,
  organization: null,
  createdAt: '2025-03-01T01:30:05.000Z',
};

const taroRequest = Taro.request as unknown as jest.Mock;
type Answer = () => Promise<unknown>;

/** Answers /events with `events` and every other call (the health check) from `health` in turn. */
function serve(
  health: Answer[],
  events: Answer = () => Promise.resolve(taroResponse(200, { items: [], nextCursor: null })),
) {
  taroRequest.mockImplementation(({ url }: { url: string }) => {
    if (url.includes('/api/v1/events')) return events();
    const next = health.shift();
    return next ? next() : Promise.reject(taroNetworkFailure());
  });
}
const ok =
  (data: unknown): Answer =>
  () =>
    Promise.resolve(taroResponse(200, data));
const fails = (): Answer => () => Promise.reject(taroNetworkFailure());
const healthCalls = () => taroRequest.mock.calls.filter(([o]) => !String(o.url).includes('/events'));

describe('首页 (pages/index)', () => {
  beforeEach(() => setSession({ status: 'signed-in', user: member }));

  it('should show the server version, database state and Shanghai time', async () => {
    serve([ok(healthView())]);
    render(<IndexPage />);

    expect(await screen.findByText('运行正常')).toBeInTheDocument();
    expect(screen.getByText('0.1.0')).toBeInTheDocument();
    expect(screen.getByText('正常（内置数据库）')).toBeInTheDocument();
    expect(screen.getByText('2025-03-01 09:30:05（北京时间）')).toBeInTheDocument();
    expect(healthCalls()[0][0].url).toMatch(/\/api\/v1\/health$/);
  });

  it('should flag a degraded server and a connecting database', async () => {
    serve([ok(healthView({ status: 'degraded', database: { state: 'connecting', kind: 'external' } }))]);
    render(<IndexPage />);
    expect(await screen.findByText('部分功能受限')).toBeInTheDocument();
    expect(screen.getByText('连接中（外部数据库）')).toBeInTheDocument();
  });

  it('should show a retry button when the server is unreachable', async () => {
    serve([fails()]);
    render(<IndexPage />);

    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
  });

  it('should show the server message when the server answers with an error', async () => {
    serve([
      () => Promise.resolve(taroResponse(503, apiErrorBody('SERVICE_UNAVAILABLE', '数据库暂时不可用'))),
    ]);
    render(<IndexPage />);
    expect(await screen.findByText('数据库暂时不可用')).toBeInTheDocument();
  });

  it('should load the health again and show it when 重试 is pressed', async () => {
    serve([fails(), ok(healthView())]);
    render(<IndexPage />);

    fireEvent.click(await screen.findByRole('button', { name: '重试' }));

    expect(await screen.findByText('运行正常')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重试' })).not.toBeInTheDocument();
    expect(healthCalls()).toHaveLength(2);
  });

  it('should list the next events and open one when it is tapped', async () => {
    serve([ok(healthView())], ok({ items: [eventSummary()], nextCursor: null }));
    render(<IndexPage />);

    fireEvent.click(await screen.findByRole('link', { name: '2026 年度金属新材料联盟年会' }));

    expect(screen.getByText('年会')).toBeInTheDocument();
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: '/packages/events/detail/index?id=64b7f0c2a1b2c3d4e5f60718',
    });
    const eventsUrl = new URL(
      taroRequest.mock.calls.find(([o]) => o.url.includes('/events'))[0].url,
      'http://x',
    );
    expect(Object.fromEntries(eventsUrl.searchParams)).toEqual({ when: 'upcoming', limit: '3' });
  });

  it('should say there are no events yet when none are upcoming', async () => {
    serve([ok(healthView())]);
    render(<IndexPage />);
    expect(await screen.findByText('近期暂无活动')).toBeInTheDocument();
  });

  it('should invite to sign in instead of showing 请先登录 as an error when signed out', async () => {
    setSession({ status: 'signed-out', user: null });
    serve([ok(healthView())]);
    render(<IndexPage />);

    fireEvent.click(await screen.findByRole('link', { name: /登录后查看近期活动/ }));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
    expect(taroRequest.mock.calls.some(([o]) => String(o.url).includes('/events'))).toBe(false);
  });

  it('should show the events right after signing in on 我的, without a tap', async () => {
    setSession({ status: 'signed-out', user: null });
    serve([ok(healthView())], ok({ items: [eventSummary()], nextCursor: null }));
    render(<IndexPage />);
    await screen.findByRole('link', { name: /登录后查看近期活动/ });

    act(() => setSession({ status: 'signed-in', user: member }));

    expect(await screen.findByRole('link', { name: '2026 年度金属新材料联盟年会' })).toBeInTheDocument();
    expect(screen.queryByText(/登录后查看近期活动/)).toBeNull();
  });
});
