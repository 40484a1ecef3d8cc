import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, healthView, taroNetworkFailure, taroResponse } from '../../../test/factories';
import IndexPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;

describe('首页 (pages/index)', () => {
  it('should show the server version, database state and Shanghai time', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, healthView()));
    render(<IndexPage />);

    expect(await screen.findByText('运行正常')).toBeInTheDocument();
    expect(screen.getByText('0.1.0')).toBeInTheDocument();
    expect(screen.getByText('正常（内置数据库）')).toBeInTheDocument();
    expect(screen.getByText('2025-03-01 09:30:05（北京时间）')).toBeInTheDocument();
    expect(taroRequest.mock.calls[0][0].url).toMatch(/\/api\/v1\/health$/);
  });

  it('should flag a degraded server and a connecting database', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        200,
        healthView({ status: 'degraded', database: { state: 'connecting', kind: 'external' } }),
      ),
    );
    render(<IndexPage />);
    expect(await screen.findByText('部分功能受限')).toBeInTheDocument();
    expect(screen.getByText('连接中（外部数据库）')).toBeInTheDocument();
  });

  it('should show a retry button when the server is unreachable', async () => {
    taroRequest.mockRejectedValueOnce(taroNetworkFailure());
    render(<IndexPage />);

    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
  });

  it('should show the server message when the server answers with an error', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(503, apiErrorBody('SERVICE_UNAVAILABLE', '数据库暂时不可用')),
    );
    render(<IndexPage />);
    expect(await screen.findByText('数据库暂时不可用')).toBeInTheDocument();
  });

  it('should load the health again and show it when 重试 is pressed', async () => {
    taroRequest
      .mockRejectedValueOnce(taroNetworkFailure())
      .mockResolvedValueOnce(taroResponse(200, healthView()));
    render(<IndexPage />);

    fireEvent.click(await screen.findByRole('button', { name: '重试' }));

    expect(await screen.findByText('运行正常')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重试' })).not.toBeInTheDocument();
    expect(taroRequest).toHaveBeenCalledTimes(2);
  });
});
