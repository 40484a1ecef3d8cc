import type { ReactNode } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../components/directory-session-gate';
import { PageShell } from '../../components/page-shell';
import { useDetail } from './use-detail';

export interface DirectoryRecordPageProps<T extends { canEdit: boolean }> {
  load: (id: string) => Promise<T>;
  /** `edit` screens show a clear "no permission" state; profiles refresh on pull-down. */
  mode: 'profile' | 'edit';
  /** For edit screens: what to say when the record loads but this user may not edit it. */
  deniedHint?: string;
  children: (item: T) => ReactNode;
}

/** The frame of a directory record screen (`?id=`): sign-in gate, loading and error states. */
export function DirectoryRecordPage<T extends { canEdit: boolean }>({
  load,
  mode,
  deniedHint,
  children,
}: DirectoryRecordPageProps<T>) {
  const { params } = useRouter();
  const access = useDirectoryAccess();
  const { data, error, loading, reload } = useDetail(params.id, access === 'ready', load);

  usePullDownRefresh(() => {
    // Refreshing an edit screen would throw away what the user typed.
    if (mode === 'profile') void reload(true).finally(() => Taro.stopPullDownRefresh());
    else Taro.stopPullDownRefresh();
  });

  const denied = mode === 'edit' && Boolean(data && !data.canEdit);
  return (
    <View className={`ah-page ${mode === 'edit' ? 'ah-edit' : 'ah-detail'}`}>
      <DirectorySessionGate access={access}>
        {isSignInError(error) ? (
          <SignInPrompt />
        ) : (
          <PageShell
            loading={loading}
            error={data ? null : error}
            onRetry={() => void reload()}
            empty={denied}
            emptyState={{ title: '没有编辑权限', hint: deniedHint }}
          >
            {data ? children(data) : null}
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
