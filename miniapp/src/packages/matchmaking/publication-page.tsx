import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../components/directory-session-gate';
import { PageShell } from '../../components/page-shell';
import type { PublicationKind } from '../../pages/matchmaking/matchmaking-routes';
import { loadPublication, type PublicationDetail } from './publication-api';

export function kindParam(value: string | undefined): PublicationKind | null {
  return value === 'achievement' || value === 'demand' ? value : null;
}

/**
 * The frame of a screen about one achievement or demand (`?kind=&id=`): sign-in gate, loading,
 * error with retry; it reloads quietly when shown again (e.g. back from the edit form).
 */
export function PublicationPage({
  children,
}: {
  children: (detail: PublicationDetail, replace: (next: PublicationDetail) => void) => ReactNode;
}) {
  const { params } = useRouter();
  const kind = kindParam(params.kind);
  const id = params.id ?? '';
  const access = useDirectoryAccess();
  const [detail, setDetail] = useState<PublicationDetail | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const shown = useRef(false);
  const generation = useRef(0);

  const load = useCallback(async () => {
    if (!kind || !id) {
      setError(new Error('链接不完整，请从对接页重新进入'));
      return;
    }
    const mine = ++generation.current;
    setError(null);
    try {
      const next = await loadPublication(kind, id);
      if (mine === generation.current) setDetail(next);
    } catch (failure) {
      if (mine === generation.current) setError(failure instanceof Error ? failure : new Error('加载失败'));
    }
  }, [kind, id]);

  useEffect(() => {
    if (access === 'ready') void load();
  }, [access, load]);
  useEffect(() => {
    if (kind) void Taro.setNavigationBarTitle({ title: kind === 'achievement' ? '成果详情' : '需求详情' });
  }, [kind]);
  useDidShow(() => {
    if (shown.current && access === 'ready') void load();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const replace = useCallback((next: PublicationDetail) => setDetail(next), []);

  return (
    <View className="ah-page ah-mm">
      <DirectorySessionGate access={access}>
        {isSignInError(error) ? (
          <SignInPrompt hint="成果与需求仅对联盟成员开放，登录后即可查看" />
        ) : (
          <PageShell loading={!detail && !error} error={detail ? null : error} onRetry={() => void load()}>
            {detail ? children(detail, replace) : null}
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
