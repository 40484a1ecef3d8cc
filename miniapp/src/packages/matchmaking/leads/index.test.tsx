import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MeView } from '@alliance-hub/types';
import { taroResponse, sentMethod } from '../../../../test/factories';
import { setSession } from '../../../stores/session-store';
import { selection } from '../test-support/publication-factories';
import { router } from '../test-support/taro-doubles';
import LeadsPage from './index';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const EVENT = 'd'.repeat(24);

const coordinator: MeView = {
  id: 'u9',
  displayName: '白衬衫·李明',
  role: 'coordinator',
  status: 'active',
  person: null,
  organization: null,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('对接线索 (packages/matchmaking/leads)', () => {
  beforeEach(() => {
    router.params = { eventId: EVENT };
    setSession({ status: 'signed-in', user: coordinator });
  });

  it('should list the unhandled ticks with who ticked and why, and drop one once marked handled', async () => {
    const first = selection();
    const second = selection({
      note: null,
      item: {
        kind: 'demand',
        id: 'a'.repeat(24),
        title: '精密铸造缺陷控制',
        owner: { id: 'e'.repeat(24), name: '东北轻合金' },
      },
    });
    taroRequest.mockImplementation(async (option: { method?: string; header?: Record<string, string> }) => {
      if (sentMethod(option) === 'PATCH')
        return taroResponse(200, {
          ...first,
          handled: true,
          handledBy: { id: 'u9', displayName: '白衬衫·李明' },
        });
      return taroResponse(200, { items: [first, second], nextCursor: null });
    });
    render(<LeadsPage />);
    expect(await screen.findByText('高强韧铝合金板材')).toBeInTheDocument();
    expect(screen.getByText('精密铸造缺陷控制')).toBeInTheDocument();
    expect(screen.getByText('“想了解量产成本”')).toBeInTheDocument();
    expect(screen.getAllByText('周晓燕 · 研发部经理')).toHaveLength(2);
    expect(taroRequest.mock.calls[0][0].url).toMatch(new RegExp(`/events/${EVENT}/selections\\?handled=no`));

    fireEvent.click(screen.getAllByRole('button', { name: '标记已处理' })[0]);
    await waitFor(() => expect(screen.queryByText('高强韧铝合金板材')).toBeNull());
    const patch = taroRequest.mock.calls.map((c) => c[0]).find((c) => sentMethod(c) === 'PATCH');
    expect(patch.url).toMatch(new RegExp(`/selections/${first.id}$`));
    expect(patch.data).toEqual({ handled: true });
    expect(screen.getByText('精密铸造缺陷控制')).toBeInTheDocument();
  });

  it('should say where leads come from when none are waiting', async () => {
    taroRequest.mockResolvedValue(taroResponse(200, { items: [], nextCursor: null }));
    render(<LeadsPage />);
    expect(await screen.findByText('没有待跟进的线索')).toBeInTheDocument();
    expect(screen.getByText(/参会代表在活动页勾选成果或需求后/)).toBeInTheDocument();
  });
  it('should list event-less 我感兴趣 leads without an event and mark them through /interests', async () => {
    router.params = {};
    const { event: _event, ...lead } = selection();
    taroRequest.mockImplementation(async (option: { method?: string; header?: Record<string, string> }) =>
      sentMethod(option) === 'PATCH'
        ? taroResponse(200, { ...lead, handled: true, handledBy: { id: 'u9', displayName: '白衬衫·李明' } })
        : taroResponse(200, { items: [lead], nextCursor: null }),
    );
    render(<LeadsPage />);
    expect(await screen.findByText('高强韧铝合金板材')).toBeInTheDocument();
    expect(taroRequest.mock.calls[0][0].url).toMatch(/\/api\/v1\/interests\?handled=no/);
    // No event, so nothing to turn into an intent from here.
    expect(screen.queryByRole('button', { name: '转为意向' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '标记已处理' }));
    await waitFor(() => expect(screen.queryByText('高强韧铝合金板材')).toBeNull());
    const patch = taroRequest.mock.calls.map((c) => c[0]).find((o) => sentMethod(o) === 'PATCH');
    expect(patch.url).toMatch(new RegExp(`/api/v1/interests/${lead.id}$`));
  });
});
