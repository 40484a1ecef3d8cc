import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MeView } from '@alliance-hub/types';
import { taroResponse } from '../../../test/factories';
import { achievementItem, demandItem } from '../../packages/matchmaking/test-support/publication-factories';
import { resetFieldsCache } from '../../services/directory';
import { setSession } from '../../stores/session-store';
import MatchmakingPage from './index';

jest.mock('@tarojs/taro', () =>
  jest.requireActual('../../packages/directory/test-support/taro-doubles').taroDouble(),
);
jest.mock('@tarojs/components', () =>
  jest.requireActual('../../packages/directory/test-support/taro-doubles').componentsDouble(),
);

const taroRequest = Taro.request as unknown as jest.Mock;

function me(role: MeView['role'] = 'member'): MeView {
  return {
    id: 'u1',
    displayName: '周晓燕',
    role,
    status: 'active',
    person: null,
    organization: { id: 'e'.repeat(24), name: '东北轻合金有限责任公司', kind: 'enterprise' },
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

/**
 * Answers list calls in order; the taxonomy always answers with two fields, and 为你推荐 (shown
 * to members) with nothing to go on, so it stays out of the list calls' order.
 */
function serve(...pages: Array<{ items: unknown[]; nextCursor: string | null }>) {
  const queue = [...pages];
  taroRequest.mockImplementation(async ({ url }: { url: string }) => {
    if (url.includes('/api/v1/matching/recommendations'))
      return taroResponse(200, { kind: null, reason: null, items: [] });
    if (url.includes('/api/v1/fields'))
      return taroResponse(200, {
        items: [
          { code: 'light_alloys', label: '轻合金', builtIn: true },
          { code: 'superalloys', label: '高温合金', builtIn: true },
        ],
      });
    const next = queue.shift();
    if (!next) throw new Error(`unexpected request ${url}`);
    return taroResponse(200, next);
  });
}

const listUrls = () =>
  taroRequest.mock.calls
    .map((call) => call[0].url as string)
    .filter((url) => !url.includes('/fields') && !url.includes('/matching/recommendations'));

describe('对接 (pages/matchmaking)', () => {
  beforeEach(() => {
    resetFieldsCache();
    setSession({ status: 'signed-in', user: me() });
  });

  it('should show achievement cards with field chips and a maturity badge when the list loads', async () => {
    serve({ items: [achievementItem()], nextCursor: null });
    render(<MatchmakingPage />);
    const card = await screen.findByRole('link', { name: '高强韧铝合金板材短流程制备技术' });
    expect(card).toHaveTextContent('哈尔滨工业大学');
    expect(
      await screen.findByText('轻合金', { selector: '.ah-publication-card__field' }),
    ).toBeInTheDocument();
    expect(screen.getByText('中试阶段', { selector: '.ah-publication-card__badge' })).toBeInTheDocument();
    expect(screen.getByText('参考价 300 万元')).toBeInTheDocument();
    expect(screen.getByText('没有更多了')).toBeInTheDocument();
    fireEvent.click(card);
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: expect.stringMatching(/^\/packages\/matchmaking\/detail\/index\?kind=achievement&id=/),
    });
  });

  it('should list demands with their progress and budget when switching to 技术需求', async () => {
    serve({ items: [achievementItem()], nextCursor: null }, { items: [demandItem()], nextCursor: null });
    render(<MatchmakingPage />);
    await screen.findByText('高强韧铝合金板材短流程制备技术');
    fireEvent.click(screen.getByRole('tab', { name: '技术需求' }));
    expect(await screen.findByText('高温合金叶片精密铸造缺陷控制')).toBeInTheDocument();
    expect(screen.getByText('征集中', { selector: '.ah-publication-card__badge' })).toBeInTheDocument();
    expect(screen.getByText('预算 50–120 万元')).toBeInTheDocument();
    expect(listUrls().at(-1)).toMatch(/^\/api\/v1\/demands\?/);
  });

  it('should send the chosen maturity and load the next page when scrolled to the end', async () => {
    serve(
      { items: [achievementItem()], nextCursor: null },
      { items: [achievementItem({ title: '第一页成果' })], nextCursor: 'c2' },
      { items: [achievementItem({ title: '第二页成果' })], nextCursor: null },
    );
    render(<MatchmakingPage />);
    await screen.findByText('高强韧铝合金板材短流程制备技术');
    fireEvent.change(screen.getByLabelText('成熟度'), { target: { value: '2' } });
    await screen.findByText('第一页成果');
    expect(listUrls().at(-1)).toContain('maturity=pilot');
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('第二页成果')).toBeInTheDocument();
    expect(listUrls().at(-1)).toContain('cursor=c2');
  });

  it('should say what to do next when nothing is published yet', async () => {
    serve({ items: [], nextCursor: null });
    render(<MatchmakingPage />);
    expect(await screen.findByText('还没有已发布的成果')).toBeInTheDocument();
    expect(screen.getByText(/可点击「发布成果」填写/)).toBeInTheDocument();
    fireEvent.click(screen.getByText('发布成果', { selector: '.ah-empty__action' }));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/matchmaking/achievement-edit/index' });
  });

  it('should offer to clear the search when a query finds nothing', async () => {
    jest.useFakeTimers();
    try {
      serve({ items: [achievementItem()], nextCursor: null }, { items: [], nextCursor: null });
      render(<MatchmakingPage />);
      await act(async () => {
        await jest.runOnlyPendingTimersAsync();
      });
      fireEvent.change(screen.getByLabelText(/搜成果/), { target: { value: '石墨烯' } });
      await act(async () => {
        await jest.advanceTimersByTimeAsync(400);
      });
      await waitFor(() => expect(screen.getByText('没有找到与“石墨烯”相关的成果')).toBeInTheDocument());
      expect(screen.getByRole('button', { name: '清除搜索' })).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });
});
