import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { taroResponse } from '../../../../test/factories';
import { resetFieldsCache } from '../../../services/directory';
import type { PublicationDetail } from '../publication-api';
import { achievementDetail, selection } from '../test-support/publication-factories';
import { router } from '../test-support/taro-doubles';
import { PublicationDetailView } from './index';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const EVENT = 'd'.repeat(24);
const writes = () =>
  taroRequest.mock.calls
    .map((c) => c[0] as { url: string; method?: string; data?: unknown })
    .filter((c) => c.method === 'POST' || c.method === 'PATCH');

function serve(write: (call: { url: string }) => unknown = () => taroResponse(500, {})) {
  taroRequest.mockImplementation(async (call: { url: string; method?: string }) =>
    call.url.includes('/api/v1/fields') ? taroResponse(200, { items: [] }) : write(call),
  );
}

describe('成果详情 (packages/matchmaking/detail)', () => {
  beforeEach(() => {
    resetFieldsCache();
    router.params = {};
  });

  it('should hide contact fields behind the privacy hint and show no interest counts to another member', () => {
    serve();
    render(
      <PublicationDetailView
        detail={{ kind: 'achievement', item: achievementDetail() }}
        replace={jest.fn()}
      />,
    );
    expect(screen.getByTestId('contacts-hidden')).toHaveTextContent('交换名片后可查看联系方式');
    expect(screen.queryByTestId('interest')).toBeNull();
    expect(screen.getByText('发明专利 ZL202110123456.7')).toBeInTheDocument();
    expect(screen.getByText('许可、合作开发')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '我感兴趣' })).toBeInTheDocument();
  });

  it('should tick the item at the event with the note when 我感兴趣 is used from an event', async () => {
    router.params = { eventId: EVENT };
    const item = achievementDetail();
    serve(() =>
      taroResponse(
        201,
        selection({ item: { kind: 'achievement', id: item.id, title: item.title, owner: item.owner } }),
      ),
    );
    render(<PublicationDetailView detail={{ kind: 'achievement', item }} replace={jest.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '我感兴趣' }));
    fireEvent.change(screen.getByLabelText('想了解什么（选填）'), { target: { value: '想了解量产成本' } });
    fireEvent.click(screen.getByRole('button', { name: '登记意向' }));
    await screen.findByRole('button', { name: '已登记意向' });
    expect(writes()[0].url).toMatch(new RegExp(`/api/v1/events/${EVENT}/selections$`));
    expect(writes()[0].data).toEqual({ itemKind: 'achievement', itemId: item.id, note: '想了解量产成本' });
  });

  it('should register an event-less lead with the note when 我感兴趣 is used outside an event', async () => {
    const item = achievementDetail();
    const { event: _event, ...lead } = selection({
      item: { kind: 'achievement', id: item.id, title: item.title, owner: item.owner },
    });
    taroRequest.mockImplementation(async (call: { url: string; method?: string }) => {
      if (call.url.includes('/api/v1/fields')) return taroResponse(200, { items: [] });
      // Not interested yet: the check on opening finds nothing.
      if (call.url.includes('/api/v1/interests')) return taroResponse(200, { items: [], nextCursor: null });
      return taroResponse(201, lead);
    });
    render(<PublicationDetailView detail={{ kind: 'achievement', item }} replace={jest.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '我感兴趣' }));
    fireEvent.change(screen.getByLabelText('想了解什么（选填）'), { target: { value: '想了解量产成本' } });
    fireEvent.click(screen.getByRole('button', { name: '登记意向' }));
    await screen.findByRole('button', { name: '已登记意向' });
    expect(writes()[0].url).toMatch(new RegExp(`/api/v1/achievements/${item.id}/interest$`));
    expect(writes()[0].data).toEqual({ note: '想了解量产成本' });
  });

  it('should show 已登记意向 on opening when I expressed interest before', async () => {
    const item = achievementDetail();
    const { event: _event, ...lead } = selection();
    taroRequest.mockImplementation(async (call: { url: string }) =>
      call.url.includes('/api/v1/interests')
        ? taroResponse(200, { items: [lead], nextCursor: null })
        : taroResponse(200, { items: [] }),
    );
    render(<PublicationDetailView detail={{ kind: 'achievement', item }} replace={jest.fn()} />);
    await screen.findByRole('button', { name: '已登记意向' });
  });

  it('should show the owner the interest counts and the rejection reason', () => {
    serve();
    const item = achievementDetail({
      status: 'rejected',
      interest: { views: 12, selections: 3 },
      review: {
        submittedAt: null,
        reviewedAt: '2026-11-02T02:00:00.000Z',
        reviewer: null,
        rejectionReason: '请补充专利号',
      },
      permissions: { canEdit: true, canSubmit: true, canReview: false, canArchive: false },
    });
    render(<PublicationDetailView detail={{ kind: 'achievement', item }} replace={jest.fn()} />);
    expect(screen.getByTestId('interest')).toHaveTextContent('12');
    expect(screen.getByTestId('interest')).toHaveTextContent('3');
    expect(screen.getByText('未通过原因：请补充专利号')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '提交审核' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '我感兴趣' })).toBeNull();
  });

  it('should refuse a one-character reason and then reject with the reason when staff review', async () => {
    const item = achievementDetail({
      status: 'pending',
      permissions: { canEdit: true, canSubmit: false, canReview: true, canArchive: true },
    });
    const replace = jest.fn();
    serve(() => taroResponse(200, { ...item, status: 'rejected' }));
    render(<PublicationDetailView detail={{ kind: 'achievement', item }} replace={replace} />);
    fireEvent.click(screen.getByRole('button', { name: '驳回' }));
    const dialog = screen.getByRole('dialog', { name: '驳回' });
    fireEvent.change(screen.getByLabelText('驳回原因'), { target: { value: '差' } });
    fireEvent.click(dialog.querySelector('button:last-child')!);
    expect(await screen.findByText(/至少/)).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('驳回原因'), { target: { value: '请补充专利号' } });
    fireEvent.click(dialog.querySelector('button:last-child')!);
    await waitFor(() => expect(replace).toHaveBeenCalled());
    expect(writes()[0].url).toMatch(new RegExp(`/api/v1/achievements/${item.id}/reject$`));
    expect(writes()[0].data).toEqual({ reason: '请补充专利号' });
    expect((replace.mock.calls[0][0] as PublicationDetail).item.status).toBe('rejected');
  });
});
