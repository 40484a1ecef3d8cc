import { useCallback, useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AUDIT_ENTITY_TYPES, type AuditView } from '@alliance-hub/types';
import { DataTable } from '../../../components/data-table';
import { DetailLayout } from '../../../components/detail-layout';
import { FilterChips } from '../../../components/filter-chips';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { listAudit, type AuditEntityKind } from '../../../services/audit';
import { useSession } from '../../../stores/session-store';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useCursorList } from '../../../utils/use-cursor-list';
import { useDesktop } from '../../../utils/use-desktop';
import { AUDIT_ENTITY_LABELS, changedFields, describeAction } from './audit-labels';
import './index.scss';

const PERIODS = [
  { value: '1', label: '今天' },
  { value: '7', label: '近 7 天' },
  { value: '30', label: '近 30 天' },
];
const ENTITY_OPTIONS = AUDIT_ENTITY_TYPES.map((type) => ({ value: type, label: AUDIT_ENTITY_LABELS[type] }));
const DAY_MS = 24 * 3600 * 1000;

/** Start of the Shanghai day `days - 1` days ago, as UTC ISO. */
function periodStart(days: string): string | undefined {
  if (!days) return undefined;
  const shanghaiNow = new Date(Date.now() + 8 * 3600 * 1000);
  const midnight = Date.UTC(
    shanghaiNow.getUTCFullYear(),
    shanghaiNow.getUTCMonth(),
    shanghaiNow.getUTCDate(),
  );
  return new Date(midnight - 8 * 3600 * 1000 - (Number(days) - 1) * DAY_MS).toISOString();
}

const snapshot = (value: unknown) =>
  value === null || value === undefined ? '（无）' : JSON.stringify(value, null, 2);

/**
 * 审计日志 (secretariat): who changed what and when. Filter by object type, period and person
 * (tap a name); a table with the selected entry's before/after beside it on a desk, cards on a phone.
 */
