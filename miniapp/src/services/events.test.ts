import Taro from '@tarojs/taro';
import { apiErrorBody, taroNetworkFailure, taroResponse } from '../../test/factories';
import {
  EVENT_ID,
  checkInResult,
  eventDetail,
  eventSummary,
  registration,
} from '../packages/events/test-support/event-factories';
import { ApiError } from '../utils/api-error';
import {
  checkIn,
  checkInBatch,
  decideRegistration,
  getEvent,
  listAttendees,
  listEvents,
  register,
  selfCheckIn,
} from './events';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastCall = () => taroRequest.mock.calls.at(-1)[0] as { url: string; method: string; data: unknown };

describe('services/events', () => {
  it('should ask for upcoming events of one kind and drop empty filters when listing', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [eventSummary()], nextCursor: null }));
    const page = await listEvents({ when: 'upcoming', kind: '', cursor: null, limit: 5 });
    const url = new URL(lastCall().url, 'http://x');
    expect(url.pathname).toBe('/api/v1/events');
    expect(Object.fromEntries(url.searchParams)).toEqual({ when: 'upcoming', limit: '5' });
    expect(page.items[0].title).toBe('2026 年度金属新材料联盟年会');
  });

  it('should parse the detail with my registration and entry code when getting an event', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, eventDetail({ myRegistration: registration() })));
    const event = await getEvent(EVENT_ID);
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/events/${EVENT_ID}$`));
    expect(event.myRegistration?.entryCode).toBe('E7K2M9Q4');
  });

  it('should reject with INVALID_RESPONSE when the server sends a malformed event', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { id: EVENT_ID }));
    await expect(getEvent(EVENT_ID)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('should post the logistics when registering', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(201, registration()));
    await register(EVENT_ID, { logistics: { transport: 'pickup' } });
    expect(lastCall()).toMatchObject({
      method: 'POST',
      data: { logistics: { transport: 'pickup' } },
    });
    expect(lastCall().url).toMatch(/\/registrations$/);
  });

  it('should return "already checked in" with who and when when a code is scanned twice', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        200,
        checkInResult({ outcome: 'already_checked_in', message: '已于 09:12 由 白衬衫·李明 签到' }),
      ),
    );
    const result = await checkIn(EVENT_ID, {
      clientId: 'c0123456789abcdef',
      at: '2026-03-01T01:15:00.000Z',
      method: 'scan',
      entryCode: 'E7K2M9Q4',
    });
    expect(result).toMatchObject({
      outcome: 'already_checked_in',
      message: '已于 09:12 由 白衬衫·李明 签到',
    });
  });

  it('should resolve with a rejected result instead of throwing when the code is unknown (404)', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(404, apiErrorBody('NOT_FOUND', '未找到该入场码')));
    const result = await checkIn(EVENT_ID, {
      clientId: 'c0123456789abcdef',
      at: '2026-03-01T01:15:00.000Z',
      method: 'scan',
      entryCode: 'ZZZZ9999',
    });
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: { code: 'NOT_FOUND', message: '未找到该入场码' },
    });
  });

  it('should throw a NETWORK ApiError when the door phone is offline', async () => {
    taroRequest.mockRejectedValueOnce(taroNetworkFailure());
    const failure = await checkIn(EVENT_ID, {
      clientId: 'c0123456789abcdef',
      at: '2026-03-01T01:15:00.000Z',
      method: 'scan',
      entryCode: 'E7K2M9Q4',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'NETWORK' });
  });

  it('should send the queued items in one body when syncing a batch', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { results: [checkInResult()] }));
    const items = [
      {
        clientId: 'c0123456789abcdef',
        at: '2026-03-01T01:12:00.000Z',
        method: 'scan' as const,
        entryCode: 'E7K2M9Q4',
      },
    ];
    const { results } = await checkInBatch(EVENT_ID, items);
    expect(lastCall()).toMatchObject({ method: 'POST', data: { items } });
    expect(lastCall().url).toMatch(/\/check-ins\/batch$/);
    expect(results).toHaveLength(1);
  });

  it('should pass the search text and the checked-in filter when listing attendees', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [], nextCursor: null }));
    await listAttendees(EVENT_ID, { q: '8888', checkedIn: 'no' });
    const url = new URL(lastCall().url, 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: '8888', checkedIn: 'no' });
  });

  it('should post the event code and a client id when an attendee checks themself in', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, checkInResult()));
    const result = await selfCheckIn(EVENT_ID, { eventCode: 'EVT12345', clientId: 'c0123456789abcdef' });
    expect(lastCall()).toMatchObject({
      url: expect.stringMatching(new RegExp(`/api/v1/events/${EVENT_ID}/self-check-in$`)),
      method: 'POST',
      data: { eventCode: 'EVT12345', clientId: 'c0123456789abcdef' },
    });
    expect(result.outcome).toBe('checked_in');
  });

  it('should post to approve or reject when deciding a pending registration', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, registration({ status: 'registered' })));
    await decideRegistration(EVENT_ID, 'r1', true);
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/events/${EVENT_ID}/registrations/r1/approve$`));
    taroRequest.mockResolvedValueOnce(taroResponse(200, registration({ status: 'rejected' })));
    const rejected = await decideRegistration(EVENT_ID, 'r1', false);
    expect(lastCall()).toMatchObject({
      method: 'POST',
      url: expect.stringMatching(/\/registrations\/r1\/reject$/),
    });
    expect(rejected.status).toBe('rejected');
  });
});
