import { act, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MeView, Role, TaskView } from '@alliance-hub/types';
import { apiErrorBody, taroResponse } from '../../../test/factories';
import { eventSummary } from '../../packages/events/test-support/event-factories';
import { setSession } from '../../stores/session-store';
import IndexPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;

function user(role: Role, overrides: Partial<MeView> = {}): MeView {
  return {
    id: `6b03161a793a0b987aa73da${role.length}`,
    displayName: `${role}·测试`,
    role,
    status: 'active',
    person: null,
    organization: null,
    createdAt: '2025-03-01T01:30:05.000Z',
    ...overrides,
  };
}

function task(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: '6b03161a793a0b987aa73e01',
    title: '回访东北轻合金',
    note: null,
    dueAt: '2026-03-01T02:00:00.000Z',
    state: 'open',
    bucket: 'overdue',
    owner: { id: '6b03161a793a0b987aa73da1', displayName: '白衬衫·李' },
    createdBy: null,
    links: {
      interactionId: null,
      intentId: null,
      organizationId: null,
      personId: null,
      selectionId: null,
      eventId: null,
      achievementId: null,
      demandId: null,
    },
    version: 1,
    completedAt: null,
    completionInteractionId: null,
    createdAt: '2026-02-20T02:00:00.000Z',
    updatedAt: '2026-02-20T02:00:00.000Z',
    ...overrides,
  };
}

const counts = { overdue: 2, today: 1, this_week: 0, later: 0 };

/** Answers by path; anything not listed is a 404, which hides that block. */
function serve(routes: Record<string, unknown | (() => unknown)>) {
  taroRequest.mockImplementation(({ url }: { url: string }) => {
    const { pathname, searchParams } = new URL(url, 'http://x');
    const key = Object.keys(routes)
      .filter((k) => {
        const [path, query] = k.split('?');
        return path === pathname && (!query || searchParams.toString().includes(query));
      })
      .sort((a, b) => b.length - a.length)[0];
    if (!key) return Promise.resolve(taroResponse(404, apiErrorBody('NOT_FOUND', '接口不存在或已被删除')));
    const answer = routes[key];
    return Promise.resolve(taroResponse(200, typeof answer === 'function' ? answer() : answer));
  });
}
const calledPaths = () => taroRequest.mock.calls.map(([o]) => new URL(o.url, 'http://x').pathname);
const block = (title: string) => screen.getByLabelText(title);

