import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../../../test/factories';
import { routerParams } from '../../../../test/mocks/taro';
import { EVENT_ID, registration } from '../test-support/event-factories';
import AttendeesPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
const PENDING = registration({ id: '64b7f0c2a1b2c3d4e5f60802', status: 'pending', entryCode: null });

function serve(decision: (url: string) => unknown) {
  taroRequest.mockImplementation((options: { url: string }) => {
    const path = new URL(options.url, 'http://x').pathname;
    if (path.endsWith('/attendees'))
      return Promise.resolve(taroResponse(200, { items: [PENDING], nextCursor: null }));
    if (/\/registrations\/[^/]+\/(approve|reject)$/.test(path)) return Promise.resolve(decision(path));
    return Promise.reject(new Error(`unexpected ${path}`));
  });
}

describe('参会名单 · 审核 (packages/events/attendees)', () => {
  beforeEach(() => {
    routerParams.id = EVENT_ID;
  });

  it('should approve a pending registration after a confirm and update the row', async () => {
    serve(() => taroResponse(200, { ...PENDING, status: 'registered' }));
    render(<AttendeesPage />);

    fireEvent.click(await screen.findByRole('button', { name: '通过' }));

    await waitFor(() => expect(screen.queryByRole('button', { name: '通过' })).not.toBeInTheDocument());
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '通过报名' }));
    const row = document.querySelector(`[data-registration="${PENDING.id}"]`) as HTMLElement;
    expect(within(row).getByText('未签到')).toBeInTheDocument();
    const sent = taroRequest.mock.calls.find(([o]) => o.url.endsWith('/approve'))[0];
    expect(sent.url).toContain(`/events/${EVENT_ID}/registrations/${PENDING.id}/approve`);
    expect(sent.method).toBe('POST');
  });

  it("should keep the row and show the server's message when rejecting fails", async () => {
    serve(() => taroResponse(403, apiErrorBody('FORBIDDEN', '只有本活动的工作人员可以审核')));
    render(<AttendeesPage />);

    fireEvent.click(await screen.findByRole('button', { name: '拒绝' }));

    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith({ title: '只有本活动的工作人员可以审核', icon: 'none' }),
    );
    expect(screen.getByRole('button', { name: '拒绝' })).toBeInTheDocument();
  });

  it('should do nothing when the confirm is cancelled', async () => {
    serve(() => taroResponse(200, { ...PENDING, status: 'rejected' }));
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<AttendeesPage />);

    fireEvent.click(await screen.findByRole('button', { name: '拒绝' }));

    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled());
    expect(taroRequest.mock.calls.some(([o]) => o.url.endsWith('/reject'))).toBe(false);
  });
});
