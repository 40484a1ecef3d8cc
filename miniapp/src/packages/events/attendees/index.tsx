import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  CHECK_IN_METHOD_LABELS,
  ORG_KINDS,
  ORG_KIND_LABELS,
  REGISTRATION_STATUS_LABELS,
  type OrgKind,
  type RegistrationStatus,
  type RegistrationView,
} from '@alliance-hub/types';
import { FilterChips } from '../../../components/filter-chips';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { SearchBar } from '../../../components/search-bar';
import { decideRegistration, downloadSignInSheet, listAttendees } from '../../../services/events';
import { DataTable, type DataTableColumn } from '../../../components/data-table';
import { ExportButton } from '../../../components/export-button';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useDesktop } from '../../../utils/use-desktop';
import { openQuickLog } from '../../../pages/me/interaction-routes';
import { useCursorList } from '../../../utils/use-cursor-list';
import { clockOf } from '../format';
import { STATUS_TONE, eventUrl } from '../labels';
import { failureMessage } from '../self-check-in';
import '../events.scss';
import './index.scss';

const CHECKED_OPTIONS = [
  { value: 'yes', label: '已签到' },
  { value: 'no', label: '未签到' },
];
const ORG_OPTIONS = ORG_KINDS.map((value) => ({ value, label: ORG_KIND_LABELS[value] }));
const STATUS_OPTIONS = [{ value: 'pending', label: REGISTRATION_STATUS_LABELS.pending }];
const SEARCH_DEBOUNCE_MS = 300;

