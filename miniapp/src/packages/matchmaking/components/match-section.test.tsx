import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MatchListView, MatchResultView } from '@alliance-hub/types';
import { taroResponse } from '../../../../test/factories';
import { MatchSection } from './match-section';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const DEMAND = 'a'.repeat(24);

const result = (id: string, title: string, band: MatchResultView['band']): MatchResultView => ({
  kind: 'achievement',
  id,
  title,
  subtitle: '北方理工大学',
  organizationId: 'b'.repeat(24),
  score: band === 'strong' ? 0.82 : 0.4,
  band,
  explanation: {
    terms: [{ term: '锂离子电池', synonyms: ['锂电'], via: null }],
    subject: { title: { text: '锂电正极', spans: [{ start: 0, end: 2 }] }, text: { text: '', spans: [] } },
    target: {
      title: { text: title, spans: [] },
      text: { text: '锂离子电池正极材料', spans: [{ start: 0, end: 5 }] },
    },
    sharedFields: [{ code: 'new_energy', label: '新能源' }],
    maturity: { fit: 'fit', required: 'small_batch', offered: 'industrialised' },
    region: { same: true, province: '黑龙江省' },
    earlierContact: ['interaction'],
  },
});

const list = (results: MatchResultView[], hint: string | null = null): MatchListView => ({
  subject: { kind: 'demand', id: DEMAND, title: '锂电正极' },
  results,
  hint,
  dismissedCount: 0,
  canGiveFeedback: true,
});

describe('匹配推荐 (MatchSection)', () => {
  it('should show each result with its band, terms with synonyms, fit and 曾有接触', async () => {
    taroRequest.mockResolvedValue(
      taroResponse(200, list([result('c'.repeat(24), '高镍正极材料', 'strong')])),
    );
    render(<MatchSection kind="demand" id={DEMAND} />);
    expect(await screen.findByText('高镍正极材料')).toBeInTheDocument();
    expect(screen.getByText('高度匹配 82')).toBeInTheDocument();
    expect(screen.getByText('锂离子电池（锂电）')).toBeInTheDocument();
    expect(screen.getByText('曾有接触：有往来记录')).toBeInTheDocument();
    expect(screen.getByText(/同属新能源 · 成熟度符合需求（已产业化） · 同在黑龙江省/)).toBeInTheDocument();
  });

  it('should show the hint to broaden when nothing is strong', async () => {
    taroRequest.mockResolvedValue(
      taroResponse(200, list([result('c'.repeat(24), '弱相关成果', 'weak')], '暂无高度匹配的结果。')),
    );
    render(<MatchSection kind="demand" id={DEMAND} />);
    expect(await screen.findByText('暂无高度匹配的结果。')).toBeInTheDocument();
  });

  it('should send 不合适 with the chosen reason and drop the result from the list', async () => {
    const id = 'c'.repeat(24);
    Object.assign(Taro, { showActionSheet: jest.fn(() => Promise.resolve({ tapIndex: 2 })) });
    taroRequest.mockImplementation(async (call: { method?: string }) =>
      call.method === 'POST'
        ? taroResponse(200, {
            id: 'd'.repeat(24),
            targetKind: 'achievement',
            targetId: id,
            verdict: 'dismissed',
            reason: 'not_our_field',
            note: null,
            intentId: null,
            createdAt: new Date().toISOString(),
          })
        : taroResponse(200, list([result(id, '高镍正极材料', 'strong')])),
    );
    render(<MatchSection kind="demand" id={DEMAND} />);
    fireEvent.click(await screen.findByRole('button', { name: '不合适' }));
    await waitFor(() => expect(screen.queryByText('高镍正极材料')).toBeNull());
    const post = taroRequest.mock.calls.map((c) => c[0]).find((c) => c.method === 'POST');
    expect(post.url).toContain(`/api/v1/demands/${DEMAND}/matches/feedback`);
    expect(post.data).toEqual({
      targetKind: 'achievement',
      targetId: id,
      verdict: 'dismissed',
      reason: 'not_our_field',
    });
  });

  it('should link a result that already led to an intent to its page with 查看意向', async () => {
    const id = 'c'.repeat(24);
    const intentId = 'e'.repeat(24);
    const navigateTo = jest.fn(() => Promise.resolve());
    Object.assign(Taro, { navigateTo });
    taroRequest.mockImplementation(async (call: { url: string }) =>
      call.url.includes('/api/v1/intents/from-matches')
        ? taroResponse(200, {
            items: [{ targetKind: 'achievement', targetId: id, intentId, stage: 'intent', status: 'active' }],
          })
        : taroResponse(
            200,
            list([result(id, '高镍正极材料', 'strong'), result('f'.repeat(24), '磷酸铁锂', 'possible')]),
          ),
    );
    render(<MatchSection kind="demand" id={DEMAND} />);
    fireEvent.click(await screen.findByText('查看意向'));
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/intents/detail/index?id=${intentId}` });
    // Only that result: the other still offers 已对接.
    expect(screen.getAllByText('查看意向')).toHaveLength(1);
    expect(screen.getAllByText('已对接')).toHaveLength(2);
  });
});
