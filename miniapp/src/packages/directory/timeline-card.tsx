import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  TIMELINE_KINDS,
  TIMELINE_KIND_LABELS,
  type TimelineEntryView,
  type TimelineKind,
  type TimelinePage,
} from '@alliance-hub/types';
import { EmptyState } from '../../components/empty-state';
import { FilterChips } from '../../components/filter-chips';
import { ListFooter } from '../../components/list-footer';
import type { TimelineSearch } from '../../services/interactions';
import { useSession } from '../../stores/session-store';
import { formatShanghaiTime } from '../../utils/format-time';
import { useCursorList } from '../../utils/use-cursor-list';
import { LinkUnlisted } from './link-unlisted';
import './timeline-card.scss';

const KIND_OPTIONS = TIMELINE_KINDS.map((value) => ({ value, label: TIMELINE_KIND_LABELS[value] }));
const PAGE_SIZE = 20;

export interface TimelineCardProps {
  /** The organization's or person's timeline endpoint, bound to its id. */
  load: (search: TimelineSearch) => Promise<TimelinePage>;
  /** What the empty timeline suggests, e.g. tapping 记一笔 above. */
  emptyHint: string;
  /** Staff: an interaction entry offers 转为意向, which opens the intent form prefilled with it. */
  onMakeIntent?: (entry: TimelineEntryView) => void;
}

/** 动态: everything that happened with an organization or person, newest first, filterable by kind. */
export function TimelineCard({ load, emptyHint, onMakeIntent }: TimelineCardProps) {
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const fetchPage = useCallback(
    (cursor: string | null) => load({ kinds: kind ? [kind] : [], cursor, limit: PAGE_SIZE }),
    [load, kind],
  );
  const list = useCursorList<TimelineEntryView>(fetchPage);

  return (
    <View className="ah-card ah-timeline" data-section="timeline">
      <Text className="ah-card__title">动态</Text>
      <FilterChips
        chips={[{ key: 'kind', label: '类型', options: KIND_OPTIONS, value: kind }]}
        onChange={(_key, value) => setKind(value as TimelineKind | '')}
        onClearAll={() => setKind('')}
      />
      {list.loading && !list.items ? <Text className="ah-timeline__status">加载中…</Text> : null}
      {list.error ? (
        <View className="ah-timeline__status" role="button" onClick={() => void list.reload()}>
          {list.error.message}，点此重试
        </View>
      ) : null}
      {list.items && list.items.length === 0 ? (
        <EmptyState title={kind ? `没有${TIMELINE_KIND_LABELS[kind]}` : '还没有动态'} hint={emptyHint} />
      ) : null}
      {list.items?.map((entry) => (
        <TimelineEntry
          key={entry.id}
          entry={entry}
          onChanged={() => void list.reload()}
          onMakeIntent={
            onMakeIntent && entry.ref.type === 'interaction' ? () => onMakeIntent(entry) : undefined
          }
        />
      ))}
      <ListFooter list={list} />
    </View>
  );
}

function TimelineEntry({
  entry,
  onMakeIntent,
  onChanged,
}: {
  entry: TimelineEntryView;
  onMakeIntent?: () => void;
  onChanged: () => void;
}) {
  const me = useSession().user;
  const [linking, setLinking] = useState<string | null>(null);
  const who = entry.who.map((w) => (w.organization ? `${w.name}（${w.organization}）` : w.name)).join('、');
  // Names typed outside the directory, on my own log: each can be linked to its directory entry.
  const unlisted =
    entry.ref.type === 'interaction' && entry.by && entry.by.id === me?.id
      ? entry.who.filter((w) => w.personId === null).map((w) => w.name)
      : [];
  return (
    <View className={`ah-timeline__entry ah-timeline__entry--${entry.kind}`} data-entry={entry.id}>
      <View className="ah-timeline__dot" />
      <View className="ah-timeline__body">
        <View className="ah-timeline__head">
          <Text className="ah-timeline__kind">{TIMELINE_KIND_LABELS[entry.kind]}</Text>
          <Text className="ah-timeline__at">{formatShanghaiTime(entry.at).slice(0, 16)}</Text>
        </View>
        <Text className="ah-timeline__summary">{entry.summary}</Text>
        {who ? <Text className="ah-timeline__meta">{who}</Text> : null}
        {entry.event ? <Text className="ah-timeline__meta">活动：{entry.event.title}</Text> : null}
        {entry.note ? <Text className="ah-timeline__note">{entry.note}</Text> : null}
        {entry.by ? <Text className="ah-timeline__meta">记录人：{entry.by.displayName}</Text> : null}
        {linking ? (
          <LinkUnlisted
            interactionId={entry.ref.id}
            name={linking}
            onCancel={() => setLinking(null)}
            onLinked={() => {
              setLinking(null);
              onChanged();
            }}
          />
        ) : (
          unlisted.map((name) => (
            <View key={name} className="ah-timeline__action" role="button" onClick={() => setLinking(name)}>
              关联名录：{name}
            </View>
          ))
        )}
        {onMakeIntent ? (
          <View className="ah-timeline__action" role="button" onClick={onMakeIntent}>
            转为合作意向
          </View>
        ) : null}
      </View>
    </View>
  );
}
