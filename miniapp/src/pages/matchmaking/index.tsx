import { useMemo } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  COOPERATION_MODES,
  COOPERATION_MODE_LABELS,
  DEMAND_PROGRESSES,
  DEMAND_PROGRESS_LABELS,
  MATURITIES,
  MATURITY_LABELS,
  TRANSFER_MODES,
  TRANSFER_MODE_LABELS,
} from '@alliance-hub/types';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../components/directory-session-gate';
import { FilterChips, type FilterChip } from '../../components/filter-chips';
import { ListFooter } from '../../components/list-footer';
import { PageShell } from '../../components/page-shell';
import { PublicationCard } from '../../components/publication-card';
import { SearchBar } from '../../components/search-bar';
import { Tabs } from '../../components/tabs';
import type { IndustryField } from '../../services/directory';
import { useSession } from '../../stores/session-store';
import { PROVINCES } from '../directory/directory-routes';
import { fieldLabel, useIndustryFields } from '../directory/use-industry-fields';
import { KIND_NOUN, MATCHMAKING_ROUTES, openPublication, type PublicationKind } from './matchmaking-routes';
import { hasFilters, usePublicationSearch, type PublicationFilters } from './use-publication-search';
import { Recommendations } from './recommendations';
import './index.scss';

const KINDS = [
  { value: 'achievement', label: '科技成果' },
  { value: 'demand', label: '技术需求' },
] as const;

const PLACEHOLDER: Record<PublicationKind, string> = {
  achievement: '搜成果：技术名称、关键词或单位',
  demand: '搜需求：技术难题、关键词或企业',
};

/** 对接: search published achievements and demands, filter, open one, or publish your own. */
export default function MatchmakingPage() {
  const access = useDirectoryAccess();
  const session = useSession();
  const search = usePublicationSearch(access === 'ready');
  const fields = useIndustryFields(access === 'ready');
  const { list } = search;
  const mayPublish = Boolean(session.user && session.user.role !== 'guest');
  // 为你推荐 is for member units, above the plain list (not while searching or filtering).
  const showRecommendations = session.user?.role === 'member' && !search.q && !hasFilters(search.filters);

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  const chips = useMemo(
    () => filterChips(search.kind, search.filters, fields),
    [search.kind, search.filters, fields],
  );
  const labelOf = (code: string) => fieldLabel(fields, code);
  const publish = () => void Taro.navigateTo({ url: MATCHMAKING_ROUTES.edit(search.kind) });

  return (
    <View className="ah-page ah-matchmaking">
      <View className="ah-matchmaking__header">
        <SearchBar
          value={search.text}
          placeholder={PLACEHOLDER[search.kind]}
          onInput={search.setText}
          onConfirm={search.searchNow}
          onClear={search.clearText}
        />
        <View className="ah-matchmaking__toolbar">
          <Tabs options={KINDS} value={search.kind} onChange={search.setKind} />
          {mayPublish ? (
            <View className="ah-matchmaking__publish" role="button" onClick={publish}>
              <Text>发布{KIND_NOUN[search.kind]}</Text>
            </View>
          ) : null}
        </View>
        <FilterChips
          chips={chips}
          onChange={(key, value) => search.setFilter(key as keyof PublicationFilters, value)}
          onClearAll={search.clearFilters}
        />
      </View>

      <DirectorySessionGate access={access}>
        {isSignInError(list.error) ? (
          <SignInPrompt hint="成果与需求仅对联盟成员开放，登录后即可查找和发布" />
        ) : (
          <PageShell
            loading={list.loading && !list.items}
            error={list.error}
            errorTitle="加载失败"
            onRetry={() => void list.reload()}
            empty={!list.loading && list.items?.length === 0}
            emptyState={emptyStateFor(search, mayPublish, publish)}
          >
            <View className="ah-matchmaking__list">
              {showRecommendations ? <Recommendations /> : null}
              {list.items?.map((entry) => (
                <PublicationCard
                  key={`${entry.kind}-${entry.item.id}`}
                  entry={entry}
                  fieldLabel={labelOf}
                  onClick={() => openPublication(entry.kind, entry.item.id)}
                />
              ))}
              <ListFooter list={list} />
            </View>
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}

type Search = ReturnType<typeof usePublicationSearch>;

export function emptyStateFor(search: Search, mayPublish: boolean, publish: () => void) {
  const noun = KIND_NOUN[search.kind];
  if (hasFilters(search.filters)) {
    return {
      title: `没有符合条件的${noun}`,
      hint: search.q ? '换个关键词试试，或清除筛选条件' : '试试清除筛选条件',
      actionText: '清除筛选',
      onAction: search.clearFilters,
    };
  }
  if (search.q) {
    return {
      title: `没有找到与“${search.q}”相关的${noun}`,
      hint: '换个关键词试试，如技术名称、材料或单位简称',
      actionText: '清除搜索',
      onAction: search.clearText,
    };
  }
  const who = search.kind === 'achievement' ? '高校院所' : '企业';
  return {
    title: `还没有已发布的${noun}`,
    hint: mayPublish
      ? `${who}可点击「发布${noun}」填写，秘书处审核通过后在这里展示`
      : `成为联盟成员后即可发布${noun}，可在「我的」申请入会`,
    actionText: mayPublish ? `发布${noun}` : undefined,
    onAction: mayPublish ? publish : undefined,
  };
}

function filterChips(
  kind: PublicationKind,
  filters: PublicationFilters,
  fields: IndustryField[],
): FilterChip[] {
  const field: FilterChip = {
    key: 'field',
    label: '领域',
    value: filters.field,
    options: fields.map((f) => ({ value: f.code, label: f.label })),
  };
  const region: FilterChip = {
    key: 'region',
    label: '地区',
    value: filters.region,
    options: PROVINCES.map((province) => ({ value: province, label: province })),
  };
  if (kind === 'achievement') {
    return [
      field,
      {
        key: 'maturity',
        label: '成熟度',
        value: filters.maturity,
        options: MATURITIES.map((m) => ({ value: m, label: MATURITY_LABELS[m] })),
      },
      {
        key: 'transferMode',
        label: '转化方式',
        value: filters.transferMode,
        options: TRANSFER_MODES.map((m) => ({ value: m, label: TRANSFER_MODE_LABELS[m] })),
      },
      region,
    ];
  }
  return [
    field,
    {
      key: 'cooperationMode',
      label: '合作方式',
      value: filters.cooperationMode,
      options: COOPERATION_MODES.map((m) => ({ value: m, label: COOPERATION_MODE_LABELS[m] })),
    },
    {
      key: 'progress',
      label: '进展',
      value: filters.progress,
      options: DEMAND_PROGRESSES.map((p) => ({ value: p, label: DEMAND_PROGRESS_LABELS[p] })),
    },
    region,
  ];
}
