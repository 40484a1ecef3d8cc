import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { appOutbox, startOutboxSync } from './offline';
import { startAuth } from './services/auth';
import './app.scss';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Silent sign-in: restores the stored session, or signs in with WeChat on the mini-program.
    void startAuth();
    // Writes queued offline (a quick log saved in a lift, a scan at the door) sync whatever
    // screen is open when the network comes back, not only on the screen that queued them.
    startOutboxSync(appOutbox());
  });
  return children;
}
