import type { PropsWithChildren } from 'react';
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';
import { appOutbox, startOutboxSync } from './offline';
import { startAuth } from './services/auth';
import { DesktopShell } from './components/desktop-shell';
import './app.scss';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Silent sign-in: restores the stored session, or signs in with WeChat on the mini-program.
    void startAuth();
    // Writes queued offline (a quick log saved in a lift, a scan at the door) sync whatever
    // screen is open when the network comes back, not only on the screen that queued them.
    startOutboxSync(appOutbox());
  });
  // An unknown address (an old link, a typo) shows a page with a way home instead of a blank screen.
  usePageNotFound((event) => {
    void Taro.redirectTo({ url: `/pages/not-found/index?path=${encodeURIComponent(event.path)}` });
  });
  if (process.env.TARO_ENV !== 'h5') return children;
  // H5 only: the side bar that replaces the tab bar in a desktop browser (CSS shows it ≥ 1024 px).
  // It goes first: Taro's router hides every non-tab page that is not the last child of its
  // container, so anything rendered after the pages would blank them.
  return (
    <>
      <DesktopShell />
      {children}
    </>
  );
}
