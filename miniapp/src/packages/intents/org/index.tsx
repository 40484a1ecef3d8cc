import { useCallback, useMemo } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { atLeast } from '@alliance-hub/types';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { INTENT_ROUTES, openIntentCreate, partyParam } from '../../../pages/me/intent-routes';
import { listIntents } from '../../../services/intents';
import { useSession } from '../../../stores/session-store';
import { useCursorList } from '../../../utils/use-cursor-list';
import { IntentCard } from '../components/intent-card';
import '../intents.scss';

/** Router params arrive still percent-encoded in the H5 build (names are Chinese); decode once. */
function param(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * An organization's intents (`?orgId=&orgName=`), every status, newest change first. Members
 * open it for their own organization from 我的 and see no staff notes (the server strips them).
 */
export default function OrgIntentsPage() {
  const { params } = useRouter();
  const me = useSession().user;
  const orgId = param(params.orgId) || me?.organization?.id || '';
  const orgName =
    param(params.orgName) || (orgId === me?.organization?.id ? (me?.organization?.name ?? '') : '');
  const staff = me ? atLeast(me.role, 'coordinator') : false;
  const fetchPage = useCallback(
    (cursor: string | null) =>
      orgId
        ? listIntents({ orgId, status: 'all', sort: 'updatedAt', cursor, limit: 20 })
        : Promise.resolve({ items: [], nextCursor: null }),
    [orgId],
  );
  const list = useCursorList(fetchPage);
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  const title = useMemo(() => (orgName ? `${orgName}的合作意向` : '合作意向'), [orgName]);

  return (
    <View className="ah-page ah-org-intents">
      <Text className="ah-card__title">{title}</Text>
      <PageShell
        loading={list.loading && !list.items}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={!orgId || list.items?.length === 0}
        emptyState={
          staff && orgId
            ? {
                title: '这个单位还没有合作意向',
                hint: '有合作苗头时可以为它新建一条意向',
                actionText: '新建意向',
                onAction: () =>
                  openIntentCreate({ parties: partyParam([{ id: orgId, role: 'demand', name: orgName }]) }),
              }
            : {
                title: orgId ? '本单位还没有合作意向' : '尚未关联成员单位',
                hint: '与联盟工作人员对接后形成的合作意向会显示在这里',
              }
        }
      >
        {list.items?.map((intent) => (
          <IntentCard
            key={intent.id}
            intent={intent}
            showStage
            onOpen={() => void Taro.navigateTo({ url: INTENT_ROUTES.detail(intent.id) })}
          />
        ))}
        <ListFooter list={list} />
      </PageShell>
    </View>
  );
}
