import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../test/factories';
import {
  achievementDetail,
  achievementItem,
  demandDetail,
} from '../packages/matchmaking/test-support/publication-factories';
import { ApiError } from '../utils/api-error';
import { achievementAction, createAchievement, listAchievements, rejectAchievement } from './achievements';
import { createDemand, listDemands } from './demands';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastCall = () => taroRequest.mock.calls.at(-1)[0] as { url: string; method: string; data?: unknown };
const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('services/achievements and services/demands', () => {
  it('should send only the chosen filters and mine=1 when listing my achievements', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [achievementItem()], nextCursor: 'n1' }));
    const page = await listAchievements({
      q: ' 铝合金 ',
      maturity: 'pilot',
      transferMode: '',
      mine: true,
      cursor: null,
    });
    expect(new URL(lastCall().url, 'http://x').pathname).toBe('/api/v1/achievements');
    expect(queryOf(lastCall().url)).toEqual({ q: '铝合金', maturity: 'pilot', mine: '1' });
    expect(page.items[0].maturity).toBe('pilot');
    expect(page.nextCursor).toBe('n1');
  });

  it('should leave mine out when it is false and pass the staff status filter when listing demands', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [], nextCursor: null }));
    await listDemands({ status: 'pending', mine: false, progress: '', cooperationMode: 'license' });
    expect(queryOf(lastCall().url)).toEqual({ status: 'pending', cooperationMode: 'license' });
  });

  it('should POST the body and parse the created detail when publishing', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(201, achievementDetail({ status: 'draft' })));
    const body = {
      title: '高强韧铝合金板材',
      summary: '铸轧一体化',
      fields: ['light_alloys'],
      maturity: 'pilot' as const,
      transferModes: ['license' as const],
    };
    const created = await createAchievement(body);
    expect(lastCall().method).toBe('POST');
    expect(lastCall().data).toEqual(body);
    expect(created.status).toBe('draft');
  });

  it('should POST to the action path when submitting, and send the reason when rejecting', async () => {
    const id = 'a'.repeat(24);
    taroRequest.mockResolvedValueOnce(taroResponse(200, achievementDetail({ status: 'pending' })));
    await achievementAction(id, 'submit');
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/achievements/${id}/submit$`));
    taroRequest.mockResolvedValueOnce(taroResponse(200, achievementDetail({ status: 'rejected' })));
    await rejectAchievement(id, '请补充专利号');
    expect(lastCall().url).toMatch(/\/reject$/);
    expect(lastCall().data).toEqual({ reason: '请补充专利号' });
  });

  it('should surface the server message and field details when a demand is refused with 400', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        400,
        apiErrorBody('VALIDATION_FAILED', '请求内容有误', [
          { path: 'body.budgetMinWan', message: '预算下限不能高于上限' },
        ]),
      ),
    );
    const failure = await createDemand({
      title: '精密铸造缺陷控制',
      description: '缩松',
      fields: ['superalloys'],
      cooperationModes: ['joint_research'],
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).details).toEqual([
      { path: 'body.budgetMinWan', message: '预算下限不能高于上限' },
    ]);
  });

  it('should reject with INVALID_RESPONSE when a detail does not match the contract', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { ...demandDetail(), progress: 'someday' }));
    const { getDemand } = await import('./demands');
    await expect(getDemand('e'.repeat(24))).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});