/** 参会名单 (staff): filter (签到, 单位类型, 待审核), search, per-row status and time; approve or reject pending registrations. */
export default function AttendeesPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [checkedIn, setCheckedIn] = useState<'' | 'yes' | 'no'>('');
  const [orgKind, setOrgKind] = useState<OrgKind | ''>('');
  const [status, setStatus] = useState<RegistrationStatus | ''>('');
  const [deciding, setDeciding] = useState<string | null>(null);
  const desktop = useDesktop();

  useEffect(() => {
    const timer = setTimeout(() => setQ(input.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input]);

  const fetchPage = useCallback(
    (cursor: string | null) =>
      listAttendees(id, {
        q: q || undefined,
        checkedIn: checkedIn || undefined,
        orgKind: orgKind || undefined,
        status: status || undefined,
        cursor,
        limit: 30,
      }),
    [id, q, checkedIn, orgKind, status],
  );
  const list = useCursorList<RegistrationView>(fetchPage);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const filtered = !!(q || checkedIn || orgKind || status);

  const decide = async (r: RegistrationView, approve: boolean) => {
    const { confirm } = await Taro.showModal({
      title: approve ? '通过报名' : '拒绝报名',
      content: approve
        ? `确定通过 ${r.person.name} 的报名吗？通过后对方可查看入场码。`
        : `确定拒绝 ${r.person.name} 的报名吗？`,
      confirmText: approve ? '通过' : '拒绝',
      cancelText: '取消',
    });
    if (!confirm) return;
    setDeciding(r.id);
    try {
      const updated = await decideRegistration(id, r.id, approve);
      list.setItems((items) => items.map((item) => (item.id === updated.id ? updated : item)));
      void Taro.showToast({ title: approve ? '已通过' : '已拒绝', icon: 'success' });
    } catch (failure) {
      void Taro.showToast({ title: failureMessage(failure), icon: 'none' });
    } finally {
      setDeciding(null);
    }
  };

  /** 批量通过 at a desk: asks once for all the selected pending registrations. */
  const approveAll = async (rows: RegistrationView[]) => {
    const pending = rows.filter((r) => r.status === 'pending');
    if (pending.length === 0) {
      void Taro.showToast({ title: '所选报名中没有待审核的', icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: `通过 ${pending.length} 人的报名`,
      content: '通过后对方可查看入场码；名额已满时多出的人进入候补。',
      confirmText: '全部通过',
    });
    if (!confirm) return;
    let failed = 0;
    for (const r of pending) {
      try {
        const updated = await decideRegistration(id, r.id, true);
        list.setItems((items) => items.map((item) => (item.id === updated.id ? updated : item)));
      } catch {
        failed += 1;
      }
    }
    void Taro.showToast({
      title: failed ? `${pending.length - failed} 人已通过，${failed} 人失败` : `已通过 ${pending.length} 人`,
      icon: 'none',
    });
  };

  // The desk table and the phone list offer the same row actions.
  const decideButtons = (r: RegistrationView) => (
    <>
      <Button
        className="ah-events__button ah-attendees__approve"
        disabled={deciding === r.id || undefined}
        onClick={() => void decide(r, true)}
      >
        通过
      </Button>
      <Button
        className="ah-events__button ah-events__button--danger ah-attendees__reject"
        disabled={deciding === r.id || undefined}
        onClick={() => void decide(r, false)}
      >
        拒绝
      </Button>
    </>
  );
  const logButton = (r: RegistrationView) => (
    <Button
      className="ah-events__button ah-events__button--ghost ah-attendees__log"
      onClick={() =>
        openQuickLog({
          personId: r.person.id,
          personName: r.person.name,
          orgName: r.organization?.name,
          eventId: id,
        })
      }
    >
      记一笔
    </Button>
  );

  const columns: DataTableColumn<RegistrationView>[] = [
    {
      key: 'name',
      title: '姓名',
      render: (r) => `${r.person.name}${r.walkIn ? '（现场登记）' : ''}`,
      sortValue: (r) => r.person.name,
    },
    {
      key: 'org',
      title: '单位',
      width: '2fr',
      render: (r) => r.organization?.name ?? '—',
      sortValue: (r) => r.organization?.name ?? '',
    },
    {
      key: 'status',
      title: '报名状态',
      render: (r) => REGISTRATION_STATUS_LABELS[r.status],
      sortValue: (r) => r.status,
    },
    {
      key: 'checkIn',
      title: '签到',
      width: '1.4fr',
      render: (r) =>
        r.checkIn
          ? `${clockOf(r.checkIn.at)} ${CHECK_IN_METHOD_LABELS[r.checkIn.method]}${r.checkIn.by ? ` · ${r.checkIn.by.name}` : ''}`
          : '未签到',
      sortValue: (r) => r.checkIn?.at ?? '',
    },
    {
      key: 'at',
      title: '报名时间',
      render: (r) => formatShanghaiTime(r.createdAt),
      sortValue: (r) => r.createdAt,
    },
    {
      key: 'actions',
      title: '操作',
      width: '1.6fr',
      render: (r) => (
        <View className="ah-attendees__decide">
          {r.status === 'pending' ? decideButtons(r) : null}
          {logButton(r)}
        </View>
      ),
    },
  ];

  return (
    <View className={`ah-page ah-attendees${desktop ? ' ah-page--wide' : ''}`}>
      <SearchBar value={input} placeholder="姓名、单位或手机尾号" onInput={setInput} maxLength={40} />
      <FilterChips
        chips={[
          { key: 'checkedIn', label: '签到状态', options: CHECKED_OPTIONS, value: checkedIn },
          { key: 'orgKind', label: '单位类型', options: ORG_OPTIONS, value: orgKind },
          { key: 'status', label: '报名状态', options: STATUS_OPTIONS, value: status },
        ]}
        onChange={(key, value) => {
          if (key === 'checkedIn') setCheckedIn(value as '' | 'yes' | 'no');
          else if (key === 'orgKind') setOrgKind(value as OrgKind | '');
          else setStatus(value as RegistrationStatus | '');
        }}
        onClearAll={() => {
          setCheckedIn('');
          setOrgKind('');
          setStatus('');
        }}
      />
      <PageShell
        loading={list.loading && !list.items}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={!desktop && list.items?.length === 0}
        emptyState={
          filtered
            ? { title: '没有符合条件的参会人', hint: '换个关键词或清除筛选再试' }
            : {
                title: '还没有人报名',
                hint: '成员报名后会出现在这里；现场到场的人可在签到台现场登记',
                actionText: '打开签到台',
                onAction: () => void Taro.navigateTo({ url: eventUrl('door', id) }),
              }
        }
      >
        {desktop ? (
          <DataTable
            label="参会名单"
            columns={columns}
            rows={list.items ?? []}
            rowKey={(r) => r.id}
            bulkActions={[{ label: '批量通过', onClick: (rows) => void approveAll(rows) }]}
            toolbar={
              <ExportButton
                label="导出签到表"
                fileName="签到表.xlsx"
                download={() => downloadSignInSheet(id)}
              />
            }
            emptyState={{ title: filtered ? '没有符合条件的参会人' : '还没有人报名' }}
            pagination={{
              shown: list.items?.length ?? 0,
              hasMore: list.hasMore,
              loadingMore: list.loadingMore,
              error: list.moreError,
              onLoadMore: () => void list.loadMore(),
            }}
          />
        ) : null}
        {desktop ? null : (
          <View className="ah-card ah-attendees__card">
            {list.items?.map((r) => (
              <View key={r.id} className="ah-attendees__row" data-registration={r.id}>
                <View className="ah-attendees__who">
                  <Text className="ah-attendees__name">
                    {r.person.name}
                    {r.walkIn ? <Text className="ah-events__tag ah-attendees__walk-in">现场登记</Text> : null}
                  </Text>
                  <Text className="ah-events__muted">{r.organization?.name ?? '—'}</Text>
                </View>
                <View className="ah-attendees__state">
                  {r.checkIn ? (
                    <>
                      <Text className="ah-events__tag ah-events__tag--success">
                        {clockOf(r.checkIn.at)} 已签到
                      </Text>
                      <Text className="ah-events__muted">
                        {CHECK_IN_METHOD_LABELS[r.checkIn.method]}
                        {r.checkIn.by ? ` · ${r.checkIn.by.name}` : ''}
                      </Text>
                    </>
                  ) : (
                    <Text className={`ah-events__tag ah-events__tag--${STATUS_TONE[r.status]}`}>
                      {r.status === 'registered' ? '未签到' : REGISTRATION_STATUS_LABELS[r.status]}
                    </Text>
                  )}
                  {r.status === 'pending' ? (
                    <View className="ah-attendees__decide">{decideButtons(r)}</View>
                  ) : null}
                  {logButton(r)}
                </View>
              </View>
            ))}
          </View>
        )}
        {desktop ? null : <ListFooter list={list} />}
      </PageShell>
    </View>
  );
}
