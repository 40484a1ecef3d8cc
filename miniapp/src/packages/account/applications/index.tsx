import { useCallback, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  APPLICATION_STATUS_LABELS,
  ORG_KIND_LABELS,
  type ApplicationStatus,
  type ApplicationView,
} from '@alliance-hub/types';
import { Tabs } from '../../../components/tabs';
import { PageShell } from '../../../components/page-shell';
import { approveApplication, listApplications } from '../../../services/applications';
import { DataTable, type DataTableColumn } from '../../../components/data-table';
import { DetailLayout } from '../../../components/detail-layout';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useDesktop } from '../../../utils/use-desktop';
import { useSession } from '../../../stores/session-store';
import { ListFooter } from '../../../components/list-footer';
import { useCursorList } from '../../../utils/use-cursor-list';
import { ApplicationItem } from './application-item';
import '../account.scss';
import './index.scss';

const TABS: ApplicationStatus[] = ['pending', 'approved', 'rejected'];

const COLUMNS: DataTableColumn<ApplicationView>[] = [
  {
    key: 'org',
    title: '申请单位',
    width: '2fr',
    render: (a) => a.organization.name,
    sortValue: (a) => a.organization.name,
  },
  {
    key: 'kind',
    title: '类型',
    render: (a) => ORG_KIND_LABELS[a.organization.kind],
    sortValue: (a) => a.organization.kind,
  },
  {
    key: 'region',
    title: '地区',
    render: (a) => `${a.organization.province} · ${a.organization.city}`,
    sortValue: (a) => a.organization.province + a.organization.city,
  },
  {
    key: 'applicant',
    title: '申请人',
    render: (a) => `${a.applicant.name}（${a.applicant.title}）`,
    sortValue: (a) => a.applicant.name,
  },
  {
    key: 'existing',
    title: '名录中',
    render: (a) => (a.organization.existing ? '已有该单位' : '新单位'),
    sortValue: (a) => (a.organization.existing ? 0 : 1),
  },
  {
    key: 'at',
    title: '提交时间',
    render: (a) => formatShanghaiTime(a.createdAt),
    sortValue: (a) => a.createdAt,
  },
];
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
  const [selected, setSelected] = useState<ApplicationView | null>(null);
  const desktop = useDesktop();

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

  const decided = (app: ApplicationView) => {
    list.setItems((items) => items.filter((item) => item.id !== app.id));
    setSelected((current) => (current?.id === app.id ? null : current));
  };

  /** 批量通过 at a desk: asks once, approves one by one, then says what failed and why. */
  const approveAll = async (apps: ApplicationView[]) => {
    const { confirm } = await Taro.showModal({
      title: `通过 ${apps.length} 份申请`,
      content: '已在名录中的单位，申请人成为其代表；其余新建为成员单位。确定全部通过吗？',
      confirmText: '全部通过',
    });
    if (!confirm) return;
    const failures: string[] = [];
    for (const app of apps) {
      try {
        decided(await approveApplication(app.id));
      } catch (error) {
        failures.push(`${app.organization.name}：${error instanceof Error ? error.message : '操作失败'}`);
      }
    }
    if (failures.length) {
      void Taro.showModal({
        title: `${failures.length} 份未能通过`,
        content: failures.join('\n'),
        showCancel: false,
      });
    } else {
      void Taro.showToast({ title: `已通过 ${apps.length} 份`, icon: 'success' });
    }
  };

  const emptyState = { title: `暂无${APPLICATION_STATUS_LABELS[tab]}的申请`, hint: EMPTY_HINTS[tab] };

  return (
    <View className={`ah-page ah-review${desktop ? ' ah-page--wide' : ''}`}>
      <Tabs
        options={TABS.map((status) => ({ value: status, label: APPLICATION_STATUS_LABELS[status] }))}
        value={tab}
        onChange={(next) => {
          setTab(next);
          setSelected(null);
        }}
      />
      <PageShell
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={!desktop && list.items?.length === 0}
        emptyState={emptyState}
      >
        {desktop ? (
          <DetailLayout
            main={
              <DataTable
                label="入会申请"
                columns={COLUMNS}
                rows={list.items ?? []}
                rowKey={(app) => app.id}
                onRowClick={setSelected}
                bulkActions={
                  tab === 'pending'
                    ? [{ label: '批量通过', onClick: (apps) => void approveAll(apps) }]
                    : undefined
                }
                emptyState={emptyState}
                pagination={{
                  shown: list.items?.length ?? 0,
                  hasMore: list.hasMore,
                  loadingMore: list.loadingMore,
                  error: list.moreError,
                  onLoadMore: () => void list.loadMore(),
                }}
              />
            }
            side={
              selected ? (
                <ApplicationItem key={selected.id} application={selected} onDecided={decided} />
              ) : (
                <View className="ah-card">
                  <Text className="ah-card__text">点选一份申请，在这里查看详情并审核。</Text>
                </View>
              )
            }
          />
        ) : (
          <>
            {list.items?.map((app) => (
              <ApplicationItem key={app.id} application={app} onDecided={decided} />
            ))}
            <ListFooter list={list} />
          </>
        )}
      </PageShell>
    </View>
  );
}
