import { Button, Text, View } from '@tarojs/components';
import { MATURITY_LABELS } from '@alliance-hub/types';
import type { PublicationCardItem } from '../../../components/publication-card';
import { DataTable, type DataTableColumn } from '../../../components/data-table';
import type { CursorList } from '../../../utils/use-cursor-list';
import { formatShanghaiTime } from '../../../utils/format-time';
import { openPublication, type PublicationKind } from '../../../pages/matchmaking/matchmaking-routes';
import './review-table.scss';

export interface ReviewTableProps {
  kind: PublicationKind;
  list: CursorList<PublicationCardItem>;
  fieldLabel: (code: string) => string;
  busy: string | null;
  onApprove: (id: string) => void;
  onReject: (id: string) => void;
  /** 批量通过: asks once, then approves each selected item. */
  onApproveMany: (ids: string[]) => void;
}

function budgetOrMaturity(entry: PublicationCardItem): string {
  if (entry.kind === 'achievement') return MATURITY_LABELS[entry.item.maturity];
  const { budgetMinWan: min, budgetMaxWan: max, budgetNegotiable } = entry.item;
  if (min !== null && max !== null) return min === max ? `${min} 万元` : `${min}–${max} 万元`;
  if (min !== null) return `${min} 万元起`;
  if (max !== null) return `至多 ${max} 万元`;
  return budgetNegotiable ? '面议' : '—';
}

/**
 * The review queue at a desk: pending achievements or demands as a sortable table, 通过 / 驳回
 * per row, and the selected ones approved at once. A row opens the item to read it in full.
 */
export function ReviewTable({
  kind,
  list,
  fieldLabel,
  busy,
  onApprove,
  onReject,
  onApproveMany,
}: ReviewTableProps) {
  const columns: DataTableColumn<PublicationCardItem>[] = [
    {
      key: 'title',
      title: kind === 'achievement' ? '成果名称' : '需求名称',
      width: '2.4fr',
      render: (entry) => <Text className="ah-review-table__title">{entry.item.title}</Text>,
      sortValue: (entry) => entry.item.title,
    },
    {
      key: 'owner',
      title: '提交单位',
      width: '1.6fr',
      render: (entry) => entry.item.owner.name,
      sortValue: (entry) => entry.item.owner.name,
    },
    {
      key: 'fields',
      title: '领域',
      width: '1.4fr',
      render: (entry) => entry.item.fields.map(fieldLabel).join('、') || '—',
      sortValue: (entry) => entry.item.fields.map(fieldLabel).join('、'),
    },
    {
      key: 'extra',
      title: kind === 'achievement' ? '成熟度' : '预算',
      render: budgetOrMaturity,
      sortValue: budgetOrMaturity,
    },
    {
      key: 'updatedAt',
      title: '提交时间',
      width: '1.3fr',
      render: (entry) => formatShanghaiTime(entry.item.updatedAt),
      sortValue: (entry) => entry.item.updatedAt,
    },
    {
      key: 'actions',
      title: '操作',
      width: 'minmax(200px, 1.2fr)',
      render: (entry) => (
        // The row opens the item; its buttons must not.
        <View className="ah-review-table__actions" onClick={(event) => event.stopPropagation()}>
          <Button
            className="ah-review-table__button ah-review-table__button--danger"
            disabled={busy === entry.item.id || undefined}
            onClick={() => onReject(entry.item.id)}
          >
            驳回
          </Button>
          <Button
            className="ah-review-table__button"
            disabled={busy === entry.item.id || undefined}
            onClick={() => onApprove(entry.item.id)}
          >
            通过并发布
          </Button>
        </View>
      ),
    },
  ];
  return (
    <DataTable
      label={kind === 'achievement' ? '待审成果' : '待审需求'}
      columns={columns}
      rows={list.items ?? []}
      rowKey={(entry) => entry.item.id}
      onRowClick={(entry) => openPublication(entry.kind, entry.item.id)}
      defaultSort={{ key: 'updatedAt', direction: 'asc' }}
      bulkActions={[
        { label: '批量通过并发布', onClick: (rows) => onApproveMany(rows.map((r) => r.item.id)) },
      ]}
      pagination={{
        shown: list.items?.length ?? 0,
        hasMore: list.hasMore,
        loadingMore: list.loadingMore,
        error: list.moreError,
        onLoadMore: () => void list.loadMore(),
      }}
    />
  );
}
