import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  ALLIANCE_ROLE_LABELS,
  ORG_KIND_LABELS,
  atLeast,
  type OrgSummaryView,
  type PersonSummaryView,
  type Role,
} from '@alliance-hub/types';
import { DataTable, type DataTableColumn } from '../../components/data-table';
import type { EmptyStateProps } from '../../components/empty-state';
import { ExportButton } from '../../components/export-button';
import {
  downloadOrganizationExport,
  downloadPeopleExport,
  type IndustryField,
} from '../../services/directory';
import { openOrganization, openPerson } from './directory-routes';
import type { DirectoryFilters, useDirectorySearch } from './use-directory-search';

type Search = ReturnType<typeof useDirectorySearch>;

const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

const copy = (lines: string[], what: string) =>
  void Taro.setClipboardData({ data: lines.join('\n') }).then(() =>
    Taro.showToast({ title: `已复制 ${lines.length} 个${what}`, icon: 'none' }),
  );

function orgColumns(fieldLabel: (code: string) => string): DataTableColumn<OrgSummaryView>[] {
  return [
    {
      key: 'name',
      title: '单位名称',
      width: '2.2fr',
      render: (org) => (
        <View>
          <Text className="ah-directory-table__name">{org.name}</Text>
          {org.aliases.length ? (
            <Text className="ah-directory-table__sub">{`简称：${org.aliases.join('、')}`}</Text>
          ) : null}
        </View>
      ),
      sortValue: (org) => org.name,
    },
    { key: 'kind', title: '类型', render: (org) => ORG_KIND_LABELS[org.kind], sortValue: (org) => org.kind },
    {
      key: 'role',
      title: '联盟职务',
      render: (org) => ALLIANCE_ROLE_LABELS[org.allianceRole],
      sortValue: (org) => ALLIANCE_ROLE_LABELS[org.allianceRole],
    },
    {
      key: 'region',
      title: '地区',
      render: (org) => [org.region.province, org.region.city].filter(Boolean).join(' · ') || '—',
      sortValue: (org) => `${org.region.province ?? ''}${org.region.city ?? ''}`,
    },
    {
      key: 'fields',
      title: '领域',
      width: '2fr',
      render: (org) => org.fields.map(fieldLabel).join('、') || '—',
    },
  ];
}

const PEOPLE_COLUMNS: DataTableColumn<PersonSummaryView>[] = [
  { key: 'name', title: '姓名', render: (p) => p.name, sortValue: (p) => p.name },
  { key: 'title', title: '职务职称', render: (p) => p.title ?? '—', sortValue: (p) => p.title ?? '' },
  {
    key: 'org',
    title: '单位',
    width: '2fr',
    render: (p) => p.organization?.name ?? '—',
    sortValue: (p) => p.organization?.name ?? '',
  },
  { key: 'expertise', title: '研究方向', width: '2fr', render: (p) => p.expertise.join('、') || '—' },
];

/**
 * 名录 at a desk: the loaded results as a sortable table (sorting orders what is loaded; 加载更多
 * fetches the next page), 复制名称 for the selected rows, and the exports of the current filters.
 */
export function DirectoryTable({
  search,
  fields,
  role,
  emptyState,
}: {
  search: Search;
  fields: IndustryField[];
  role: Role | null;
  emptyState: EmptyStateProps;
}) {
  const { results } = search;
  if (!results) return null;
  const canExport = role !== null && atLeast(role, 'member');
  const pagination = {
    shown: results.items.length,
    hasMore: Boolean(search.nextCursor),
    loadingMore: search.loadingMore,
    error: search.moreError?.message ?? null,
    onLoadMore: () => void search.loadMore(),
  };
  const filters: DirectoryFilters = search.filters;

  if (results.mode === 'orgs') {
    const labels = new Map(fields.map((f) => [f.code, f.label]));
    return (
      <DataTable
        label="单位列表"
        columns={orgColumns((code) => labels.get(code) ?? code)}
        rows={results.items}
        rowKey={(org) => org.id}
        onRowClick={(org) => openOrganization(org.id)}
        bulkActions={[
          {
            label: '复制名称',
            onClick: (rows) =>
              copy(
                rows.map((org) => org.name),
                '单位名称',
              ),
          },
        ]}
        pagination={pagination}
        emptyState={emptyState}
        toolbar={
          canExport ? (
            <ExportButton
              label="导出单位（当前筛选）"
              fileName={`单位名录-${today()}.xlsx`}
              download={(onProgress) =>
                downloadOrganizationExport(
                  {
                    q: search.q || undefined,
                    kind: filters.kind,
                    field: filters.field,
                    province: filters.province,
                    allianceRole: filters.allianceRole,
                  },
                  onProgress,
                )
              }
            />
          ) : null
        }
      />
    );
  }
  return (
    <DataTable
      label="专家列表"
      columns={PEOPLE_COLUMNS}
      rows={results.items}
      rowKey={(person) => person.id}
      onRowClick={(person) => openPerson(person.id)}
      bulkActions={[
        {
          label: '复制姓名和单位',
          onClick: (rows) =>
            copy(
              rows.map((p) => [p.name, p.organization?.name].filter(Boolean).join('，')),
              '专家',
            ),
        },
      ]}
      pagination={pagination}
      emptyState={emptyState}
      toolbar={
        canExport ? (
          <ExportButton
            label="导出专家（当前搜索）"
            fileName={`专家名录-${today()}.xlsx`}
            download={(onProgress) => downloadPeopleExport({ q: search.q || undefined }, onProgress)}
          />
        ) : null
      }
    />
  );
}
