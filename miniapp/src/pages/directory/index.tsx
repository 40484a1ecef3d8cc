import { useMemo } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ALLIANCE_ROLES, ALLIANCE_ROLE_LABELS, ORG_KINDS, ORG_KIND_LABELS } from '@alliance-hub/types';
import { DirectoryOrgRow } from '../../components/directory-org-row';
import { DirectoryPersonRow } from '../../components/directory-person-row';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../components/directory-session-gate';
import { FilterChips, type FilterChip } from '../../components/filter-chips';
import { PageShell } from '../../components/page-shell';
import { SearchBar } from '../../components/search-bar';
import type { IndustryField } from '../../services/directory';
import { useIndustryFields } from './use-industry-fields';
import { useSession } from '../../stores/session-store';
import { DIRECTORY_ROUTES, PROVINCES, openOrganization, openPerson } from './directory-routes';
import {
  hasFilters,
  useDirectorySearch,
  type DirectoryFilters,
  type DirectoryMode,
} from './use-directory-search';
import { DirectoryTable } from './directory-table';
import { useDesktop } from '../../utils/use-desktop';
import './index.scss';

const MODES: Array<{ value: DirectoryMode; label: string }> = [
  { value: 'orgs', label: '单位' },
  { value: 'people', label: '专家' },
];

const PLACEHOLDER: Record<DirectoryMode, string> = {
  orgs: '你想找哪个高校科研院所？',
  people: '按姓名、研究方向或单位找专家',
};

/** 名录: one search box over organizations and people, filters, and an infinite list. */
export default function DirectoryPage() {
  const access = useDirectoryAccess();
  const session = useSession();
  const search = useDirectorySearch(access === 'ready');
  const fields = useIndustryFields(access === 'ready');
  const isSecretariat = session.user?.role === 'secretariat';
  const desktop = useDesktop();

  usePullDownRefresh(() => {
    void search.reload(true).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void search.loadMore();
  });

  const chips = useMemo(() => filterChips(search.filters, fields), [search.filters, fields]);

  return (
    <View className={`ah-page ah-directory${desktop ? ' ah-page--wide' : ''}`}>
      <View className="ah-directory__header">
        <SearchBar
          value={search.text}
          placeholder={PLACEHOLDER[search.mode]}
          onInput={search.setText}
          onConfirm={search.searchNow}
          onClear={search.clearText}
        />
        <View className="ah-directory__toolbar">
          <View className="ah-directory__modes" role="tablist">
            {MODES.map((mode) => (
              <View
                key={mode.value}
                role="tab"
                aria-selected={search.mode === mode.value}
                className={`ah-directory__mode${search.mode === mode.value ? ' ah-directory__mode--active' : ''}`}
                onClick={() => search.setMode(mode.value)}
              >
                <Text>{mode.label}</Text>
              </View>
            ))}
          </View>
          {isSecretariat ? (
            <View
              className="ah-directory__import"
              role="button"
              onClick={() => void Taro.navigateTo({ url: DIRECTORY_ROUTES.import() })}
            >
              <Text>批量导入</Text>
            </View>
          ) : null}
        </View>
        {search.mode === 'orgs' ? (
          <FilterChips
            chips={chips}
            onChange={(key, value) => search.setFilter(key as keyof DirectoryFilters, value)}
            onClearAll={search.clearFilters}
          />
        ) : null}
      </View>

      <DirectorySessionGate access={access}>
        {isSignInError(search.error) ? (
          <SignInPrompt />
        ) : (
          <PageShell
            error={search.error}
            errorTitle="名录加载失败"
            onRetry={() => void search.reload()}
            empty={!desktop && !search.loading && search.results?.items.length === 0}
            emptyState={emptyStateFor(search)}
          >
            {search.loading || !search.results ? (
              <ListSkeleton />
            ) : desktop ? (
              <DirectoryTable
                search={search}
                fields={fields}
                role={session.user?.role ?? null}
                emptyState={emptyStateFor(search)}
              />
            ) : (
              <ResultList search={search} />
            )}
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}

type Search = ReturnType<typeof useDirectorySearch>;

function ResultList({ search }: { search: Search }) {
  const { results } = search;
  if (!results) return null;
  return (
    <View className="ah-directory__list">
      {results.mode === 'orgs'
        ? results.items.map((org) => (
            <DirectoryOrgRow key={org.id} org={org} onClick={() => openOrganization(org.id)} />
          ))
        : results.items.map((person) => (
            <DirectoryPersonRow key={person.id} person={person} onClick={() => openPerson(person.id)} />
          ))}
      <ListFooter search={search} />
    </View>
  );
}

function ListFooter({ search }: { search: Search }) {
  if (search.loadingMore) {
    return <Text className="ah-directory__footer">加载中…</Text>;
  }
  if (search.moreError) {
    return (
      <View
        className="ah-directory__footer ah-directory__footer--error"
        role="button"
        onClick={() => void search.loadMore()}
      >
        <Text>{search.moreError.message}，点击重试</Text>
      </View>
    );
  }
  if (search.nextCursor) {
    return (
      <View className="ah-directory__footer" role="button" onClick={() => void search.loadMore()}>
        <Text>上拉加载更多</Text>
      </View>
    );
  }
  return <Text className="ah-directory__footer">没有更多了</Text>;
}

function ListSkeleton() {
  return (
    <View className="ah-directory__skeleton" role="status" aria-label="加载中">
      {[0, 1, 2, 3].map((key) => (
        <View key={key} className="ah-directory__skeleton-row">
          <View className="ah-directory__skeleton-avatar" />
          <View className="ah-directory__skeleton-lines">
            <View className="ah-directory__skeleton-line" />
            <View className="ah-directory__skeleton-line ah-directory__skeleton-line--short" />
          </View>
        </View>
      ))}
    </View>
  );
}

function emptyStateFor(search: Search) {
  const what = search.mode === 'orgs' ? '单位' : '专家';
  const filtered = search.mode === 'orgs' && hasFilters(search.filters);
  if (filtered) {
    return {
      title: `没有符合条件的${what}`,
      hint: search.q ? '换个关键词试试，或清除筛选条件' : '试试清除筛选条件',
      actionText: '清除筛选',
      onAction: search.clearFilters,
    };
  }
  if (search.q) {
    return {
      title: `没有找到与“${search.q}”相关的${what}`,
      hint:
        search.mode === 'orgs'
          ? '换个关键词试试，如单位简称、技术方向或产品名称'
          : '换个关键词试试，如研究方向或所在单位',
      actionText: '清除搜索',
      onAction: search.clearText,
    };
  }
  return { title: `名录中还没有${what}`, hint: '请联系联盟秘书处导入成员名录' };
}

function filterChips(filters: DirectoryFilters, fields: IndustryField[]): FilterChip[] {
  return [
    {
      key: 'kind',
      label: '类型',
      value: filters.kind,
      options: ORG_KINDS.map((kind) => ({ value: kind, label: ORG_KIND_LABELS[kind] })),
    },
    {
      key: 'field',
      label: '领域',
      value: filters.field,
      options: fields.map((field) => ({ value: field.code, label: field.label })),
    },
    {
      key: 'allianceRole',
      label: '联盟职务',
      value: filters.allianceRole,
      options: ALLIANCE_ROLES.map((role) => ({ value: role, label: ALLIANCE_ROLE_LABELS[role] })),
    },
    {
      key: 'province',
      label: '地区',
      value: filters.province,
      options: PROVINCES.map((province) => ({ value: province, label: province })),
    },
  ];
}
