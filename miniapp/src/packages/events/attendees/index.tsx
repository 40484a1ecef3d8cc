import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  CHECK_IN_METHOD_LABELS,
  ORG_KINDS,
  ORG_KIND_LABELS,
  REGISTRATION_STATUS_LABELS,
  type OrgKind,
  type RegistrationView,
} from '@alliance-hub/types';
import { FilterChips } from '../../../components/filter-chips';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { SearchBar } from '../../../components/search-bar';
import { listAttendees } from '../../../services/events';
import { useCursorList } from '../../../utils/use-cursor-list';
import { clockOf } from '../format';
import { STATUS_TONE, eventUrl } from '../labels';
import '../events.scss';
import './index.scss';

const CHECKED_OPTIONS = [
  { value: 'yes', label: '已签到' },
  { value: 'no', label: '未签到' },
];
const ORG_OPTIONS = ORG_KINDS.map((value) => ({ value, label: ORG_KIND_LABELS[value] }));
const SEARCH_DEBOUNCE_MS = 300;

/** 参会名单 (staff): filter by checked in and organization kind, search, per-row status and time. */
export default function AttendeesPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [checkedIn, setCheckedIn] = useState<'' | 'yes' | 'no'>('');
  const [orgKind, setOrgKind] = useState<OrgKind | ''>('');

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
        cursor,
        limit: 30,
      }),
    [id, q, checkedIn, orgKind],
  );
  const list = useCursorList<RegistrationView>(fetchPage);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const filtered = !!(q || checkedIn || orgKind);

  return (
    <View className="ah-page ah-attendees">
      <SearchBar value={input} placeholder="姓名、单位或手机尾号" onInput={setInput} maxLength={40} />
      <FilterChips
        chips={[
          { key: 'checkedIn', label: '签到状态', options: CHECKED_OPTIONS, value: checkedIn },
          { key: 'orgKind', label: '单位类型', options: ORG_OPTIONS, value: orgKind },
        ]}
        onChange={(key, value) =>
          key === 'checkedIn' ? setCheckedIn(value as '' | 'yes' | 'no') : setOrgKind(value as OrgKind | '')
        }
        onClearAll={() => {
          setCheckedIn('');
          setOrgKind('');
        }}
      />
      <PageShell
        loading={list.loading && !list.items}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={list.items?.length === 0}
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
        <View className="ah-card ah-attendees__card">
          {list.items?.map((r) => (
            <View key={r.id} className="ah-attendees__row">
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
              </View>
            </View>
          ))}
        </View>
        <ListFooter list={list} />
      </PageShell>
    </View>
  );
}
