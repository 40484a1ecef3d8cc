import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../test/factories';
import { cardView, contactView, TOKEN } from '../packages/cards/card-factories';
import { ApiError } from '../utils/api-error';
import { setToken } from '../utils/session';
import {
  downloadSwapWxaCode,
  listContacts,
  peekPendingSwap,
  removeContact,
  requestCard,
  savePendingSwap,
  swapCards,
  takePendingSwap,
  updateMyCard,
} from './cards';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastCall = () => taroRequest.mock.calls.at(-1)[0] as { url: string; method: string; data: unknown };

describe('services/cards', () => {
  beforeEach(() => {
    process.env.TARO_APP_API_BASE = '';
    setToken('session-token');
  });

  it('should PUT my card and parse the CardView', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, cardView()));
    const card = await updateMyCard({ mobile: '13800000001', sharedFields: ['mobile'] });
    expect(card.name).toBe('张工');
    expect(lastCall()).toMatchObject({
      url: '/api/v1/me/card',
      method: 'PUT',
      data: { mobile: '13800000001', sharedFields: ['mobile'] },
    });
  });

  it('should reject with the server message and code when a swap token was already used', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(409, apiErrorBody('SWAP_TOKEN_USED', '这个名片码已被使用，请让对方刷新后再扫')),
    );
    const error = await swapCards(TOKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'SWAP_TOKEN_USED',
      message: expect.stringMatching(/刷新/),
    });
    expect(lastCall()).toMatchObject({ url: '/api/v1/cards/swap', method: 'POST', data: { token: TOKEN } });
  });

  it('should reject a swap answer that does not match SwapResultView', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { created: true }));
    await expect(swapCards(TOKEN)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('should send only a trimmed, non-empty message when requesting a card', async () => {
    const view = {
      id: 'r1',
      status: 'pending',
      from: { personId: 'p1', name: '李', organization: null },
      to: { personId: 'p2', name: '张', organization: null },
      message: null,
      createdAt: '2025-03-01T01:30:05.000Z',
    };
    taroRequest.mockResolvedValue(taroResponse(201, view));
    await requestCard('65f000000000000000000002', '   ');
    expect(lastCall().data).toEqual({ personId: '65f000000000000000000002' });
    await requestCard('65f000000000000000000002', ' 想请教焊接工艺 ');
    expect(lastCall().data).toEqual({ personId: '65f000000000000000000002', message: '想请教焊接工艺' });
  });

  it('should list contacts with q and cursor, leaving out an empty search', async () => {
    taroRequest.mockResolvedValue(taroResponse(200, { items: [contactView()], nextCursor: 'next' }));
    const page = await listContacts({ q: '  ', limit: 20 });
    expect(page.nextCursor).toBe('next');
    expect(lastCall().url).toBe('/api/v1/contacts?limit=20');
    await listContacts({ q: '张', cursor: 'abc' });
    expect(lastCall().url).toBe(`/api/v1/contacts?q=${encodeURIComponent('张')}&cursor=abc`);
  });

  it('should DELETE a contact and accept the empty 204', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(204, ''));
    await expect(removeContact('c1')).resolves.toBeUndefined();
    expect(lastCall()).toMatchObject({ url: '/api/v1/contacts/c1', method: 'DELETE' });
  });

  it('should download the mini-program code through the request wrapper with the bearer token', async () => {
    const download = Taro.downloadFile as unknown as jest.Mock;
    download.mockResolvedValueOnce({ statusCode: 200, tempFilePath: 'wxfile://code.png' });
    await expect(downloadSwapWxaCode(TOKEN)).resolves.toBe('wxfile://code.png');
    expect(download.mock.calls[0][0]).toMatchObject({
      url: `/api/v1/me/card/tokens/${encodeURIComponent(TOKEN)}/wxacode`,
      header: { Authorization: 'Bearer session-token' },
    });
    download.mockResolvedValueOnce({ statusCode: 502, tempFilePath: '' });
    await expect(downloadSwapWxaCode(TOKEN)).rejects.toMatchObject({ status: 502 });
  });

  it('should keep a pending swap token until taken, and forget a stale one', () => {
    savePendingSwap(TOKEN);
    expect(peekPendingSwap()).toBe(TOKEN);
    expect(takePendingSwap()).toBe(TOKEN);
    expect(takePendingSwap()).toBeNull();
    savePendingSwap(TOKEN);
    expect(peekPendingSwap(-1)).toBeNull();
  });
});
