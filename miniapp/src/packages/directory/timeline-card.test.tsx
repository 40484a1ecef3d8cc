import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { taroResponse } from '../../../test/factories';
import { setSession } from '../../stores/session-store';
import type { TimelinePage } from '@alliance-hub/types';
import { interaction, timelineEntry } from '../interactions/test-support/interaction-factories';
import type { TimelineSearch } from '../../services/interactions';
import { TimelineCard } from './timeline-card';

describe('TimelineCard', () => {
  it('should show entries with who and when and load the next page when 加载更多 is tapped', async () => {
    const load = jest.fn(async (search: TimelineSearch): Promise<TimelinePage> =>
      search.cursor
        ? {
            items: [
              timelineEntry({
                id: 'check_in:1',
                kind: 'check_in',
                summary: '签到：年会',
                by: null,
                note: null,
              }),
            ],
            nextCursor: null,
          }
        : { items: [timelineEntry()], nextCursor: 'page-2' },
    );
    render(<TimelineCard load={load} emptyHint="点上方「记一笔」" />);

    expect(await screen.findByText('走访')).toBeInTheDocument();
    expect(screen.getByText('赵志远（华东金属材料研究院）')).toBeInTheDocument();
    expect(screen.getByText('2026-12-01 10:00')).toBeInTheDocument();
    expect(screen.getByText('记录人：白衬衫·李明')).toBeInTheDocument();

    fireEvent.click(screen.getByText('加载更多'));
    expect(await screen.findByText('签到：年会')).toBeInTheDocument();
    expect(load).toHaveBeenLastCalledWith({ kinds: [], cursor: 'page-2', limit: 20 });
    expect(screen.getByText('没有更多了')).toBeInTheDocument();
  });

  it('should say what to do next when the timeline is empty', async () => {
    render(
      <TimelineCard
        load={async () => ({ items: [], nextCursor: null })}
        emptyHint="点上方「记一笔」记录第一次联系"
      />,
    );
    expect(await screen.findByText('还没有动态')).toBeInTheDocument();
    expect(screen.getByText('点上方「记一笔」记录第一次联系')).toBeInTheDocument();
  });

  it('should offer a retry with the server message when loading fails', async () => {
    const load = jest
      .fn()
      .mockRejectedValueOnce(new Error('没有权限查看'))
      .mockResolvedValue({ items: [], nextCursor: null });
    render(<TimelineCard load={load} emptyHint="" />);
    fireEvent.click(await screen.findByText('没有权限查看，点此重试'));
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  it('should link a name typed outside the directory on my own log to the person I pick', async () => {
    setSession({
      status: 'signed-in',
      user: {
        id: 'f'.repeat(24),
        displayName: '白衬衫·李明',
        role: 'coordinator',
        status: 'active',
        person: null,
        organization: null,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    });
    const entry = timelineEntry({
      who: [
        { personId: 'b'.repeat(24), name: '赵志远', organization: '华东金属材料研究院' },
        { personId: null, name: '孙工', organization: '某研究所' },
      ],
    });
    const patches: Array<{ url: string; data: unknown; header?: Record<string, string> }> = [];
    (Taro.request as unknown as jest.Mock).mockImplementation(
      (call: { url: string; method: string; data: unknown; header?: Record<string, string> }) => {
        const url = new URL(call.url, 'http://x');
        if (url.pathname === '/api/v1/people')
          return Promise.resolve(
            taroResponse(200, {
              items: [
                {
                  id: 'c'.repeat(24),
                  name: '孙立新',
                  title: '高工',
                  organization: { id: 'd'.repeat(24), name: '金属研究所', kind: 'institute' },
                  expertise: [],
                },
              ],
              nextCursor: null,
            }),
          );
        if (call.method === 'GET')
          return Promise.resolve(
            taroResponse(
              200,
              interaction({
                participants: {
                  people: [{ id: 'b'.repeat(24), name: '赵志远', organization: '华东金属材料研究院' }],
                  organizations: [{ id: 'e'.repeat(24), name: '华东金属材料研究院' }],
                  unlisted: [{ name: '孙工', organization: '某研究所' }],
                },
              }),
            ),
          );
        patches.push(call);
        return Promise.resolve(taroResponse(200, interaction()));
      },
    );
    const load = jest.fn(async (): Promise<TimelinePage> => ({ items: [entry], nextCursor: null }));
    render(<TimelineCard load={load} emptyHint="" />);

    fireEvent.click(await screen.findByText('关联名录：孙工'));
    fireEvent.click(await screen.findByRole('button', { name: '关联到 孙立新' }));

    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0].url).toMatch(new RegExp(`/api/v1/interactions/${'a'.repeat(24)}$`));
    expect(patches[0].data).toEqual({
      participants: {
        personIds: ['b'.repeat(24), 'c'.repeat(24)],
        orgIds: ['e'.repeat(24)],
        unlisted: [],
      },
    });
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });
});
