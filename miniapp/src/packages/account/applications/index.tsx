import { useCallback, useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus, type ApplicationView } from '@alliance-hub/types';
import { Tabs } from '../../../components/tabs';
import { PageShell } from '../../../components/page-shell';
import { listApplications } from '../../../services/applications';
import { useSession } from '../../../stores/session-store';
import { ListFooter } from '../../../components/list-footer';
import { useCursorList } from '../../../utils/use-cursor-list';
import { ApplicationItem } from './application-item';
import '../account.scss';
import './index.scss';

const TABS: ApplicationStatus[] = ['pending', 'approved', 'rejected'];
const EMPTY_HINTS: Record<ApplicationStatus, string> = {
  pending: '访客在“我的”页提交入会申请后，会出现在这里。',
  approved: '通过的申请会出现在这里。',
  rejected: '驳回的申请会出现在这里。',
  withdrawn: '',
};

/** Secretariat: decide on membership applications. */
export default function ApplicationsPage() {
  const session = useSession();
  const allowed = session.status === 'signed-in' && session.user.role === 'secretariat';
  const [tab, setTab] = useState<ApplicationStatus>('pending');

  const fetchPage = useCallback(
    (cursor: string | null) =>
      allowed
        ? listApplications({ status: tab, cursor, limit: 20 })
        : Promise.resolve({ items: [], nextCursor: null }),
    [tab, allowed],
  );
  const list = useCursorList<ApplicationView>(fetchPage);

  useReachBottom(() => {
    void list.loadMore();
  });

  if (!allowed) {
    return (
      <View className="ah-page">
        <PageShell
          loading={session.status === 'unknown'}
          empty
          emptyState={{ title: '仅秘书处可以审核入会申请', hint: '如需权限，请联系联盟秘书处。' }}
        />
      </View>
    );
  }

  const decided = (app: ApplicationView) =>
    list.setItems((items) => items.filter((item) => item.id !== app.id));

  return (
    <View className="ah-page ah-review">
      <Tabs
        options={TABS.map((status) => ({ value: status, label: APPLICATION_STATUS_LABELS[status] }))}
        value={tab}
        onChange={setTab}
      />
      <PageShell
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={list.items?.length === 0}
        emptyState={{ title: `暂无${APPLICATION_STATUS_LABELS[tab]}的申请`, hint: EMPTY_HINTS[tab] }}
      >
        {list.items?.map((app) => (
          <ApplicationItem key={app.id} application={app} onDecided={decided} />
        ))}
        <ListFooter list={list} />
      </PageShell>
    </View>
  );
}
