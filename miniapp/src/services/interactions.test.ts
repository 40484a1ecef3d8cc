import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../test/factories';
import { interaction, timelineEntry } from '../packages/interactions/test-support/interaction-factories';
import { ApiError } from '../utils/api-error';
import {
  deleteInteraction,
  listInteractions,
  logInteraction,
  organizationTimeline,
  personTimeline,
} from './interactions';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastCall = () => taroRequest.mock.calls.at(-1)[0] as { url: string; method: string; data?: unknown };
const ORG = 'e'.repeat(24);

describe('services/interactions', () => {
  it('should POST the log with its client id and follow-up when logging an interaction', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(201, interaction({ followUpTaskId: '1'.repeat(24) })));
    const body = {
      clientId: 'c0123456789abcdef',
      type: 'visit' as const,
      participants: { orgIds: [ORG] },
      followUp: { title: '寄送样品', dueAt: '2026-12-03T02:00:00.000Z' },
    };
    const created = await logInteraction(body);
    expect(lastCall().url).toMatch(/\/api\/v1\/interactions$/);
    expect(lastCall().method).toBe('POST');
    expect(lastCall().data).toEqual(body);
    expect(created.followUpTaskId).toBe('1'.repeat(24));
  });

  it('should reject with the server message and field details when the log is invalid', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        400,
        apiErrorBody('VALIDATION', '请至少选择一位参与人或一个单位', [{ path: ['participants'] }]),
      ),
    );
    const failure = await logInteraction({
      clientId: 'c0123456789abcdef',
      type: 'call',
      participants: {},
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toBe('请至少选择一位参与人或一个单位');
  });

  it('should send only the filters given when listing interactions', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [interaction()], nextCursor: null }));
    await listInteractions({ orgId: ORG, mine: 'yes', cursor: null });
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/interactions\\?orgId=${ORG}&mine=yes$`));
  });

  it('should DELETE the entry when deleting an interaction', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(204, ''));
    await deleteInteraction('a'.repeat(24));
    expect(lastCall().method).toBe('DELETE');
    expect(lastCall().url).toMatch(/\/api\/v1\/interactions\/a{24}$/);
  });

  it('should send kinds as one comma list when filtering an organization timeline', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [timelineEntry()], nextCursor: 'next' }));
    const page = await organizationTimeline(ORG, { kinds: ['interaction', 'check_in'], cursor: 'abc' });
    expect(lastCall().url).toMatch(
      new RegExp(`/api/v1/organizations/${ORG}/timeline\\?kinds=interaction%2Ccheck_in&cursor=abc$`),
    );
    expect(page.nextCursor).toBe('next');
  });

  it('should leave kinds out when a person timeline asks for every kind', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [], nextCursor: null }));
    await personTimeline('b'.repeat(24), { kinds: [] });
    expect(lastCall().url).toMatch(/\/api\/v1\/people\/b{24}\/timeline$/);
  });
});
