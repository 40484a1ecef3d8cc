import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MeView } from '@alliance-hub/types';
import { apiErrorBody, taroNetworkFailure, taroResponse } from '../../../test/factories';
import { orgSummary, personSummary } from '../../packages/directory/test-support/directory-factories';
import { pageHooks } from '../../packages/directory/test-support/taro-doubles';
import { resetFieldsCache } from '../../services/directory';
import { setSession } from '../../stores/session-store';
import { resetRememberedSearch } from './use-directory-search';
import DirectoryPage from './index';

jest.mock('@tarojs/taro', () =>
  jest.requireActual('../../packages/directory/test-support/taro-doubles').taroDouble(),
);
jest.mock('@tarojs/components', () =>
  jest.requireActual('../../packages/directory/test-support/taro-doubles').componentsDouble(),
);

const taroRequest = Taro.request as unknown as jest.Mock;

function me(role: MeView['role'] = 'member'): MeView {
  return {
    id: 'u1',
    displayName: '周晓燕',
    role,
    status: 'active',
    person: null,
    organization: null,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

type Answer = ReturnType<typeof taroResponse> | Error | { errMsg: string };

/** Answers by path; list answers are taken in order, the taxonomy always answers. */
function serve(lists: Answer[]) {
  const queue = [...lists];
  taroRequest.mockImplementation(async ({ url }: { url: string }) => {
    if (url.includes('/api/v1/fields')) return taroResponse(200, { items: [] });
    const next = queue.shift();
    if (!next) throw new Error(`unexpected request ${url}`);
    if ('errMsg' in next && !('statusCode' in next)) throw next;
    return next;
  });
}

const listCalls = () =>
  taroRequest.mock.calls.map((call) => call[0].url as string).filter((url) => !url.includes('/fields'));

describe('名录 (pages/directory)', () => {
  beforeEach(() => {
    resetRememberedSearch();
    resetFieldsCache();
    setSession({ status: 'signed-in', user: me() });
  });

  it('should show a skeleton while loading and then the organizations', async () => {
    let answer: (value: unknown) => void = () => undefined;
    taroRequest.mockImplementation(({ url }: { url: string }) =>
      url.includes('/fields')
        ? Promise.resolve(taroResponse(200, { items: [] }))
        : new Promise((resolve) => {
            answer = resolve;
          }),
    );
    render(<DirectoryPage />);
    expect(screen.getByRole('status', { name: '加载中' })).toBeInTheDocument();
    await act(async () => answer(taroResponse(200, { items: [orgSummary()], nextCursor: null })));
    expect(await screen.findByText('大庆华科新材料有限公司')).toBeInTheDocument();
    expect(screen.getByText('成员单位', { selector: '.ah-org-row__badge' })).toBeInTheDocument();
    expect(screen.getByText('没有更多了')).toBeInTheDocument();
  });

  it('should search after typing stops and say what to do next when nothing matches', async () => {
    serve([
      taroResponse(200, { items: [orgSummary()], nextCursor: null }),
      taroResponse(200, { items: [], nextCursor: null }),
    ]);
    render(<DirectoryPage />);
    await screen.findByText('大庆华科新材料有限公司');
    fireEvent.change(screen.getByLabelText('你想找哪个高校科研院所？'), { target: { value: '石墨烯' } });

    expect(await screen.findByText('没有找到与“石墨烯”相关的单位')).toBeInTheDocument();
    expect(screen.getByText(/换个关键词试试/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '清除搜索' })).toBeInTheDocument();
    expect(listCalls()[1]).toContain(`q=${encodeURIComponent('石墨烯')}`);
  });

  it('should offer 清除筛选 when a filter leaves nothing, and list everything again after it', async () => {
    serve([
      taroResponse(200, { items: [orgSummary()], nextCursor: null }),
      taroResponse(200, { items: [], nextCursor: null }),
      taroResponse(200, { items: [orgSummary()], nextCursor: null }),
    ]);
    render(<DirectoryPage />);
    await screen.findByText('大庆华科新材料有限公司');
    fireEvent.change(screen.getByLabelText('类型'), { target: { value: '3' } });

    expect(await screen.findByText('没有符合条件的单位')).toBeInTheDocument();
    expect(listCalls()[1]).toContain('kind=institute');
    fireEvent.click(screen.getAllByRole('button', { name: '清除筛选' }).at(-1)!);
    expect(await screen.findByText('大庆华科新材料有限公司')).toBeInTheDocument();
    expect(listCalls()[2]).not.toContain('kind=');
  });

  it('should show the error with 重试 when the list fails, and the results after retrying', async () => {
    serve([taroNetworkFailure(), taroResponse(200, { items: [orgSummary()], nextCursor: null })]);
    render(<DirectoryPage />);
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('大庆华科新材料有限公司')).toBeInTheDocument();
  });

  it('should load the next page with the cursor when the user reaches the bottom', async () => {
    serve([
      taroResponse(200, { items: [orgSummary({ name: '哈尔滨工业大学' })], nextCursor: 'page2' }),
      taroResponse(200, { items: [orgSummary({ name: '东北林业大学' })], nextCursor: null }),
    ]);
    render(<DirectoryPage />);
    await screen.findByText('哈尔滨工业大学');
    expect(screen.queryByText('没有更多了')).not.toBeInTheDocument();

    await act(async () => pageHooks.reachBottom?.());
    expect(await screen.findByText('东北林业大学')).toBeInTheDocument();
    expect(screen.getByText('哈尔滨工业大学')).toBeInTheDocument();
    expect(screen.getByText('没有更多了')).toBeInTheDocument();
    expect(listCalls()[1]).toContain('cursor=page2');
  });

  it('should list people with their organization and expertise when 专家 is chosen', async () => {
    serve([
      taroResponse(200, { items: [orgSummary()], nextCursor: null }),
      taroResponse(200, { items: [personSummary()], nextCursor: null }),
    ]);
    render(<DirectoryPage />);
    await screen.findByText('大庆华科新材料有限公司');
    fireEvent.click(screen.getByRole('tab', { name: '专家' }));

    expect(await screen.findByText('王立群')).toBeInTheDocument();
    expect(screen.getByText('哈尔滨工业大学')).toBeInTheDocument();
    expect(screen.getByText('焊接')).toBeInTheDocument();
    expect(listCalls()[1]).toMatch(/\/api\/v1\/people\?limit=20$/);
    fireEvent.click(screen.getByText('王立群'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: expect.stringMatching(/^\/packages\/directory\/person\/index\?id=/),
    });
  });

  it('should ask to sign in, without calling the API, when signed out', () => {
    setSession({ status: 'signed-out', user: null });
    render(<DirectoryPage />);
    expect(screen.getByText('请先登录')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '去登录' }));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
    expect(taroRequest).not.toHaveBeenCalled();
  });

  it('should ask to sign in when the API answers 401', async () => {
    serve([taroResponse(401, apiErrorBody('UNAUTHENTICATED', '请先登录'))]);
    render(<DirectoryPage />);
    expect(await screen.findByRole('button', { name: '去登录' })).toBeInTheDocument();
  });

  it('should show 批量导入 to the secretariat only', async () => {
    serve([taroResponse(200, { items: [], nextCursor: null })]);
    const { unmount } = render(<DirectoryPage />);
    await waitFor(() => expect(listCalls()).toHaveLength(1));
    expect(screen.queryByRole('button', { name: '批量导入' })).not.toBeInTheDocument();
    unmount();

    setSession({ status: 'signed-in', user: me('secretariat') });
    serve([taroResponse(200, { items: [], nextCursor: null })]);
    render(<DirectoryPage />);
    expect(screen.getByRole('button', { name: '批量导入' })).toBeInTheDocument();
  });
});
