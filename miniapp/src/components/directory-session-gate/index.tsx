import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useSession } from '../../stores/session-store';
import { getToken } from '../../utils/session';
import { ApiError } from '../../utils/api-error';
import './index.scss';

export type DirectoryAccess = 'waiting' | 'signed-out' | 'ready';

/**
 * Every directory endpoint needs a signed-in user. While the silent sign-in at launch has not
 * answered (`unknown`) a stored token is still sent by the request wrapper, so the screen may load;
 * without one it waits. A 401 from the API means the same as `signed-out`.
 */
export function useDirectoryAccess(): DirectoryAccess {
  const session = useSession();
  if (session.status === 'signed-out') return 'signed-out';
  if (session.status === 'signed-in') return 'ready';
  return getToken() ? 'ready' : 'waiting';
}

export function isSignInError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export function goToSignIn(): void {
  void Taro.switchTab({ url: '/pages/me/index' });
}

/** "请先登录" with a button that switches to the 我的 tab, where sign-in lives. */
export function SignInPrompt({ hint = '名录仅对联盟成员开放，登录后即可查找单位和专家' }: { hint?: string }) {
  return (
    <View className="ah-sign-in-prompt">
      <Text className="ah-sign-in-prompt__title">请先登录</Text>
      <Text className="ah-sign-in-prompt__hint">{hint}</Text>
      <Button className="ah-sign-in-prompt__action" onClick={goToSignIn}>
        去登录
      </Button>
    </View>
  );
}

/** Renders the sign-in prompt, a loading state, or the screen. */
export function DirectorySessionGate({ access, children }: { access: DirectoryAccess; children: ReactNode }) {
  if (access === 'signed-out') return <SignInPrompt />;
  if (access === 'waiting') {
    return (
      <View className="ah-sign-in-prompt" role="status">
        <View className="ah-sign-in-prompt__spinner" />
        <Text className="ah-sign-in-prompt__hint">正在登录…</Text>
      </View>
    );
  }
  return <>{children}</>;
}
