import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';

/** Marks a form's banner so a failed submit can bring it into view when no field is marked. */
export const FORM_ALERT_CLASS = 'ah-form-alert';
const INVALID_FIELD = '.ah-form-field--invalid';

/**
 * After a failed submit the first problem is often off screen (a long form, a banner at the
 * top); this scrolls the first marked field, or else the form's banner, into view.
 */
export function scrollToFirstError(): void {
  if (process.env.TARO_ENV === 'weapp') {
    // The view layer renders asynchronously; wait for it before asking it to scroll.
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(INVALID_FIELD)
        .boundingClientRect((rect) => {
          const selector = rect ? INVALID_FIELD : `.${FORM_ALERT_CLASS}`;
          void Taro.pageScrollTo({ selector, offsetTop: -80, duration: 200 }).catch(() => undefined);
        })
        .exec();
    });
    return;
  }
  if (typeof document === 'undefined') return;
  // H5 keeps earlier pages of the stack in the DOM, hidden by Taro's router with this class:
  // only the page on top counts.
  const visible = (selector: string) =>
    Array.from(document.querySelectorAll<HTMLElement>(selector)).find(
      (el) => !el.closest('.taro_page_shade'),
    );
  const target = visible(INVALID_FIELD) ?? visible(`.${FORM_ALERT_CLASS}`);
  target?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
}

/**
 * Returns `reveal()`: call it when a submit fails; the scroll happens after React has rendered
 * the errors that failure set.
 */
export function useRevealFirstError(): () => void {
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures > 0) scrollToFirstError();
  }, [failures]);
  return useCallback(() => setFailures((n) => n + 1), []);
}
