import { ApiError } from '../../utils/api-error';
import { eventUrl } from './labels';

/**
 * What the event QR at the door encodes: the detail page with `checkin=<eventCode>`. H5 gets the
 * full link (any phone camera opens it); weapp gets the page path as text — a scannable
 * mini-program code would have to be issued by the cloud.
 */
export function selfCheckInLink(eventId: string, eventCode: string): string {
  const path = `${eventUrl('detail', eventId)}&checkin=${encodeURIComponent(eventCode)}`;
  const origin = process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' ? window.location.origin : '';
  return `${origin}${path}`;
}

/** The most specific Chinese message of a failure: a validation detail first, then the message. */
export function failureMessage(failure: unknown, fallback = '操作失败，请稍后重试'): string {
  if (failure instanceof ApiError && Array.isArray(failure.details)) {
    const first = failure.details[0] as { message?: unknown } | undefined;
    if (typeof first?.message === 'string' && first.message) return first.message;
  }
  return failure instanceof Error && failure.message ? failure.message : fallback;
}
