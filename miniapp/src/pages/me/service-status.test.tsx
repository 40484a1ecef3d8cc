import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, healthView, taroNetworkFailure, taroResponse } from '../../../test/factories';
import { ServiceStatusLine } from './service-status';

const taroRequest = Taro.request as unknown as jest.Mock;

describe('服务状态 line on 我的 (staff)', () => {
  it('should show the state, version and database in one line', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, healthView()));
    render(<ServiceStatusLine />);
    expect(
      await screen.findByText('服务状态：运行正常 · 版本 0.1.0 · 内置数据库正常 · 2025-03-01 09:30:05'),
    ).toBeInTheDocument();
    expect(taroRequest.mock.calls[0][0].url).toMatch(/\/api\/v1\/health$/);
  });

  it('should flag a degraded server and a connecting external database', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        200,
        healthView({ status: 'degraded', database: { state: 'connecting', kind: 'external' } }),
      ),
    );
    render(<ServiceStatusLine />);
    expect(
      await screen.findByText(/^服务状态：部分功能受限 · 版本 0\.1\.0 · 外部数据库连接中/),
    ).toBeInTheDocument();
  });

  it('should say the server cannot be reached and check again when tapped', async () => {
    taroRequest
      .mockRejectedValueOnce(taroNetworkFailure())
      .mockResolvedValueOnce(taroResponse(503, apiErrorBody('SERVICE_UNAVAILABLE', '数据库暂时不可用')));
    render(<ServiceStatusLine />);
    fireEvent.click(await screen.findByText('服务状态：网络连接失败，请检查网络后重试，点此重试'));
    expect(await screen.findByText('服务状态：数据库暂时不可用，点此重试')).toBeInTheDocument();
  });
});
