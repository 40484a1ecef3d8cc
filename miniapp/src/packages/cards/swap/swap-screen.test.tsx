import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../../../test/factories';
import { peekPendingSwap } from '../../../services/cards';
import { setSession } from '../../../stores/session-store';
import { contactView, meView, TOKEN } from '../card-factories';
import { SwapScreen } from './swap-screen';

const taroRequest = Taro.request as unknown as jest.Mock;
const redirectTo = jest.fn();
const switchTab = jest.fn();

describe('SwapScreen', () => {
  beforeEach(() => {
    Object.assign(Taro, { redirectTo, switchTab, navigateBack: jest.fn(), getCurrentPages: () => [{}] });
    act(() => setSession({ status: 'signed-in', user: meView() }));
  });

  const confirm = () => fireEvent.click(screen.getByText('交换名片'));

  it('should ask first, then show the other card with the shared fields, when and where', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { created: true, contact: contactView() }));
    render(<SwapScreen token={TOKEN} />);
    expect(screen.getByText('与对方交换名片？')).toBeInTheDocument();
    expect(taroRequest).not.toHaveBeenCalled();

    confirm();
    expect(await screen.findByText('已交换名片')).toBeInTheDocument();
    expect(screen.getByText('张工')).toBeInTheDocument();
    expect(screen.getByText('13800000001')).toBeInTheDocument();
    expect(screen.getByText('zhang_gong')).toBeInTheDocument();
    expect(screen.queryByText('邮箱')).not.toBeInTheDocument();
    expect(screen.getByText('2025-03-01 09:30 · 2025 年会')).toBeInTheDocument();
    expect(taroRequest.mock.calls[0][0]).toMatchObject({ method: 'POST', data: { token: TOKEN } });

    fireEvent.click(screen.getByText('查看联系人'));
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/cards/contacts/index' });
  });

  it('should say so when the two had already exchanged', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(200, { created: false, contact: contactView({ event: null }) }),
    );
    render(<SwapScreen token={TOKEN} />);
    confirm();
    expect(await screen.findByText('你们已交换过名片')).toBeInTheDocument();
    expect(screen.getByText('2025-03-01 09:30')).toBeInTheDocument();
  });

  it.each([
    [410, 'SWAP_TOKEN_EXPIRED', '名片码已过期'],
    [409, 'SWAP_TOKEN_USED', '这个名片码已被他人使用'],
  ])('should show the server message and ask for a fresh code on %i %s', async (status, code, message) => {
    taroRequest.mockResolvedValueOnce(taroResponse(status, apiErrorBody(code, message)));
    render(<SwapScreen token={TOKEN} />);
    confirm();
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByText(/自动换新码，请扫描新码/)).toBeInTheDocument();
    expect(screen.queryByText('重试')).not.toBeInTheDocument();
  });

  it('should explain scanning my own card without the refresh hint', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(400, apiErrorBody('VALIDATION_FAILED', '这是你自己的名片，请扫描对方的名片码')),
    );
    render(<SwapScreen token={TOKEN} />);
    confirm();
    expect(await screen.findByText('这是你自己的名片，请扫描对方的名片码')).toBeInTheDocument();
    expect(screen.queryByText(/自动换新码/)).not.toBeInTheDocument();
  });

  it('should offer a retry after a network failure', async () => {
    taroRequest
      .mockRejectedValueOnce({ errMsg: 'request:fail' })
      .mockResolvedValueOnce(taroResponse(200, { created: true, contact: contactView() }));
    render(<SwapScreen token={TOKEN} />);
    confirm();
    fireEvent.click(await screen.findByText('重试'));
    expect(await screen.findByText('已交换名片')).toBeInTheDocument();
  });

  it('should ask a signed-out visitor to sign in and keep the token for afterwards', () => {
    act(() => setSession({ status: 'signed-out', user: null }));
    render(<SwapScreen token={TOKEN} />);
    expect(screen.getByText('请先登录')).toBeInTheDocument();
    expect(peekPendingSwap()).toBe(TOKEN);
    fireEvent.click(screen.getByText('去登录'));
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
  });

  it('should explain a link without a token', () => {
    render(<SwapScreen token={null} />);
    expect(screen.getByText('名片链接不完整')).toBeInTheDocument();
  });
});