export default function AuditPage() {
  const session = useSession();
  const desktop = useDesktop();
  const [entityType, setEntityType] = useState<AuditEntityKind | ''>('');
  const [period, setPeriod] = useState('');
  const [actor, setActor] = useState<{ id: string; name: string } | null>(null);
  const [selected, setSelected] = useState<AuditView | null>(null);
  const allowed = session.user?.role === 'secretariat';

  const fetchPage = useCallback(
    (cursor: string | null) =>
      allowed
        ? listAudit({ entityType, actorId: actor?.id, from: periodStart(period), cursor, limit: 30 })
        : Promise.resolve({ items: [], nextCursor: null }),
    [allowed, entityType, actor, period],
  );
  const list = useCursorList(fetchPage);
  const items = list.items ?? [];

  const columns = useMemo(
    () => [
      {
        key: 'at',
        title: '时间',
        width: '1.2fr',
        render: (row: AuditView) => formatShanghaiTime(row.at, { seconds: true }),
        sortValue: (row: AuditView) => row.at,
      },
      {
        key: 'actor',
        title: '操作人',
        render: (row: AuditView) =>
          row.actor ? (
            <View
              className="ah-audit__actor"
              role="button"
              onClick={(event) => {
                event.stopPropagation();
                setActor({ id: row.actor!.id, name: row.actor!.displayName });
              }}
            >
              <Text>{row.actor.displayName}</Text>
            </View>
          ) : (
            '系统'
          ),
        sortValue: (row: AuditView) => row.actor?.displayName ?? '',
      },
      {
        key: 'action',
        title: '操作',
        render: (row: AuditView) => describeAction(row.action, row.entity.type),
        sortValue: (row: AuditView) => row.action,
      },
      {
        key: 'entity',
        title: '对象',
        render: (row: AuditView) => `${AUDIT_ENTITY_LABELS[row.entity.type]} …${row.entity.id.slice(-6)}`,
        sortValue: (row: AuditView) => row.entity.type,
      },
      {
        key: 'fields',
        title: '变更字段',
        width: '1.6fr',
        render: (row: AuditView) => changedFields(row.before, row.after).join('、') || '—',
      },
    ],
    [],
  );

  if (!allowed) {
    return (
      <View className="ah-page ah-audit">
        <PageShell
          loading={session.status === 'unknown'}
          empty
          emptyState={{ title: '只有联盟秘书处可以查看审计日志', hint: '如需查询，请联系秘书处。' }}
        />
      </View>
    );
  }

  const filters = (
    <View className="ah-audit__filters">
      <FilterChips
        chips={[
          { key: 'entity', label: '对象类型', options: ENTITY_OPTIONS, value: entityType },
          { key: 'period', label: '时间范围', options: PERIODS, value: period },
        ]}
        onChange={(key, value) => {
          setSelected(null);
          if (key === 'entity') setEntityType(value as AuditEntityKind | '');
          else setPeriod(value);
        }}
        onClearAll={() => {
          setEntityType('');
          setPeriod('');
          setActor(null);
        }}
      />
      {actor ? (
        <View className="ah-audit__chip" role="button" onClick={() => setActor(null)}>
          <Text>{`操作人：${actor.name} ✕`}</Text>
        </View>
      ) : null}
    </View>
  );

  const empty = {
    title: '没有符合条件的记录',
    hint: '换一个对象类型或时间范围试试；每次修改名录、审核和授权都会记在这里。',
  };

  return (
    <View className="ah-page ah-page--wide ah-audit">
      {filters}
      <PageShell loading={list.loading && !list.items} error={list.error} onRetry={list.reload}>
        {desktop ? (
          <DetailLayout
            main={
              <DataTable
                label="审计日志"
                columns={columns}
                rows={items}
                rowKey={(row) => row.id}
                onRowClick={setSelected}
                defaultSort={undefined}
                emptyState={empty}
                pagination={{
                  shown: items.length,
                  hasMore: list.hasMore,
                  loadingMore: list.loadingMore,
                  error: list.moreError,
                  onLoadMore: () => void list.loadMore(),
                }}
              />
            }
            side={<EntryDetail entry={selected} />}
          />
        ) : (
          <>
            {items.length === 0 ? (
              <PageShell empty emptyState={empty} />
            ) : (
              items.map((row) => (
                <View key={row.id} className="ah-card ah-audit__item" onClick={() => setSelected(row)}>
                  <Text className="ah-audit__what">{describeAction(row.action, row.entity.type)}</Text>
                  <Text className="ah-audit__meta">
                    {`${row.actor?.displayName ?? '系统'} · ${formatShanghaiTime(row.at, { seconds: true })}`}
                  </Text>
                  {selected?.id === row.id ? <EntryDetail entry={row} /> : null}
                </View>
              ))
            )}
            <ListFooter list={list} />
          </>
        )}
      </PageShell>
    </View>
  );
}

function EntryDetail({ entry }: { entry: AuditView | null }) {
  if (!entry) {
    return (
      <View className="ah-card ah-audit__detail">
        <Text className="ah-card__text">点选一条记录，在这里查看修改前后的内容。</Text>
      </View>
    );
  }
  return (
    <View className="ah-card ah-audit__detail" aria-label="记录详情">
      <Text className="ah-card__title">{describeAction(entry.action, entry.entity.type)}</Text>
      <Text className="ah-card__text">{`${entry.actor?.displayName ?? '系统'} · ${formatShanghaiTime(entry.at, { seconds: true })}`}</Text>
      <Text className="ah-card__text">{`${AUDIT_ENTITY_LABELS[entry.entity.type]}编号：${entry.entity.id}`}</Text>
      <Text className="ah-audit__label">修改前</Text>
      <Text className="ah-audit__json">{snapshot(entry.before)}</Text>
      <Text className="ah-audit__label">修改后</Text>
      <Text className="ah-audit__json">{snapshot(entry.after)}</Text>
    </View>
  );
}
