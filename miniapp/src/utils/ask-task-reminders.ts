import Taro from '@tarojs/taro';
import type { SubscriptionTemplate } from '@alliance-hub/types';
import { acceptSubscriptions } from '../services/reminders';

/** The WeChat template for 待办到期提醒; cloud's WECHAT_TEMPLATE_TASK_DUE must name the same one. */
export const TASK_DUE_TEMPLATE_ID = process.env.TARO_APP_TASK_DUE_TEMPLATE || 'task-due-template';
/** 每日逾期汇总 for the secretariat; cloud's WECHAT_TEMPLATE_OVERDUE_DIGEST must name the same one. */
export const OVERDUE_DIGEST_TEMPLATE_ID =
  process.env.TARO_APP_OVERDUE_DIGEST_TEMPLATE || 'overdue-digest-template';

const TEMPLATE_IDS: Record<SubscriptionTemplate, string> = {
  task_due: TASK_DUE_TEMPLATE_ID,
  overdue_digest: OVERDUE_DIGEST_TEMPLATE_ID,
};

/**
 * Asks for one more subscribe message of `template` (an ordinary mini-program only gets one-time
 * subscriptions: one accept = one message) and tells the server when it was accepted. WeChat only
 * shows the prompt from a tap, so call this first thing in a tap handler, without awaiting
 * anything before it. Elsewhere (H5) there are no subscribe messages: the in-app badge covers it.
 * Never throws: declining or failing only means no WeChat message, the badge still shows.
 */
export async function askForSubscription(template: SubscriptionTemplate): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return false;
  const id = TEMPLATE_IDS[template];
  try {
    const result = (await Taro.requestSubscribeMessage({
      tmplIds: [id],
      entityIds: [],
    })) as unknown as Record<string, string>;
    if (result[id] !== 'accept') return false;
    await acceptSubscriptions([template]);
    return true;
  } catch {
    return false;
  }
}

/** One more 待办到期提醒, asked when a follow-up is saved. */
export const askForTaskReminders = (): Promise<boolean> => askForSubscription('task_due');
