import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { INTENT_SORT_LABELS, type IntentSort, type IntentSummaryView } from '@alliance-hub/types';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { downloadIntentExport, listIntents, type IntentFilters } from '../../../services/intents';
import { useCursorList } from '../../../utils/use-cursor-list';
import { dayText, errorText, partiesText, stageStatusText, wanText } from '../intent-format';

interface Column {
  title: string;
  sort?: IntentSort;
  cell: (row: IntentSummaryView) => string;
  className?: string;
}

const COLUMNS: Column[] = [
  { title: '合作意向', sort: 'topic', cell: (row) => row.topic, className: 'ah-intent-table__topic' },
  { title: '参与方', cell: (row) => partiesText(row), className: 'ah-intent-table__parties' },
  { title: '阶段', cell: (row) => stageStatusText(row) },
  { title: '负责人', cell: (row) => row.owner?.displayName ?? '—' },
  {
    title: '进入阶段',
    sort: 'stageEnteredAt',
    cell: (row) => `${dayText(row.stageEnteredAt)}（${row.daysInStage} 天）`,
  },
  {
    title: '成交额',
    sort: 'amount',
    cell: (row) => wanText(row.amount),
    className: 'ah-intent-table__number',
  },
  { title: '最近联系', cell: (row) => (row.lastContactAt ? dayText(row.lastContactAt) : '—') },
  { title: '更新', sort: 'updatedAt', cell: (row) => dayText(row.updatedAt) },
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

  const toggle = (next: IntentSort) => {
    if (next === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(next);
      setOrder(next === 'topic' ? 'asc' : 'desc');
    }
  };

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
      <PageShell
        loading={list.loading && !list.items}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={list.items?.length === 0}
        emptyState={{ title: '没有符合条件的合作意向', hint: '换个筛选条件，或在看板上新建意向' }}
      >
        <View className="ah-intent-table__scroll">
          <View className="ah-intent-table__grid" role="table" aria-label="合作意向表">
            <View className="ah-intent-table__row ah-intent-table__row--head" role="row">
              {COLUMNS.map((column) => (
                <View
                  key={column.title}
                  role="columnheader"
                  aria-sort={
                    column.sort === sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                  className={`ah-intent-table__cell${column.sort ? ' ah-intent-table__cell--sortable' : ''}`}
                  onClick={column.sort ? () => toggle(column.sort as IntentSort) : undefined}
                >
                  <Text>
                    {column.title}
                    {column.sort === sort ? (order === 'asc' ? ' ↑' : ' ↓') : ''}
                  </Text>
                </View>
              ))}
            </View>
            {list.items?.map((row) => (
              <View
                key={row.id}
                role="row"
                className={`ah-intent-table__row${row.stale ? ' ah-intent-table__row--stale' : ''}`}
                data-intent={row.id}
                onClick={() => onOpen(row)}
              >
                {COLUMNS.map((column) => (
                  <View
                    key={column.title}
                    role="cell"
                    className={`ah-intent-table__cell ${column.className ?? ''}`}
                  >
                    <Text>{column.cell(row)}</Text>
                  </View>
                ))}
              </View>
            ))}
          </View>
        </View>
        <ListFooter list={list} />
      </PageShell>
    </View>
  );
}
