import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../../components/directory-session-gate';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { PublicationCard } from '../../../components/publication-card';
import { Tabs } from '../../../components/tabs';
import { fieldLabel, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import {
  KIND_NOUN,
  MATCHMAKING_ROUTES,
  openPublication,
  type PublicationKind,
} from '../../../pages/matchmaking/matchmaking-routes';
import { useCursorList } from '../../../utils/use-cursor-list';
import { fetchOwnOrQueue } from '../publication-api';
import '../matchmaking.scss';

const KINDS = [
  { value: 'achievement', label: '我的成果' },
  { value: 'demand', label: '我的需求' },
] as const;

/** 我的发布: my organization's achievements and demands in every status, with rejection reasons. */
export default function MyPublicationsPage() {
  const access = useDirectoryAccess();
  const [kind, setKind] = useState<PublicationKind>('achievement');
  const fields = useIndustryFields(access === 'ready');
  const fetchPage = useCallback(
    (cursor: string | null) =>
      access === 'ready'
        ? fetchOwnOrQueue(kind, { mine: true }, cursor)
        : Promise.resolve({ items: [], nextCursor: null }),
    [access, kind],
  );
  const list = useCursorList(fetchPage);
  const firstShow = useRef(true);

  useDidShow(() => {
    // Back from a detail or edit screen: statuses may have changed.
    if (!firstShow.current) void list.reload();
    firstShow.current = false;
  });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const publish = () => void Taro.navigateTo({ url: MATCHMAKING_ROUTES.edit(kind) });
  return (
    <View className="ah-page ah-mm">
      <Tabs options={KINDS} value={kind} onChange={setKind} />
      <DirectorySessionGate access={access}>
        {isSignInError(list.error) ? (
          <SignInPrompt hint="登录后查看本单位发布的成果和需求" />
        ) : (
          <PageShell
            loading={list.loading && !list.items}
            error={list.error}
            onRetry={() => void list.reload()}
            empty={!list.loading && list.items?.length === 0}
            emptyState={{
              title: `本单位还没有发布${KIND_NOUN[kind]}`,
              hint: `点击「发布${KIND_NOUN[kind]}」填写，提交后由秘书处审核`,
              actionText: `发布${KIND_NOUN[kind]}`,
              onAction: publish,
            }}
          >
            <View className="ah-mm-list__head">
              <Text className="ah-mm__muted">草稿、待审核和未通过的只有本单位和工作人员能看到</Text>
              <View className="ah-mm__link" role="button" onClick={publish}>
                <Text>发布{KIND_NOUN[kind]}</Text>
              </View>
            </View>
            {list.items?.map((entry) => (
              <PublicationCard
                key={entry.item.id}
                entry={entry}
                showStatus
                fieldLabel={(code) => fieldLabel(fields, code)}
                onClick={() => openPublication(entry.kind, entry.item.id)}
              />
            ))}
            <ListFooter list={list} />
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
