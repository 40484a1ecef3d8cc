import { useSyncExternalStore } from 'react';

/** Desktop layouts (side bar, tables, two columns) start at this browser width. */
export const DESKTOP_MIN_WIDTH = 1024;
const QUERY = `(min-width: ${DESKTOP_MIN_WIDTH}px)`;

function mediaQuery(): MediaQueryList | null {
  // The mini-program has no window: phones always get the phone layout there.
  if (process.env.TARO_ENV === 'weapp' || typeof window === 'undefined' || !window.matchMedia) return null;
  return window.matchMedia(QUERY);
}

function subscribe(listener: () => void): () => void {
  const query = mediaQuery();
  if (!query) return () => undefined;
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

function isDesktopNow(): boolean {
  return mediaQuery()?.matches ?? false;
}

/**
 * True in a browser at least 1024 px wide. Pages pick a table or the phone list from it; CSS
 * alone cannot, because the two render different elements (columns, check boxes, bulk actions).
 */
export function useDesktop(): boolean {
  return useSyncExternalStore(subscribe, isDesktopNow, () => false);
}