describe('首页 by role (pages/index)', () => {
  it('should show a coordinator the follow-ups due, quiet intents and this week’s events', async () => {
    setSession({ status: 'signed-in', user: user('coordinator') });
    serve({
      '/api/v1/tasks?bucket=overdue': { items: [task()], nextCursor: null, counts },
      '/api/v1/tasks?bucket=today': {
        items: [task({ id: '6b03161a793a0b987aa73e02', title: '给哈工大回电话', bucket: 'today' })],
        nextCursor: null,
        counts,
      },
      '/api/v1/tasks/stale-intents': {
        items: [
          {
            id: '6b03161a793a0b987aa73e09',
            topic: '铝合金焊接工艺合作',
            stage: 'negotiating',
            ownerId: null,
            lastContactAt: null,
            daysSilent: 30,
          },
        ],
      },
      '/api/v1/events?staff=me': {
        items: [eventSummary({ startsAt: new Date(Date.now() + 86400_000).toISOString() })],
        nextCursor: null,
      },
    });
    render(<IndexPage />);
    expect(await screen.findByText('已逾期 2 项 · 今天到期 1 项')).toBeInTheDocument();
    expect(within(block('我的待办')).getByText('回访东北轻合金')).toBeInTheDocument();
    expect(within(block('我的待办')).getByText('给哈工大回电话')).toBeInTheDocument();
    expect(await screen.findByText('30 天未联系')).toBeInTheDocument();
    expect(
      await within(block('本周我负责的活动')).findByText('2026 年度金属新材料联盟年会'),
    ).toBeInTheDocument();
    const eventQueries = taroRequest.mock.calls
      .map(([o]) => new URL(o.url, 'http://x'))
      .filter((url) => url.pathname === '/api/v1/events');
    expect(eventQueries.map((url) => url.searchParams.get('staff'))).toEqual(['me']);
    expect(screen.queryByText('服务状态')).toBeNull();
    expect(calledPaths()).not.toContain('/api/v1/health');
  });

  it('should hide a block whose feature is not there (404) and keep the others', async () => {
    setSession({ status: 'signed-in', user: user('coordinator') });
    serve({
      '/api/v1/tasks': { items: [], nextCursor: null, counts: { ...counts, overdue: 0, today: 0 } },
      '/api/v1/events': { items: [], nextCursor: null },
    });
    render(<IndexPage />);
    expect(await screen.findByText(/没有逾期或今天到期的跟进/)).toBeInTheDocument();
    expect(await screen.findByText('本周没有我负责的活动')).toBeInTheDocument();
    expect(screen.queryByText('久未联系的意向')).toBeNull();
  });

  it('should show the secretariat pending decisions, target progress and the team’s overdue follow-ups', async () => {
    setSession({ status: 'signed-in', user: user('secretariat') });
    const kpi = (key: string, label: string, value: number, target: number | null, behind = false) => ({
      key,
      label,
      unit: '项',
      group: 'intents',
      help: '',
      money: false,
      value,
      lastYear: 0,
      months: Array(12).fill(0),
      lastYearMonths: Array(12).fill(0),
      target,
      completion: target ? value / target : null,
      expectedByNow: null,
      behindSchedule: behind,
      sub: [],
      source: 'counted',
    });
    serve({
      '/api/v1/applications': { items: [], nextCursor: null },
      '/api/v1/achievements': { items: [], nextCursor: null },
      '/api/v1/demands': { items: [], nextCursor: null },
      [`/api/v1/stats/${new Date().getFullYear()}`]: {
        year: new Date().getFullYear(),
        scope: { kind: 'alliance', orgId: null, orgName: null },
        pace: 0.2,
        asOf: '2026-03-01T00:00:00.000Z',
        kpis: [kpi('contracts_signed', '签约项目', 3, 20, true), kpi('events_held', '举办活动', 4, null)],
        manual: [],
        targetsVersion: 1,
      },
      '/api/v1/tasks?scope=all': { items: [task()], nextCursor: null, counts },
    });
    render(<IndexPage />);
    expect(await screen.findByText('3 / 20 项（落后进度）')).toBeInTheDocument();
    // Only KPIs with a target show progress.
    expect(screen.queryByText('举办活动')).toBeNull();
    expect(await screen.findByText('共 2 项逾期')).toBeInTheDocument();
    expect(within(await screen.findByLabelText('待处理')).getByText('入会申请')).toBeInTheDocument();
  });

  it('should show a member their organization’s intents and pending card requests', async () => {
    setSession({
      status: 'signed-in',
      user: user('member', {
        organization: {
          id: '6b03161a793a0b987aa73f01',
          name: '东北轻合金有限责任公司',
        } as MeView['organization'],
      }),
    });
    serve({
      '/api/v1/achievements': { items: [], nextCursor: null },
      '/api/v1/demands': { items: [], nextCursor: null },
      '/api/v1/intents': { items: [], nextCursor: null },
      '/api/v1/cards/requests': {
        items: [
          {
            id: '6b03161a793a0b987aa73f09',
            status: 'pending',
            from: { personId: '6b03161a793a0b987aa73f0a', name: '王教授', organization: '哈尔滨工业大学' },
            to: { personId: '6b03161a793a0b987aa73f0b', name: '我', organization: null },
            message: null,
            createdAt: '2026-02-01T00:00:00.000Z',
          },
        ],
      },
      '/api/v1/events': { items: [], nextCursor: null },
    });
    render(<IndexPage />);
    expect(await screen.findByText('王教授')).toBeInTheDocument();
    // Without recommendations (404 here) the block falls back to the newest items.
    expect(await screen.findByText('新发布的成果与需求')).toBeInTheDocument();
    expect(await screen.findByText(/还没有合作意向/)).toBeInTheDocument();
    const intentsCall = taroRequest.mock.calls.find(([o]) => o.url.includes('/api/v1/intents'));
    expect(intentsCall?.[0].url).toContain('orgId=6b03161a793a0b987aa73f01');
  });

  it('should show a member the recommendations for their organization with the reason', async () => {
    setSession({ status: 'signed-in', user: user('member') });
    serve({
      '/api/v1/matching/recommendations': {
        kind: 'achievement',
        reason: '按贵单位的领域和需求推荐新发布的科技成果',
        items: [
          {
            kind: 'achievement',
            id: '6b03161a793a0b987aa73f21',
            title: '高强铝合金搅拌摩擦焊工艺',
            ownerName: '哈尔滨工业大学',
            fields: [],
            publishedAt: '2026-02-01T00:00:00.000Z',
            score: 0.8,
            band: 'strong',
            terms: ['铝合金'],
          },
        ],
      },
      '/api/v1/cards/requests': { items: [] },
      '/api/v1/events': { items: [], nextCursor: null },
    });
    render(<IndexPage />);
    expect(await screen.findByText('为本单位推荐')).toBeInTheDocument();
    expect(screen.getByText('按贵单位的领域和需求推荐新发布的科技成果')).toBeInTheDocument();
    expect(screen.getByText('高强铝合金搅拌摩擦焊工艺')).toBeInTheDocument();
    expect(calledPaths()).not.toContain('/api/v1/achievements');
  });

  it('should invite a signed-out visitor to sign in and join, asking the server nothing', async () => {
    setSession({ status: 'signed-out', user: null });
    serve({});
    render(<IndexPage />);
    expect(screen.getByText('如何加入联盟')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('link', { name: /登录后查看近期活动/ }));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
    expect(taroRequest).not.toHaveBeenCalled();
  });

  it('should show a guest only the open events and the way to apply', async () => {
    setSession({ status: 'signed-in', user: user('guest') });
    serve({
      '/api/v1/events': {
        items: [
          eventSummary(),
          eventSummary({ id: '64b7f0c2a1b2c3d4e5f60719', title: '闭门对接会', registrationMode: 'invite' }),
        ],
        nextCursor: null,
      },
    });
    render(<IndexPage />);
    expect(await screen.findByText('2026 年度金属新材料联盟年会')).toBeInTheDocument();
    expect(screen.queryByText('闭门对接会')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '申请加入联盟' }));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/apply/index' });
  });

  it('should switch to the signed-in home right after signing in on 我的, without a tap', async () => {
    setSession({ status: 'signed-out', user: null });
    serve({
      '/api/v1/tasks': { items: [task()], nextCursor: null, counts },
      '/api/v1/events': { items: [], nextCursor: null },
    });
    render(<IndexPage />);
    expect(screen.getByText('如何加入联盟')).toBeInTheDocument();

    act(() => setSession({ status: 'signed-in', user: user('coordinator') }));

    expect(await screen.findByText('已逾期 2 项 · 今天到期 1 项')).toBeInTheDocument();
    expect(screen.queryByText('如何加入联盟')).toBeNull();
  });

  it('should show 正在登录 and no signed-out invitation before the launch sign-in answers', () => {
    setSession({ status: 'unknown', user: null });
    serve({});
    render(<IndexPage />);
    expect(screen.getByText('正在登录…')).toBeInTheDocument();
    expect(screen.queryByText(/登录后/)).toBeNull();
  });
});
