import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MeView, Role } from '@alliance-hub/types';
import { taroResponse } from '../../../../test/factories';
import { routerParams } from '../../../../test/mocks/taro';
import { setSession } from '../../../stores/session-store';
import { eventSummary } from '../test-support/event-factories';
import EventListPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;

function signedIn(role: Role): void {
  const user: MeView = {
    id: '6b03161a793a0b987aa73da1',
    displayName: `${role}·测试`,
    role,
    status: 'active',
    person: null,
    organization: null,
    createdAt: '2025-03-01T01:30:05.000Z',
  };
  setSession({ status: 'signed-in', user });
}

/** Answers the list with one event whose title says whether staff=me was asked. */
function serveEvents(): void {
  taroRequest.mockImplementation((options: { url: string }) => {
    const url = new URL(options.url, 'http://x');
    if (url.pathname !== '/api/v1/events') return Promise.reject(new Error(`unexpected ${url.pathname}`));
    const mine = url.searchParams.get('staff') === 'me';
    return Promise.resolve(
      taroResponse(200, {
        items: [eventSummary({ title: mine ? '我负责的沙龙' : '全部活动里的年会' })],
        nextCursor: null,
      }),
    );
  });
}
const staffQueries = () =>
  taroRequest.mock.calls.map(([o]) => new URL(o.url, 'http://x').searchParams.get('staff'));

describe('活动 list (packages/events/list)', () => {
  afterEach(() => {
    delete routerParams.staff;
  });

  it('should keep a coordinator to the events they staff when 我负责的 is on, and back when off', async () => {
    signedIn('coordinator');
    serveEvents();
    render(<EventListPage />);
    expect(await screen.findByText('全部活动里的年会')).toBeInTheDocument();

    const chip = screen.getByRole('button', { name: '我负责的' });
    expect(chip).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(chip);
    expect(await screen.findByText('我负责的沙龙')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '我负责的' })).toHaveAttribute('aria-pressed', 'true');

    fireEvent.click(screen.getByRole('button', { name: '清除筛选' }));
    expect(await screen.findByText('全部活动里的年会')).toBeInTheDocument();
    expect(staffQueries()).toEqual([null, 'me', null]);
  });

  it('should open on 我负责的 when the address says ?staff=me (the home block’s 更多)', async () => {
    signedIn('coordinator');
    routerParams.staff = 'me';
    serveEvents();
    render(<EventListPage />);
    expect(await screen.findByText('我负责的沙龙')).toBeInTheDocument();
    expect(staffQueries()).toEqual(['me']);
  });

  it('should not offer 我负责的 to a member, who is never on an event’s staff', async () => {
    signedIn('member');
    routerParams.staff = 'me';
    serveEvents();
    render(<EventListPage />);
    expect(await screen.findByText('全部活动里的年会')).toBeInTheDocument();
    await waitFor(() => expect(staffQueries()).toEqual([null]));
    expect(screen.queryByRole('button', { name: '我负责的' })).toBeNull();
  });
});
