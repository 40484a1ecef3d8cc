import { useCallback, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  EVENT_KINDS,
  EVENT_KIND_LABELS,
  REGISTRATION_MODE_LABELS,
  atLeast,
  type EventKind,
  type EventSummaryView,
} from '@alliance-hub/types';
import { EventRow } from '../../../components/event-row';
import { FilterChips } from '../../../components/filter-chips';
import { ListFooter } from '../../../components/list-footer';
import { Tabs } from '../../../components/tabs';
import { PageShell } from '../../../components/page-shell';
import { listEvents } from '../../../services/events';
import { useSession } from '../../../stores/session-store';
import { useCursorList } from '../../../utils/use-cursor-list';
import { DataTable, type DataTableColumn } from '../../../components/data-table';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useDesktop } from '../../../utils/use-desktop';
import { eventUrl } from '../labels';
import '../events.scss';
import './index.scss';

type When = 'upcoming' | 'past';
const TABS: Array<{ value: When; label: string }> = [
  { value: 'upcoming', label: '即将举行' },
  { value: 'past', label: '往期活动' },
];
const KIND_OPTIONS = EVENT_KINDS.map((value) => ({ value, label: EVENT_KIND_LABELS[value] }));

const COLUMNS: DataTableColumn<EventSummaryView>[] = [
  { key: 'title', title: '活动', width: '2.4fr', render: (e) => e.title, sortValue: (e) => e.title },
  { key: 'kind', title: '类型', render: (e) => EVENT_KIND_LABELS[e.kind], sortValue: (e) => e.kind },
  {
    key: 'startsAt',
    title: '开始时间',
    width: '1.3fr',
    render: (e) => formatShanghaiTime(e.startsAt),
    sortValue: (e) => e.startsAt,
  },
  {
    key: 'place',
    title: '地点',
    width: '1.6fr',
    render: (e) => e.place ?? (e.link ? '线上' : '—'),
    sortValue: (e) => e.place ?? '',
  },
  {
    key: 'mode',
    title: '报名方式',
    render: (e) => REGISTRATION_MODE_LABELS[e.registrationMode],
    sortValue: (e) => e.registrationMode,
  },
  {
    key: 'registered',
    title: '已报名',
    align: 'right',
    render: (e) => (e.capacity ? `${e.registeredCount} / ${e.capacity}` : String(e.registeredCount)),
    sortValue: (e) => e.registeredCount,
  },
];

/** 活动: upcoming and past events open to me, filtered by kind; staff may keep to 我负责的 (?staff=me). */
export default function EventListPage() {
  const session = useSession();
  const { params } = useRouter();
  const [when, setWhen] = useState<When>('upcoming');
  const [kind, setKind] = useState<EventKind | ''>('');
  const canCreate = !!session.user && atLeast(session.user.role, 'coordinator');
  const [mine, setMine] = useState(params.staff === 'me');
  const staffOnly = canCreate && mine;
  const desktop = useDesktop();

  const fetchPage = useCallback(
    (cursor: string | null) =>
      listEvents({ when, kind, ...(staffOnly ? { staff: 'me' as const } : {}), cursor, limit: 20 }),
    [when, kind, staffOnly],
  );
  const list = useCursorList<EventSummaryView>(fetchPage);

  useReachBottom(() => {
    void list.loadMore();
  });
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const create = () => void Taro.navigateTo({ url: eventUrl('edit') });

  return (
    <View className={`ah-page ah-event-list${desktop ? ' ah-page--wide' : ''}`}>
      <Tabs options={TABS} value={when} onChange={setWhen} />
      <View className="ah-event-list__filters">
        <FilterChips
          chips={[{ key: 'kind', label: '活动类型', options: KIND_OPTIONS, value: kind }]}
          onChange={(_key, value) => setKind(value as EventKind | '')}
          toggles={canCreate ? [{ key: 'staff', label: '我负责的', active: mine }] : []}
          onToggle={(_key, active) => setMine(active)}
          onClearAll={() => {
            setKind('');
            setMine(false);
          }}
        />
        {canCreate ? (
          <View className="ah-event-list__create" role="button" onClick={create}>
            <Text>＋ 创建活动</Text>
          </View>
        ) : null}
      </View>
      <PageShell
        loading={list.loading && !list.items}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={list.items?.length === 0}
        emptyState={{
          title: staffOnly ? '没有我负责的活动' : '暂无活动',
          hint: staffOnly
            ? '被安排为活动的组织者或签到人员后，活动会显示在这里'
            : when === 'upcoming'
              ? canCreate
                ? '创建一场活动，成员单位即可报名'
                : '新活动发布后会显示在这里'
              : '还没有往期活动',
          ...(canCreate ? { actionText: '创建活动', onAction: create } : {}),
        }}
      >
        {desktop ? (
          <DataTable
            label="活动列表"
            columns={COLUMNS}
            rows={list.items ?? []}
            rowKey={(event) => event.id}
            onRowClick={(event) => void Taro.navigateTo({ url: eventUrl('detail', event.id) })}
            pagination={{
              shown: list.items?.length ?? 0,
              hasMore: list.hasMore,
              loadingMore: list.loadingMore,
              error: list.moreError,
              onLoadMore: () => void list.loadMore(),
            }}
          />
        ) : (
          <>
            <View className="ah-card ah-event-list__card">
              {list.items?.map((event) => (
                <EventRow
                  key={event.id}
                  event={event}
                  onClick={() => void Taro.navigateTo({ url: eventUrl('detail', event.id) })}
                />
              ))}
            </View>
            <ListFooter list={list} />
          </>
        )}
      </PageShell>
    </View>
  );
}
