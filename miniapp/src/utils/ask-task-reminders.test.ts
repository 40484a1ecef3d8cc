import Taro from '@tarojs/taro';
import { taroResponse } from '../../test/factories';
import { TASK_DUE_TEMPLATE_ID, askForTaskReminders } from './ask-task-reminders';

const taroRequest = Taro.request as unknown as jest.Mock;
// A test double for the WeChat-only API the shared Taro mock does not have.
const subscribe = jest.fn();
(Taro as unknown as { requestSubscribeMessage: jest.Mock }).requestSubscribeMessage = subscribe;

describe('askForTaskReminders', () => {
  const env = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = env;
  });

  it('should record one credit on the server when the user accepts in WeChat', async () => {
    process.env.TARO_ENV = 'weapp';
    subscribe.mockResolvedValueOnce({
      errMsg: 'requestSubscribeMessage:ok',
      [TASK_DUE_TEMPLATE_ID]: 'accept',
    });
    taroRequest.mockResolvedValueOnce(taroResponse(200, { credits: { task_due: 1, overdue_digest: 0 } }));

    expect(await askForTaskReminders()).toBe(true);
    const call = taroRequest.mock.calls[0][0] as { url: string; method: string; data: unknown };
    expect(call.url).toMatch(/\/api\/v1\/me\/subscriptions$/);
    expect(call.data).toEqual({ accepted: ['task_due'] });
  });

  it('should tell the server nothing when the user rejects', async () => {
    process.env.TARO_ENV = 'weapp';
    subscribe.mockResolvedValueOnce({
      errMsg: 'requestSubscribeMessage:ok',
      [TASK_DUE_TEMPLATE_ID]: 'reject',
    });
    expect(await askForTaskReminders()).toBe(false);
    expect(taroRequest).not.toHaveBeenCalled();
  });

  it('should not ask at all when running as H5', async () => {
    process.env.TARO_ENV = 'h5';
    expect(await askForTaskReminders()).toBe(false);
    expect(subscribe).not.toHaveBeenCalled();
  });
});
