import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { IntentBoardColumn, IntentStage, IntentSummaryView } from '@alliance-hub/types';
import { apiErrorBody, taroResponse } from '../../../../test/factories';
import { setSession } from '../../../stores/session-store';
import { intentSummary, intentView } from '../test-support/intent-factories';
import IntentBoardPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
type Call = { url: string; method: string; data?: Record<string, unknown> };

const STAGES: IntentStage[] = ['lead', 'intent', 'negotiating', 'signed', 'executing', 'industrialised'];
const column = (stage: IntentStage, items: IntentSummaryView[]): IntentBoardColumn => ({
  stage,
  count: items.length,
  amountTotal: 0,
  staleCount: items.filter((i) => i.stale).length,
  items,
  nextCursor: null,
});

function signInCoordinator() {
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
}

function serve(cards: IntentSummaryView[], stage: (call: Call) => unknown) {
  const calls: Call[] = [];
  taroRequest.mockImplementation((call: Call) => {
    calls.push(call);
    const path = new URL(call.url, 'http://x').pathname;
    if (path === '/api/v1/intents/board')
      return Promise.resolve(
        taroResponse(200, {
          columns: STAGES.map((s) =>
            column(
              s,
              cards.filter((c) => c.stage === s),
            ),
          ),
        }),
      );
    if (path.endsWith('/stage')) return Promise.resolve(stage(call));
    if (path === '/api/v1/users/staff') return Promise.resolve(taroResponse(200, { items: [] }));
    if (path === '/api/v1/fields') return Promise.resolve(taroResponse(200, { items: [] }));
    return Promise.resolve(taroResponse(404, apiErrorBody('NOT_FOUND', '没有')));
  });
  return calls;
}

const columnOf = (stage: string) => document.querySelector(`[data-column="${stage}"]`) as HTMLElement;

describe('意向看板 (packages/intents/board)', () => {
  beforeEach(signInCoordinator);

  it('should show each stage column with its count and the stale badge', async () => {
    serve(
      [intentSummary({ id: 'a'.repeat(24), stage: 'negotiating', stale: true, topic: '激光熔覆修复' })],
      () => null,
    );
    render(<IntentBoardPage />);
    await screen.findByText('激光熔覆修复');
    expect(within(columnOf('negotiating')).getByText('1 久未跟进')).toBeTruthy();
    expect(within(columnOf('signed')).queryByText('激光熔覆修复')).toBeNull();
  });

  it('should put the card where the other writer left it and say so when the move answers 409', async () => {
    const mine = intentSummary({
      id: 'b'.repeat(24),
      stage: 'negotiating',
      topic: '镁合金微弧氧化',
      version: 3,
    });
    const theirs = intentView({
      ...mine,
      stage: 'intent',
      version: 4,
      owner: { id: 'u2', displayName: '白衬衫·陈静' },
    });
    const calls = serve([mine], () =>
      taroResponse(409, apiErrorBody('CONFLICT', '已被其他人修改', { current: theirs })),
    );
    render(<IntentBoardPage />);
    await screen.findByText('镁合金微弧氧化');
    fireEvent.click(within(columnOf('negotiating')).getByLabelText('变更阶段'));
    fireEvent.click(within(screen.getByRole('dialog')).getByText('执行'));
    fireEvent.click(screen.getByText('技术服务'));
    fireEvent.change(screen.getByLabelText('成交额（万元）'), { target: { value: '30' } });
    fireEvent.click(screen.getByText('确认变更'));
    await screen.findByText('这条意向刚被其他人改过，你的变更没有保存');
    expect(screen.getByRole('alert').textContent).toContain('现在是「意向」，负责人 白衬衫·陈静');
    expect(within(columnOf('intent')).getByText('镁合金微弧氧化')).toBeTruthy();
    expect(within(columnOf('negotiating')).queryByText('镁合金微弧氧化')).toBeNull();
    const move = calls.find((c) => c.url.endsWith('/stage'));
    expect(move?.data).toMatchObject({
      version: 3,
      to: 'executing',
      contract: { type: 'service', amount: 30 },
    });
  });

  it('should move the card to its new column when the move is saved', async () => {
    const card = intentSummary({ id: 'c'.repeat(24), stage: 'lead', topic: '石墨提纯', version: 1 });
    serve([card], () => taroResponse(200, intentView({ ...card, stage: 'intent', version: 2 })));
    render(<IntentBoardPage />);
    await screen.findByText('石墨提纯');
    fireEvent.click(within(columnOf('lead')).getByLabelText('变更阶段'));
    fireEvent.click(within(screen.getByRole('dialog')).getByText('意向'));
    fireEvent.click(screen.getByText('确认变更'));
    await waitFor(() => expect(within(columnOf('intent')).getByText('石墨提纯')).toBeTruthy());
    expect(within(columnOf('lead')).queryByText('石墨提纯')).toBeNull();
  });
});
