import { Text, View } from '@tarojs/components';
import {
  IMPORT_DECISIONS,
  IMPORT_DECISION_LABELS,
  IMPORT_ROW_STATUS_LABELS,
  type ImportDecision,
  type ImportRowStatus,
  type ImportRowView,
} from '@alliance-hub/types';
import { DataTable, type DataTableColumn } from '../../../components/data-table';

/** The row's name as the preview shows it: title and owner, organization, person — or its cells. */
export function rowName(row: ImportRowView): string {
  return (
    [
      row.values.publication?.title,
      row.organization?.match?.name ?? row.values.publication?.ownerName,
      row.values.organization?.name,
      row.values.person?.name,
    ]
      .filter(Boolean)
      .join(' · ') || row.raw.join(' | ')
  );
}

/** Fields an update would change, over the organization and the person. */
export const rowChanges = (row: ImportRowView): string[] =>
  [row.organization, row.person].flatMap((part) => part?.changes ?? []);

export const candidatesText = (row: ImportRowView): string =>
  row.question?.candidates.map((c) => c.name + (c.detail ? `（${c.detail}）` : '')).join('、') ?? '';

export function DecisionButtons(props: {
  row: ImportRowView;
  onDecide: (row: ImportRowView, action: ImportDecision) => void;
}) {
  return (
    <View className="ah-import__decisions">
      {IMPORT_DECISIONS.map((action) => (
        <View
          key={action}
          role="button"
          aria-pressed={props.row.decision === action}
          className={`ah-import__decision${props.row.decision === action ? ' ah-import__decision--chosen' : ''}`}
          onClick={(event) => {
            // The table row must not take the click as a selection.
            event.stopPropagation();
            props.onDecide(props.row, action);
          }}
        >
          <Text>{IMPORT_DECISION_LABELS[action]}</Text>
        </View>
      ))}
    </View>
  );
}

export interface PreviewTableProps {
  rows: ImportRowView[];
  status: ImportRowStatus;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onDecide: (row: ImportRowView, action: ImportDecision) => void;
  /** One decision for every selected suspected duplicate. */
  onDecideMany: (rows: ImportRowView[], action: ImportDecision) => void;
}

/**
 * The dry run at a desk: one status at a time as a sortable table, each row's reasons (errors in
 * red, duplicate hints in amber) beside its name, and the merge question answered in the row or
 * for all selected suspected duplicates at once.
 */
export function PreviewTable(props: PreviewTableProps) {
  const asking = props.status === 'duplicate' || props.rows.some((row) => row.question);
  const columns: DataTableColumn<ImportRowView>[] = [
    {
      key: 'row',
      title: '行号',
      width: '90px',
      align: 'right',
      render: (row) => <Text className="ah-import__row-no">第 {row.row} 行</Text>,
      sortValue: (row) => row.row,
    },
    {
      key: 'name',
      title: '名称',
      width: '2fr',
      render: (row) => <Text className="ah-import__row-name">{rowName(row)}</Text>,
      sortValue: rowName,
    },
    {
      key: 'status',
      title: '结果',
      width: '110px',
      render: (row) => (
        <Text className={`ah-import__row-status ah-import__row-status--${row.status}`}>
          {IMPORT_ROW_STATUS_LABELS[row.status]}
        </Text>
      ),
      sortValue: (row) => row.status,
    },
    {
      key: 'reasons',
      title: props.status === 'invalid' ? '错误' : '说明',
      width: '2.4fr',
      render: (row) => (
        <View className="ah-import__reasons" data-status={row.status}>
          {rowChanges(row).length > 0 ? (
            <Text className="ah-import__reason">更新：{rowChanges(row).join('、')}</Text>
          ) : null}
          {row.reasons.map((reason) => (
            <Text key={reason} className="ah-import__reason">
              {reason}
            </Text>
          ))}
        </View>
      ),
      sortValue: (row) => row.reasons.join(' '),
    },
  ];
  if (asking) {
    columns.push({
      key: 'decision',
      title: '如何处理',
      width: '2.6fr',
      render: (row) =>
        row.question ? (
          <View className="ah-import__question">
            <Text className="ah-import__candidates">已有：{candidatesText(row)}</Text>
            <DecisionButtons row={row} onDecide={props.onDecide} />
          </View>
        ) : (
          <Text>—</Text>
        ),
      sortValue: (row) => (row.decision ? IMPORT_DECISION_LABELS[row.decision] : ''),
    });
  }
  return (
    <DataTable
      label="导入预览"
      columns={columns}
      rows={props.rows}
      rowKey={(row) => String(row.row)}
      defaultSort={{ key: 'row', direction: 'asc' }}
      bulkActions={
        asking
          ? IMPORT_DECISIONS.map((action) => ({
              label: IMPORT_DECISION_LABELS[action],
              onClick: (rows: ImportRowView[]) =>
                props.onDecideMany(
                  rows.filter((row) => row.question),
                  action,
                ),
            }))
          : undefined
      }
      pagination={{
        shown: props.rows.length,
        hasMore: props.hasMore,
        loadingMore: props.loadingMore,
        onLoadMore: props.onLoadMore,
      }}
      emptyState={{
        title: `没有${IMPORT_ROW_STATUS_LABELS[props.status]}的行`,
        hint: '点上方其他结果查看文件中的其余行',
      }}
    />
  );
}
