import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { PageShell } from '../../../components/page-shell';
import { useSession } from '../../../stores/session-store';
import { ME_TAB } from '../swap-link';

export function goSignIn(): void {
  void Taro.switchTab({ url: ME_TAB });
}

/** Waits for the silent sign-in; signed-out users get "请先登录" and a way to 我的. */
export function CardsGate({ hint, children }: { hint: string; children: ReactNode }) {
  const session = useSession();
  if (session.status === 'signed-in') return <>{children}</>;
  return (
    <View className="ah-page">
      <PageShell
        loading={session.status === 'unknown'}
        empty
        emptyState={{ title: '请先登录', hint, actionText: '去登录', onAction: goSignIn }}
      />
    </View>
  );
}
