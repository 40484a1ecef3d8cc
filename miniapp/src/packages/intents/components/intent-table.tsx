import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { INTENT_SORT_LABELS, type IntentSort, type IntentSummaryView } from '@alliance-hub/types';
import { DataTable, type DataTableColumn } from '../../../components/data-table';
import { PageShell } from '../../../components/page-shell';
import { downloadIntentExport, listIntents, type IntentFilters } from '../../../services/intents';
import { useCursorList } from '../../../utils/use-cursor-list';
import { dayText, errorText, partiesText, stageStatusText, wanText } from '../intent-format';

const SERVER_SORTS: readonly string[] = ['topic', 'stageEnteredAt', 'amount', 'updatedAt'];

const COLUMNS: DataTableColumn<IntentSummaryView>[] = [
  {
    key: 'topic',
    title: '合作意向',
    width: '2.2fr',
    render: (row) => (
      <Text className={`ah-intent-table__topic${row.stale ? ' ah-intent-table__topic--stale' : ''}`}>
        {row.topic}
        {row.stale ? '（久未跟进）' : ''}
      </Text>
    ),
  },
  {
    key: 'parties',
    title: '参与方',
    width: '2.6fr',
    sortable: false,
    render: (row) => <Text>{partiesText(row)}</Text>,
  },
  {
    key: 'stage',
    title: '阶段',
    width: '1.1fr',
    sortable: false,
    render: (row) => <Text>{stageStatusText(row)}</Text>,
  },
  {
    key: 'owner',
    title: '负责人',
    width: '1.1fr',
    sortable: false,
    render: (row) => <Text>{row.owner?.displayName ?? '—'}</Text>,
  },
  {
    key: 'stageEnteredAt',
    title: '进入阶段',
    width: '1.4fr',
    render: (row) => <Text>{`${dayText(row.stageEnteredAt)}（${row.daysInStage} 天）`}</Text>,
  },
  {
    key: 'amount',
    title: '成交额',
    width: '1fr',
    align: 'right',
    render: (row) => <Text>{wanText(row.amount)}</Text>,
  },
  {
    key: 'lastContactAt',
    title: '最近联系',
    width: '1fr',
    sortable: false,
    render: (row) => <Text>{row.lastContactAt ? dayText(row.lastContactAt) : '—'}</Text>,
  },
  { key: 'updatedAt', title: '更新', width: '0.9fr', render: (row) => <Text>{dayText(row.updatedAt)}</Text> },
];

/**
 * 表格: the same filters as the board as a sortable table (the server orders, so sorting covers
 * every page), with an .xlsx export of exactly what the table holds.
 */
export function IntentTable({
  filters,
  onOpen,
}: {
  filters: IntentFilters;
  onOpen: (row: IntentSummaryView) => void;
}) {
  const [sort, setSort] = useState<IntentSort>('updatedAt');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [exporting, setExporting] = useState<string | null>(null);
  const fetchPage = useCallback(
    (cursor: string | null) => listIntents({ ...filters, status: 'all', sort, order, cursor, limit: 50 }),
    [filters, sort, order],
  );
  const list = useCursorList(fetchPage);

  const exportXlsx = async () => {
    setExporting('正在生成…');
    try {
      const file = await downloadIntentExport({ ...filters, status: 'all', sort, order }, (progress) =>
        setExporting(
          progress.percent === null
            ? `已下载 ${Math.round(progress.receivedBytes / 1024)} KB`
            : `已下载 ${progress.percent}%`,
        ),
      );
      if (process.env.TARO_ENV === 'h5') {
        const link = document.createElement('a');
        link.href = file;
        link.download = `合作意向-${new Date().toISOString().slice(0, 10)}.xlsx`;
        link.click();
      } else {
        await Taro.openDocument({ filePath: file, fileType: 'xlsx', showMenu: true });
      }
      void Taro.showToast({ title: '已导出', icon: 'success' });
    } catch (failure) {
      void Taro.showModal({
        title: '导出失败',
        content: errorText(failure, '导出失败，请稍后重试'),
        showCancel: false,
      });
    } finally {
      setExporting(null);
    }
  };

  return (
    <View className="ah-intent-table">
      <View className="ah-intent-table__toolbar">
        <Text className="ah-intents__muted">
          按「{INTENT_SORT_LABELS[sort]}」{order === 'asc' ? '升序' : '降序'} · 含未成和已完成
        </Text>
        <Button
          className="ah-intents__button ah-intents__button--small ah-intent-table__export"
          disabled={exporting !== null || undefined}
          onClick={() => void exportXlsx()}
        >
          {exporting ?? '导出 Excel'}
        </Button>
      </View>
      <PageShell loading={list.loading && !list.items} error={list.error} onRetry={() => void list.reload()}>
        <View className="ah-intent-table__scroll">
          <DataTable
            label="合作意向表"
            columns={COLUMNS}
            rows={list.items ?? []}
            rowKey={(row) => row.id}
            onRowClick={onOpen}
            sort={{ key: sort, direction: order }}
            onSortChange={(next) => {
              if (!SERVER_SORTS.includes(next.key)) return;
              setSort(next.key as IntentSort);
              setOrder(next.direction);
            }}
            pagination={{
              shown: list.items?.length ?? 0,
              hasMore: list.hasMore,
              loadingMore: list.loadingMore,
              error: list.moreError,
              onLoadMore: () => void list.loadMore(),
            }}
            emptyState={{ title: '没有符合条件的合作意向', hint: '换个筛选条件，或在看板上新建意向' }}
          />
        </View>
      </PageShell>
    </View>
  );
}
