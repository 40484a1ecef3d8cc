import { useMemo, useState, type ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { EmptyState, type EmptyStateProps } from '../empty-state';
import './index.scss';

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: string;
  direction: SortDirection;
}

export interface DataTableColumn<T> {
  key: string;
  title: string;
  render: (row: T) => ReactNode;
  /** Makes the header clickable; rows are ordered by this value (strings in Chinese order). */
  sortValue?: (row: T) => string | number | null;
  /** false: not sortable even when the server sorts (`onSortChange`) — it orders by some columns only. */
  sortable?: boolean;
  /** CSS grid track, e.g. '2fr' or '120px'. Default '1fr'. */
  width?: string;
  align?: 'left' | 'right' | 'center';
}

export interface BulkAction<T> {
  label: string;
  onClick: (rows: T[]) => void;
  /** Destructive actions are red; the caller asks for confirmation before acting. */
  danger?: boolean;
}

export interface DataTablePagination {
  /** Rows loaded so far, or the total when the API counts. */
  shown: number;
  total?: number;
  hasMore: boolean;
  loadingMore?: boolean;
  error?: string | null;
  onLoadMore: () => void;
}

export interface DataTableProps<T> {
  columns: DataTableColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** Accessible name of the table, e.g. "单位列表". */
  label: string;
  onRowClick?: (row: T) => void;
  /** Check boxes per row and in the header; the bar above the table offers these actions. */
  bulkActions?: BulkAction<T>[];
  /** Controlled sort (the server orders): the table only reports header clicks. */
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** Initial client-side sort when `onSortChange` is not given. */
  defaultSort?: SortState;
  pagination?: DataTablePagination;
  emptyState?: EmptyStateProps;
  /** Shown above the header on the right, e.g. 导出 buttons. */
  toolbar?: ReactNode;
}

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

