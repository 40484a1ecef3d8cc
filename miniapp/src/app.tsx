import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { startAuth } from './services/auth';
import './app.scss';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Silent sign-in: restores the stored session, or signs in with WeChat on the mini-program.
    void startAuth();
  });
  return children;
}
