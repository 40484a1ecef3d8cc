import Taro from '@tarojs/taro';
import type { CheckInBody, CheckInResultView } from '@alliance-hub/types';
import { ApiError } from '../utils/api-error';
import { CheckInOutbox, checkInHandler, type SendBatch } from './check-in-outbox';
import { Outbox, OUTBOX_KEY } from './outbox';
import { newClientId } from './client-id';

const EVENT = '64b7f0c2a1b2c3d4e5f60718';
const OTHER_EVENT = '64b7f0c2a1b2c3d4e5f60719';

function scan(entryCode: string, at = '2026-03-01T01:12:00.000Z'): CheckInBody {
  return { clientId: newClientId(), at, method: 'scan', entryCode };
}

const answered = (body: CheckInBody): CheckInResultView => ({
  clientId: body.clientId,
  outcome: 'checked_in',
  message: '签到成功',
  registration: null,
  error: null,
});

/** The door's view over an outbox that only knows check-ins. */
const doorOutbox = (send: SendBatch) => new CheckInOutbox(new Outbox({ 'check-in': checkInHandler(send) }));

const echo: SendBatch = async (_eventId, items) => ({ results: items.map(answered) });

describe('CheckInOutbox', () => {
  it('should keep queued check-ins in storage when the app reloads', () => {
    const first = doorOutbox(echo);
    first.enqueue({ eventId: EVENT, body: scan('AAAA1111'), personName: '赵志远' });

    const reloaded = doorOutbox(echo);
    expect(reloaded.count(EVENT)).toBe(1);
    expect(reloaded.pending()[0]).toMatchObject({ personName: '赵志远', body: { entryCode: 'AAAA1111' } });
    expect(Taro.setStorageSync).toHaveBeenCalledWith(OUTBOX_KEY, expect.any(String));
  });

  it('should send items in the order they were scanned, with their real time and client id', async () => {
    const send = jest.fn(echo);
    const outbox = doorOutbox(send);
    const a = scan('AAAA1111', '2026-03-01T01:00:00.000Z');
    const b = scan('BBBB2222', '2026-03-01T01:01:00.000Z');
    const c = scan('CCCC3333', '2026-03-01T01:02:00.000Z');
    outbox.enqueue({ eventId: EVENT, body: a, personName: null });
    outbox.enqueue({ eventId: OTHER_EVENT, body: b, personName: null });
    outbox.enqueue({ eventId: EVENT, body: c, personName: null });

    const report = await outbox.flush();

    expect(send.mock.calls).toEqual([
      [EVENT, [a, c]],
      [OTHER_EVENT, [b]],
    ]);
    expect(report.sent).toBe(3);
    expect(outbox.count()).toBe(0);
  });

  it('should remove exactly the items the server answered for when it answers for some', async () => {
    const a = scan('AAAA1111');
    const b = scan('BBBB2222');
    const outbox = doorOutbox(async () => ({ results: [answered(a)] }));
    outbox.enqueue({ eventId: EVENT, body: a, personName: null });
    outbox.enqueue({ eventId: EVENT, body: b, personName: null });

    await outbox.flush();

    expect(outbox.pending().map((item) => item.body.clientId)).toEqual([b.clientId]);
    expect(doorOutbox(echo).count()).toBe(1);
  });

  it('should keep every item when the network fails', async () => {
    const outbox = doorOutbox(async () => {
      throw new ApiError({ status: 0, code: 'NETWORK', message: '网络连接失败，请检查网络后重试' });
    });
    outbox.enqueue({ eventId: EVENT, body: scan('AAAA1111'), personName: null });
    outbox.enqueue({ eventId: EVENT, body: scan('BBBB2222'), personName: null });

    const report = await outbox.flush();

    expect(report.error).toBeInstanceOf(ApiError);
    expect(report.sent).toBe(0);
    expect(outbox.count()).toBe(2);
  });

  it('should send once when flush is called again while a flush is in flight', async () => {
    const send = jest.fn(echo);
    const outbox = doorOutbox(send);
    outbox.enqueue({ eventId: EVENT, body: scan('AAAA1111'), personName: null });

    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);

    expect(send).toHaveBeenCalledTimes(1);
  });

  it('should find the queued check-in when the same code is scanned again offline', () => {
    const outbox = doorOutbox(echo);
    const body = scan('AAAA1111');
    outbox.enqueue({ eventId: EVENT, body, personName: '赵志远' });
    outbox.enqueue({ eventId: EVENT, body, personName: '赵志远' });

    expect(outbox.count()).toBe(1);
    expect(outbox.findQueued(EVENT, { entryCode: 'AAAA1111' })?.personName).toBe('赵志远');
    expect(outbox.findQueued(OTHER_EVENT, { entryCode: 'AAAA1111' })).toBeNull();
    expect(outbox.findQueued(EVENT, { entryCode: 'ZZZZ9999' })).toBeNull();
  });

  it('should notify subscribers with the new queue when items are added and synced', async () => {
    const outbox = doorOutbox(echo);
    const seen: number[] = [];
    outbox.subscribe((items) => seen.push(items.length));
    outbox.enqueue({ eventId: EVENT, body: scan('AAAA1111'), personName: null });
    await outbox.flush();
    expect(seen).toEqual([1, 0]);
  });

  it('should stop instead of looping when the server answers for none of the items', async () => {
    const send = jest.fn(async () => ({ results: [] }));
    const outbox = doorOutbox(send);
    outbox.enqueue({ eventId: EVENT, body: scan('AAAA1111'), personName: null });
    await outbox.flush();
    expect(send).toHaveBeenCalledTimes(1);
    expect(outbox.count()).toBe(1);
  });
});

describe('newClientId', () => {
  it('should make distinct ids the server accepts (8–64 chars) when called many times', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newClientId()));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id.length).toBeGreaterThanOrEqual(8);
  });
});
