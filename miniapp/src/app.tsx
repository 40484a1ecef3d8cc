import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import './app.scss';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Nothing to restore yet; the sign-in feature will refresh the stored session here.
  });
  return children;
}
