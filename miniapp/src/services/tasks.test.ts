import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../test/factories';
import { task } from '../packages/interactions/test-support/interaction-factories';
import { ApiError } from '../utils/api-error';
import { completeTask, getBadges, listTasks, reassignTask, snoozeTask, updateTask } from './tasks';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastCall = () =>
  taroRequest.mock.calls.at(-1)[0] as {
    url: string;
    method: string;
    data?: unknown;
    header: Record<string, string>;
  };
const ID = '1'.repeat(24);
const counts = { overdue: 1, today: 0, this_week: 2, later: 0 };

describe('services/tasks', () => {
  it('should ask for one bucket of my tasks and return the counts when listing', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [task()], nextCursor: null, counts }));
    const page = await listTasks({ bucket: 'overdue', cursor: null });
    expect(lastCall().url).toMatch(/\/api\/v1\/tasks\?bucket=overdue$/);
    expect(page.counts.this_week).toBe(2);
  });

  it('should send the version seen when saving an edit', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, task({ title: '寄送两份样品', version: 2 })));
    await updateTask(ID, { version: 1, title: '寄送两份样品' });
    // wx.request has no PATCH: the request wrapper tunnels it as POST with the override header.
    expect(lastCall().header['X-HTTP-Method-Override']).toBe('PATCH');
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/tasks/${ID}$`));
    expect(lastCall().data).toEqual({ version: 1, title: '寄送两份样品' });
  });

  it('should reject with the current task in details when the version is stale', async () => {
    const current = task({ title: '别人改过的标题', version: 3 });
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        409,
        apiErrorBody('CONFLICT', '这条待办刚被其他人修改过，请查看最新内容后再保存', { current }),
      ),
    );
    const failure = (await snoozeTask(ID, { version: 1, until: '2026-12-05T01:00:00.000Z' }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(409);
    expect(failure.details).toEqual({ current });
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/tasks/${ID}/snooze$`));
  });

  it('should POST the logged interaction with the completion when completing with a log', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, task({ state: 'done', bucket: null })));
    const body = {
      version: 0,
      interaction: {
        clientId: 'c0123456789abcdef',
        type: 'call' as const,
        participants: { orgIds: ['e'.repeat(24)] },
      },
    };
    const done = await completeTask(ID, body);
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/tasks/${ID}/complete$`));
    expect(lastCall().data).toEqual(body);
    expect(done.state).toBe('done');
  });

  it('should POST the new owner when reassigning', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, task()));
    await reassignTask(ID, { version: 0, ownerUserId: 'f'.repeat(24) });
    expect(lastCall().url).toMatch(/\/reassign$/);
    expect(lastCall().data).toEqual({ version: 0, ownerUserId: 'f'.repeat(24) });
  });

  it('should read my badge counts when asked', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { tasksDue: 3, unreadReminders: 1 }));
    expect((await getBadges()).tasksDue).toBe(3);
    expect(lastCall().url).toMatch(/\/api\/v1\/me\/badges$/);
  });
});
