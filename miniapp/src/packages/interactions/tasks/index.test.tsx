import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../../../test/factories';
import { resetOutbox } from '../../../offline';
import { setSession } from '../../../stores/session-store';
import { task } from '../test-support/interaction-factories';
import TasksPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
type Call = { url: string; method: string; data?: { version?: number } };
const counts = { overdue: 0, today: 1, this_week: 0, later: 0 };

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

const lead = {
  id: '9'.repeat(24),
  event: { id: '8'.repeat(24), title: '轻合金成果路演' },
  item: {
    kind: 'achievement',
    id: '7'.repeat(24),
    title: '铝锂合金熔铸技术',
    owner: { id: '6'.repeat(24), name: '哈工大' },
  },
  person: { id: '5'.repeat(24), name: '王强', title: '总工' },
  organization: { id: '4'.repeat(24), name: '东北轻合金', kind: 'enterprise' },
  note: '想了解量产成本',
  handled: false,
  handledAt: null,
  handledBy: null,
  createdAt: '2026-12-01T02:00:00.000Z',
};

/** Routes by path; `complete` answers POST …/complete. */
function serve(
  items: ReturnType<typeof task>[],
  complete: (call: Call) => unknown,
  leads: { open: (typeof lead)[]; handled: Call[] } = { open: [], handled: [] },
) {
  taroRequest.mockImplementation((call: Call) => {
    const path = new URL(call.url, 'http://x').pathname;
    if (path === '/api/v1/tasks/selections')
      return Promise.resolve(
        taroResponse(200, { items: leads.open, nextCursor: null, total: leads.open.length }),
      );
    if (path === '/api/v1/tasks/stale-intents') return Promise.resolve(taroResponse(200, { items: [] }));
    if (path.startsWith('/api/v1/events/')) {
      leads.handled.push(call);
      leads.open = [];
      return Promise.resolve(taroResponse(200, { ...lead, handled: true }));
    }
    if (path === '/api/v1/tasks')
      return Promise.resolve(taroResponse(200, { items, nextCursor: null, counts }));
    if (path === '/api/v1/users/staff') return Promise.resolve(taroResponse(200, { items: [] }));
    if (path === '/api/v1/me/reminders/read') return Promise.resolve(taroResponse(204, ''));
    if (path.endsWith('/complete')) return Promise.resolve(complete(call));
    return Promise.reject(new Error(`unexpected ${path}`));
  });
}

describe('我的待办 (packages/interactions/tasks)', () => {
  beforeEach(() => {
    resetOutbox();
    signInCoordinator();
  });

  it('should open on the first bucket with tasks and show each with its due time when loaded', async () => {
    serve([task({ bucket: 'today', dueAt: '2026-12-01T08:00:00.000Z' })], () => undefined);
    render(<TasksPage />);
    expect(await screen.findByText('寄送样品')).toBeInTheDocument();
    expect(screen.getByText('12月1日 16:00')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: '今天 1' })).toHaveAttribute('aria-selected', 'true'),
    );
  });

  it('should mark my reminders read when I open the list', async () => {
    serve([], () => undefined);
    render(<TasksPage />);
    await waitFor(() =>
      expect(taroRequest.mock.calls.map(([call]: [Call]) => call.url)).toContainEqual(
        expect.stringMatching(/\/api\/v1\/me\/reminders\/read$/),
      ),
    );
  });

  it('should show the other writer version and redo my completion on it only when I choose so', async () => {
    const mine = task({ bucket: 'today', version: 1 });
    const theirs = task({ bucket: 'today', version: 2, title: '寄送两份样品' });
    const versions: Array<number | undefined> = [];
    serve([mine], (call) => {
      versions.push(call.data?.version);
      return versions.length === 1
        ? taroResponse(
            409,
            apiErrorBody('CONFLICT', '这条待办刚被其他人修改过，请查看最新内容后再保存', { current: theirs }),
          )
        : taroResponse(200, { ...theirs, state: 'done', bucket: null, version: 3 });
    });
    render(<TasksPage />);
    fireEvent.click(await screen.findByRole('button', { name: '完成' }));
    fireEvent.click(screen.getByRole('button', { name: '确认完成' }));

    expect(await screen.findByText('这条待办刚被其他人修改过')).toBeInTheDocument();
    expect(screen.getByText('寄送两份样品')).toBeInTheDocument();
    expect(versions).toEqual([1]);

    fireEvent.click(screen.getByRole('button', { name: '在此基础上标记完成' }));
    await waitFor(() => expect(versions).toEqual([1, 2]));
  });

  it('should write nothing when I keep the other writer version', async () => {
    const versions: Array<number | undefined> = [];
    serve([task({ bucket: 'today', version: 1 })], (call) => {
      versions.push(call.data?.version);
      return taroResponse(
        409,
        apiErrorBody('CONFLICT', '冲突', { current: task({ version: 2, note: '对方的备注' }) }),
      );
    });
    render(<TasksPage />);
    fireEvent.click(await screen.findByRole('button', { name: '完成' }));
    fireEvent.click(screen.getByRole('button', { name: '确认完成' }));
    fireEvent.click(await screen.findByRole('button', { name: '保留对方的版本' }));

    await waitFor(() => expect(screen.queryByText('这条待办刚被其他人修改过')).not.toBeInTheDocument());
    expect(versions).toEqual([1]);
  });

  it('should say who the list is for when a member opens it', async () => {
    setSession({ status: 'signed-out', user: null });
    serve([], () => undefined);
    render(<TasksPage />);
    expect(await screen.findByText('我的待办供联盟工作人员使用')).toBeInTheDocument();
  });

  it('should list an unhandled 点菜 lead in its tab and mark it handled from there', async () => {
    const leads = { open: [lead], handled: [] as Call[] };
    serve([], () => undefined, leads);
    render(<TasksPage />);
    fireEvent.click(await screen.findByRole('tab', { name: '点菜线索 1' }));
    expect(await screen.findByText('科技成果：铝锂合金熔铸技术')).toBeInTheDocument();
    expect(screen.getByText(/王强 · 东北轻合金 在「轻合金成果路演」选择/)).toBeInTheDocument();
    fireEvent.click(screen.getByText('标记已处理'));
    await waitFor(() => expect(leads.handled).toHaveLength(1));
    expect(leads.handled[0].url).toMatch(/\/events\/8{24}\/selections\/9{24}$/);
    expect(await screen.findByText('没有待处理的点菜线索')).toBeInTheDocument();
  });
});
