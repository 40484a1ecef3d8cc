import type { ReactNode } from 'react';
import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../components/directory-session-gate';
import { PageShell } from '../../components/page-shell';
import { useDetail } from './use-detail';

export interface DirectoryEditPageProps<T extends { canEdit: boolean }> {
  load: (id: string) => Promise<T>;
  /** Shown when the record loads but this user may not edit it. */
  deniedHint: string;
  children: (item: T) => ReactNode;
}

/** The frame of an edit screen: sign-in gate, loading/error, and a clear "no permission" state. */
export function DirectoryEditPage<T extends { canEdit: boolean }>({
  load,
  deniedHint,
  children,
}: DirectoryEditPageProps<T>) {
  const { params } = useRouter();
  const access = useDirectoryAccess();
  const { data, error, loading, reload } = useDetail(params.id, access === 'ready', load);

  return (
    <View className="ah-page ah-edit">
      <DirectorySessionGate access={access}>
        {isSignInError(error) ? (
          <SignInPrompt />
        ) : (
          <PageShell
            loading={loading}
            error={data ? null : error}
            onRetry={() => void reload()}
            empty={Boolean(data && !data.canEdit)}
            emptyState={{ title: '没有编辑权限', hint: deniedHint }}
          >
            {data ? children(data) : null}
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
