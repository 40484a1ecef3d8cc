import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { TimelinePage } from '@alliance-hub/types';
import { timelineEntry } from '../interactions/test-support/interaction-factories';
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
});
