import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@alliance-hub/types';
import { PageShell } from '../../components/page-shell';
import { useSession } from '../../stores/session-store';
import { CoordinatorHome, GuestHome, MemberHome, SecretariatHome } from './role-homes';
import './index.scss';

/**
 * 首页 by role: what each kind of user acts on first. It follows the session store, so the
 * right home shows as soon as the launch sign-in answers (and right after signing in on 我的),
 * never a signed-out state for a signed-in user.
 */
export default function IndexPage() {
  const session = useSession();
  // Coming back to the tab or pulling down refetches every block (a new mount of the role home).
  const [round, setRound] = useState(0);
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) setRound((n) => n + 1);
    setShown(true);
  });
  usePullDownRefresh(() => {
    setRound((n) => n + 1);
    void Taro.stopPullDownRefresh();
  });

  const user = session.user;
  const key = `${user?.id ?? session.status}:${user?.role ?? ''}:${round}`;

  return (
    <View className="ah-page ah-page--wide ah-home">
      <View className="ah-home__hero">
        <Text className="ah-home__title">联盟通</Text>
        <Text className="ah-home__subtitle">
          {user ? `${user.displayName} · ${ROLE_LABELS[user.role]}` : '产学研联盟对接服务平台'}
        </Text>
      </View>
      {session.status === 'unknown' ? (
        <PageShell loading loadingText="正在登录…" />
      ) : !user || user.role === 'guest' ? (
        <GuestHome key={key} user={user} />
      ) : user.role === 'member' ? (
        <MemberHome key={key} user={user} />
      ) : user.role === 'coordinator' ? (
        <CoordinatorHome key={key} user={user} />
      ) : (
        <SecretariatHome key={key} user={user} />
      )}
    </View>
  );
}
