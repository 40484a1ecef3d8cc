import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroNetworkFailure, taroResponse } from '../../../../test/factories';
import { routerParams } from '../../../../test/mocks/taro';
import { appOutbox, resetNetworkStatus, resetOutbox } from '../../../offline';
import { interaction } from '../test-support/interaction-factories';
import QuickLogPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
const PERSON = 'b'.repeat(24);

function openFromPerson() {
  Object.assign(routerParams, { personId: PERSON, personName: '赵志远', orgName: '华东金属材料研究院' });
  render(<QuickLogPage />);
}

describe('记一笔 (packages/interactions/log)', () => {
  beforeEach(() => {
    for (const key of Object.keys(routerParams)) delete routerParams[key];
    resetOutbox();
    resetNetworkStatus(true);
  });

  it('should log a visit with the person prefilled in three taps when opened from a person page', async () => {
    taroRequest.mockResolvedValue(taroResponse(201, interaction()));
    openFromPerson();
    expect(screen.getByText('赵志远（华东金属材料研究院）')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: '走访' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    const sent = taroRequest.mock.calls[0][0] as {
      url: string;
      data: { type: string; participants: unknown };
    };
    expect(sent.url).toMatch(/\/api\/v1\/interactions$/);
    expect(sent.data).toMatchObject({ type: 'visit', participants: { personIds: [PERSON] } });
  });

  it('should queue the log with its follow-up in the outbox when the network is down', async () => {
    taroRequest.mockRejectedValue(taroNetworkFailure());
    openFromPerson();
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.input(screen.getByLabelText('下一步'), { target: { value: '寄送样品' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(appOutbox().count()).toBe(1));
    const [queued] = appOutbox().pending('interaction');
    expect(queued.payload).toMatchObject({ followUp: { title: '寄送样品' } });
    expect(queued.label).toBe('走访 · 赵志远');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，待同步' }));
  });

  it('should show the server message at the follow-up field when the server refuses it', async () => {
    taroRequest.mockResolvedValue(
      taroResponse(
        400,
        apiErrorBody('VALIDATION', '请检查输入', [
          { path: 'body.followUp.dueAt', message: '日期应在 2000–2099 年之间' },
        ]),
      ),
    );
    openFromPerson();
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.input(screen.getByLabelText('下一步'), { target: { value: '寄送样品' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('日期应在 2000–2099 年之间')).toBeInTheDocument();
    expect(appOutbox().count()).toBe(0);
    expect(Taro.navigateBack).not.toHaveBeenCalled();
  });

  it('should ask for the next step before sending when the follow-up is ticked but empty', async () => {
    openFromPerson();
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('请检查标红的项目')).toBeInTheDocument();
    expect(taroRequest).not.toHaveBeenCalled();
  });
});

describe('记一笔 with someone not in the directory', () => {
  beforeEach(() => {
    for (const key of Object.keys(routerParams)) delete routerParams[key];
    resetOutbox();
    resetNetworkStatus(true);
  });

  it('should send a typed name and organization as an unlisted participant when added and saved', async () => {
    taroRequest.mockResolvedValue(taroResponse(201, interaction()));
    render(<QuickLogPage />);
    fireEvent.input(screen.getByLabelText('名录外人员姓名'), { target: { value: '王工' } });
    fireEvent.input(screen.getByLabelText('所在单位'), { target: { value: '某铝业' } });
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    expect(screen.getByText('王工（某铝业）')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    const sent = taroRequest.mock.calls[0][0] as { data: { participants: unknown } };
    expect(sent.data.participants).toEqual({
      personIds: [],
      orgIds: [],
      unlisted: [{ name: '王工', organization: '某铝业' }],
    });
  });

  it('should drop a prefilled participant when its × is tapped', () => {
    Object.assign(routerParams, { personId: PERSON, personName: '赵志远' });
    render(<QuickLogPage />);
    fireEvent.click(screen.getByRole('button', { name: '移除 赵志远' }));
    expect(screen.queryByText('赵志远')).not.toBeInTheDocument();
  });

  it('should add a person and an organization found by the directory search, debounced into one search', async () => {
    const searched: string[] = [];
    taroRequest.mockImplementation((call: { url: string; data?: unknown }) => {
      const url = new URL(call.url, 'http://x');
      if (url.pathname === '/api/v1/people') {
        searched.push(url.searchParams.get('q') ?? '');
        return Promise.resolve(
          taroResponse(200, {
            items: [
              {
                id: 'c'.repeat(24),
                name: '王强',
                title: '总工',
                organization: { id: 'd'.repeat(24), name: '东北轻合金', kind: 'enterprise' },
                expertise: [],
              },
            ],
            nextCursor: null,
          }),
        );
      }
      if (url.pathname === '/api/v1/organizations') {
        return Promise.resolve(
          taroResponse(200, {
            items: [
              {
                id: 'd'.repeat(24),
                name: '东北轻合金',
                aliases: [],
                kind: 'enterprise',
                region: { province: '黑龙江省', city: '哈尔滨市' },
                fields: [],
                allianceRole: 'member',
                summary: null,
              },
            ],
            nextCursor: null,
          }),
        );
      }
      return Promise.resolve(taroResponse(201, interaction()));
    });
    render(<QuickLogPage />);
    const box = screen.getByLabelText('搜索名录中的人员或单位');
    fireEvent.input(box, { target: { value: '王' } });
    fireEvent.input(box, { target: { value: '王强' } });
    fireEvent.click(await screen.findByRole('button', { name: '添加 王强' }));
    fireEvent.click(screen.getByRole('button', { name: '添加 东北轻合金' }));
    expect(searched).toEqual(['王强']);
    expect(screen.getByText('王强（东北轻合金）')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    const saved = taroRequest.mock.calls
      .map(([call]) => call as { url: string; data: unknown })
      .find((c) => c.url.endsWith('/api/v1/interactions'));
    expect(saved?.data).toMatchObject({
      participants: { personIds: ['c'.repeat(24)], orgIds: ['d'.repeat(24)] },
    });
  });
});