function compare(a: string | number | null, b: string | number | null): number {
  // Blank values sort last whichever way the column is ordered.
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The secretariat's desk table (browsers ≥ 1024 px): sortable columns, selection with bulk
 * actions, a footer that pages through cursor lists, and an empty state that says what next.
 * Built from Views with ARIA table roles so the same code compiles for the mini-program.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  label,
  onRowClick,
  bulkActions,
  sort,
  onSortChange,
  defaultSort,
  pagination,
  emptyState = { title: '暂无数据' },
  toolbar,
}: DataTableProps<T>) {
  const [localSort, setLocalSort] = useState<SortState | null>(defaultSort ?? null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const activeSort = onSortChange ? (sort ?? null) : localSort;
  const selectable = Boolean(bulkActions?.length);

  const ordered = useMemo(() => {
    if (onSortChange || !localSort) return rows;
    const column = columns.find((c) => c.key === localSort.key);
    if (!column?.sortValue) return rows;
    const sign = localSort.direction === 'asc' ? 1 : -1;
    const by = column.sortValue;
    return [...rows].sort((a, b) => sign * compare(by(a), by(b)));
  }, [rows, columns, localSort, onSortChange]);

  // Selection survives reloads only for rows still present.
  const presentKeys = useMemo(() => new Set(rows.map(rowKey)), [rows, rowKey]);
  const selectedRows = ordered.filter((row) => selected.has(rowKey(row)));
  const allSelected = ordered.length > 0 && selectedRows.length === ordered.length;

  const toggleSort = (column: DataTableColumn<T>) => {
    if (column.sortable === false || (!column.sortValue && !onSortChange)) return;
    const next: SortState =
      activeSort?.key === column.key
        ? { key: column.key, direction: activeSort.direction === 'asc' ? 'desc' : 'asc' }
        : { key: column.key, direction: 'asc' };
    if (onSortChange) onSortChange(next);
    else setLocalSort(next);
  };

  const toggleRow = (key: string) => {
    setSelected((current) => {
      const next = new Set([...current].filter((k) => presentKeys.has(k)));
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(ordered.map(rowKey)));

  const template = [selectable ? '48px' : null, ...columns.map((c) => c.width ?? '1fr')]
    .filter(Boolean)
    .join(' ');

  return (
    <View className="ah-data-table">
      {toolbar || selectable ? (
        <View className="ah-data-table__bar">
          {selectedRows.length > 0 && bulkActions ? (
            <View className="ah-data-table__bulk" role="group" aria-label="批量操作">
              <Text className="ah-data-table__bulk-count">已选 {selectedRows.length} 项</Text>
              {bulkActions.map((action) => (
                <Button
                  key={action.label}
                  className={`ah-data-table__bulk-action${action.danger ? ' ah-data-table__bulk-action--danger' : ''}`}
                  onClick={() => action.onClick(selectedRows)}
                >
                  {action.label}
                </Button>
              ))}
              <View
                className="ah-data-table__bulk-clear"
                role="button"
                onClick={() => setSelected(new Set())}
              >
                <Text>取消选择</Text>
              </View>
            </View>
          ) : (
            <View className="ah-data-table__bar-spacer">
              {/* An empty strip above the header looked broken: say what the check boxes are for. */}
              {selectable && rows.length > 0 ? (
                <Text className="ah-data-table__bar-hint">勾选行后可批量操作</Text>
              ) : null}
            </View>
          )}
          {toolbar ? <View className="ah-data-table__toolbar">{toolbar}</View> : null}
        </View>
      ) : null}

      <View className="ah-data-table__table" role="table" aria-label={label}>
        <View
          className="ah-data-table__row ah-data-table__row--head"
          role="row"
          style={{ gridTemplateColumns: template }}
        >
          {selectable ? (
            <View className="ah-data-table__cell ah-data-table__cell--check" role="columnheader">
              <Checkbox
                checked={allSelected}
                label="全选"
                onToggle={toggleAll}
                disabled={ordered.length === 0}
              />
            </View>
          ) : null}
          {columns.map((column) => {
            const sortable = column.sortable !== false && Boolean(column.sortValue || onSortChange);
            const direction = activeSort?.key === column.key ? activeSort.direction : null;
            return (
              <View
                key={column.key}
                className={`ah-data-table__cell ah-data-table__head ah-data-table__cell--${column.align ?? 'left'}${sortable ? ' ah-data-table__head--sortable' : ''}`}
                role="columnheader"
                aria-sort={
                  direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined
                }
                onClick={sortable ? () => toggleSort(column) : undefined}
              >
                <Text>{column.title}</Text>
                {sortable ? (
                  <Text className="ah-data-table__sort">
                    {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                  </Text>
                ) : null}
              </View>
            );
          })}
        </View>

        {ordered.map((row) => {
          const key = rowKey(row);
          const checked = selected.has(key);
          return (
            <View
              key={key}
              className={`ah-data-table__row${onRowClick ? ' ah-data-table__row--link' : ''}${checked ? ' ah-data-table__row--selected' : ''}`}
              role="row"
              style={{ gridTemplateColumns: template }}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
            >
              {selectable ? (
                <View className="ah-data-table__cell ah-data-table__cell--check" role="cell">
                  <Checkbox checked={checked} label="选择" onToggle={() => toggleRow(key)} />
                </View>
              ) : null}
              {columns.map((column) => (
                <View
                  key={column.key}
                  className={`ah-data-table__cell ah-data-table__cell--${column.align ?? 'left'}`}
                  role="cell"
                >
                  {column.render(row)}
                </View>
              ))}
            </View>
          );
        })}
      </View>

      {rows.length === 0 ? <EmptyState {...emptyState} /> : null}

      {pagination && rows.length > 0 ? <Footer pagination={pagination} /> : null}
    </View>
  );
}

function Footer({ pagination }: { pagination: DataTablePagination }) {
  const { shown, total, hasMore, loadingMore, error, onLoadMore } = pagination;
  let action: string | null = null;
  if (loadingMore) action = '加载中…';
  else if (error) action = `${error}，点此重试`;
  else if (hasMore) action = '加载更多';
  return (
    <View className="ah-data-table__footer">
      <Text className="ah-data-table__count">
        {total !== undefined
          ? `共 ${total} 条，已显示 ${shown} 条`
          : `已显示 ${shown} 条${hasMore ? '' : '，没有更多了'}`}
      </Text>
      {action ? (
        <View
          className="ah-data-table__more"
          role={loadingMore ? undefined : 'button'}
          onClick={loadingMore ? undefined : onLoadMore}
        >
          <Text>{action}</Text>
        </View>
      ) : null}
    </View>
  );
}

function Checkbox({
  checked,
  label,
  onToggle,
  disabled = false,
}: {
  checked: boolean;
  label: string;
  onToggle: () => void;
  disabled?: boolean;
}) {
  return (
    <View
      className={`ah-data-table__check${checked ? ' ah-data-table__check--on' : ''}`}
      role="checkbox"
      aria-checked={checked}
      aria-label={label}
      aria-disabled={disabled}
      onClick={(event) => {
        // A check box inside a clickable row selects; it does not open the row.
        event.stopPropagation();
        if (!disabled) onToggle();
      }}
    >
      {checked ? <Text>✓</Text> : null}
    </View>
  );
}
