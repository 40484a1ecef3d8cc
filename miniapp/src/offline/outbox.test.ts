import Taro from '@tarojs/taro';
import { ApiError } from '../utils/api-error';
import { newClientId } from './client-id';
import {
  LEGACY_CHECK_IN_KEY,
  OUTBOX_KEY,
  Outbox,
  singleItemHandler,
  type OutboxHandler,
  type OutboxItem,
} from './outbox';

const networkDown = () =>
  new ApiError({ status: 0, code: 'NETWORK', message: '网络连接失败，请检查网络后重试' });

function log(label: string, kind = 'interaction', group = '') {
  return { clientId: newClientId(), kind, group, payload: { label }, label };
}

/** A fake server that stores each client id once, like the real idempotent endpoints. */
function fakeServer() {
  const stored = new Map<string, unknown>();
  const calls: string[] = [];
  let failNext = 0;
  let loseAnswerNext = 0;
  const handler = singleItemHandler(async (item: OutboxItem) => {
    calls.push(item.clientId);
    if (failNext > 0) {
      failNext -= 1;
      throw networkDown();
    }
    if (!stored.has(item.clientId)) stored.set(item.clientId, item.payload);
    if (loseAnswerNext > 0) {
      // Stored on the server, but the answer never reached the phone.
      loseAnswerNext -= 1;
      throw networkDown();
    }
    return { id: item.clientId };
  });
  return {
    handler,
    stored,
    calls,
    failNext: (n: number) => (failNext = n),
    loseAnswerNext: (n: number) => (loseAnswerNext = n),
  };
}

describe('Outbox', () => {
  it('should send queued writes oldest first, across kinds, when flushed', async () => {
    const order: string[] = [];
    const record = (kind: string): OutboxHandler =>
      singleItemHandler(async (item) => {
        order.push(`${kind}:${item.label}`);
        return {};
      });
    const outbox = new Outbox({ interaction: record('interaction'), task: record('task') });
    outbox.enqueue(log('走访A'));
    outbox.enqueue(log('待办B', 'task'));
    outbox.enqueue(log('电话C'));

    const report = await outbox.flush();

    expect(order).toEqual(['interaction:走访A', 'task:待办B', 'interaction:电话C']);
    expect(report.sent).toBe(3);
    expect(outbox.count()).toBe(0);
  });

  it('should keep the failed item and everything after it, in order, when the network fails mid-flush', async () => {
    const server = fakeServer();
    const outbox = new Outbox({ interaction: server.handler });
    outbox.enqueue(log('1'));
    outbox.enqueue(log('2'));
    outbox.enqueue(log('3'));
    await outbox.flush();
    expect(outbox.count()).toBe(0);

    outbox.enqueue(log('4'));
    outbox.enqueue(log('5'));
    server.failNext(1);
    const report = await outbox.flush();
    expect(report.error).toBeInstanceOf(ApiError);
    expect(outbox.pending().map((item) => item.label)).toEqual(['4', '5']);
  });

  it('should store each write exactly once when an answer is lost and the flush is retried', async () => {
    const server = fakeServer();
    const outbox = new Outbox({ interaction: server.handler });
    const item = log('走访');
    outbox.enqueue(item);
    outbox.enqueue(item); // the same client id queued twice is one item

    server.loseAnswerNext(1);
    await outbox.flush();
    expect(outbox.count()).toBe(1);
    await outbox.flush();

    expect(server.calls).toEqual([item.clientId, item.clientId]);
    expect(server.stored.size).toBe(1);
    expect(outbox.count()).toBe(0);
  });

  it('should call the server once when several flushes start while one is in flight', async () => {
    const server = fakeServer();
    const outbox = new Outbox({ interaction: server.handler });
    outbox.enqueue(log('走访'));

    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);

    expect(server.calls).toHaveLength(1);
  });

  it('should keep the queue across a reload and send it from the new instance', async () => {
    const first = new Outbox({});
    first.enqueue(log('走访A'));
    first.enqueue(log('走访B'));
    expect(Taro.setStorageSync).toHaveBeenCalledWith(OUTBOX_KEY, expect.any(String));

    const server = fakeServer();
    const reloaded = new Outbox({ interaction: server.handler });
    expect(reloaded.pending().map((item) => item.label)).toEqual(['走访A', '走访B']);
    await reloaded.flush();
    expect(server.stored.size).toBe(2);
    expect(new Outbox({}).count()).toBe(0);
  });

  it('should set a refused write aside with its message and go on when the server answers 400', async () => {
    const sent: string[] = [];
    const outbox = new Outbox({
      interaction: singleItemHandler(async (item) => {
        if (item.label === '坏') {
          throw new ApiError({ status: 400, code: 'VALIDATION', message: '请至少选择一位参与人或一个单位' });
        }
        sent.push(String(item.label));
        return {};
      }),
    });
    outbox.enqueue(log('坏'));
    outbox.enqueue(log('好'));

    const report = await outbox.flush();

    expect(sent).toEqual(['好']);
    expect(report.rejected.map((item) => item.error.message)).toEqual(['请至少选择一位参与人或一个单位']);
    expect(outbox.count()).toBe(0);
    expect(new Outbox({}).rejected()).toHaveLength(1);
  });

  it('should retry rather than drop a write when the server answers 5xx', async () => {
    const outbox = new Outbox({
      interaction: singleItemHandler(async () => {
        throw new ApiError({ status: 503, code: 'UNAVAILABLE', message: '服务暂不可用' });
      }),
    });
    outbox.enqueue(log('走访'));
    const report = await outbox.flush();
    expect(report.error).toBeInstanceOf(ApiError);
    expect(outbox.count()).toBe(1);
    expect(outbox.rejected()).toHaveLength(0);
  });

  it('should batch one group of a batching kind together when the head item is of that group', async () => {
    const batches: string[][] = [];
    const outbox = new Outbox({
      'check-in': {
        batchSize: 10,
        async send(items) {
          batches.push(items.map((item) => String(item.label)));
          return items.map((item) => ({ clientId: item.clientId, result: {} }));
        },
      },
    });
    outbox.enqueue(log('a1', 'check-in', 'A'));
    outbox.enqueue(log('b1', 'check-in', 'B'));
    outbox.enqueue(log('a2', 'check-in', 'A'));

    await outbox.flush();

    expect(batches).toEqual([['a1', 'a2'], ['b1']]);
  });

  it('should move check-ins queued by the older door outbox into the one outbox when loading', () => {
    const body = {
      clientId: 'cold12345678',
      at: '2026-03-01T01:12:00.000Z',
      method: 'scan',
      entryCode: 'AAAA1111',
    };
    Taro.setStorageSync(LEGACY_CHECK_IN_KEY, JSON.stringify([{ eventId: 'e1', body, personName: '赵志远' }]));

    const outbox = new Outbox({});

    expect(outbox.pending('check-in', 'e1')).toMatchObject([
      { clientId: 'cold12345678', label: '赵志远', payload: body },
    ]);
    expect(Taro.getStorageSync(LEGACY_CHECK_IN_KEY)).toBe('');
  });
});
