import Taro from '@tarojs/taro';
import { acceptSubscriptions } from '../services/reminders';

/** The WeChat template for 待办到期提醒; cloud's WECHAT_TEMPLATE_TASK_DUE must name the same one. */
export const TASK_DUE_TEMPLATE_ID = process.env.TARO_APP_TASK_DUE_TEMPLATE || 'task-due-template';

/**
 * Asks for one more 待办到期提醒 (an ordinary mini-program only gets one-time subscriptions: one
 * accept = one message) and tells the server when it was accepted. WeChat only shows the prompt
 * from a tap, so call this first thing in a tap handler (saving a follow-up), without awaiting
 * anything before it. Elsewhere (H5) there are no subscribe messages: the in-app badge covers it.
 * Never throws: declining or failing only means no WeChat message, the badge still shows.
 */
export async function askForTaskReminders(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return false;
  try {
    const result = (await Taro.requestSubscribeMessage({
      tmplIds: [TASK_DUE_TEMPLATE_ID],
      entityIds: [],
    })) as unknown as Record<string, string>;
    if (result[TASK_DUE_TEMPLATE_ID] !== 'accept') return false;
    await acceptSubscriptions(['task_due']);
    return true;
  } catch {
    return false;
  }
}
