import { SubscriptionCreditsView, type SubscriptionTemplate } from '@alliance-hub/types';
import { request } from '../utils/request';

/** Subscribe-message credits: WeChat allows one send per accepted template, so the server counts them. */

/** POST /api/v1/me/subscriptions — the templates just accepted in wx.requestSubscribeMessage. */
export function acceptSubscriptions(accepted: SubscriptionTemplate[]): Promise<SubscriptionCreditsView> {
  return request('/api/v1/me/subscriptions', {
    method: 'POST',
    body: { accepted },
    schema: SubscriptionCreditsView,
  });
}

/** GET /api/v1/me/subscriptions */
export function getSubscriptionCredits(): Promise<SubscriptionCreditsView> {
  return request('/api/v1/me/subscriptions', { schema: SubscriptionCreditsView });
}
