import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { NO_FILTERS, fetchPublications } from '../../../pages/matchmaking/use-publication-search';
import { ApiError } from '../../../utils/api-error';
import type { AgendaLink } from './event-form';
import './agenda-link-picker.scss';

const NOUN: Record<AgendaLink['kind'], string> = { achievement: '科技成果', demand: '技术需求' };
const RESULTS = 6;

/**
 * The achievement or demand a roadshow slot presents: the chosen one with 更换 / 移除, or a search
 * over the published items (the 对接 tab's search) to pick from.
 */
export function AgendaLinkPicker(props: {
  kind: AgendaLink['kind'];
  value: AgendaLink | null;
  error?: string;
  onChange: (link: AgendaLink | null) => void;
}) {
  const { kind, value } = props;
  const [searching, setSearching] = useState(!value);
  const [text, setText] = useState('');
  const [results, setResults] = useState<AgendaLink[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!searching) return undefined;
    let live = true;
    // Debounced like the 对接 search box; an empty box lists the newest items.
    const timer = setTimeout(() => {
      fetchPublications(kind, text.trim(), NO_FILTERS, null).then(
        (page) => {
          if (!live) return;
          setFailure(null);
          setResults(
            page.items.slice(0, RESULTS).map(({ item }) => ({
              kind,
              id: item.id,
              title: item.title,
              ownerName: item.owner?.name ?? '',
            })),
          );
        },
        (err: unknown) => live && setFailure(err instanceof ApiError ? err.message : '搜索失败，请稍后重试'),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [searching, kind, text]);

  if (value && !searching) {
    return (
      <View className="ah-agenda-link" data-testid="agenda-link">
        <View className="ah-agenda-link__chosen">
          <Text className="ah-agenda-link__tag">{NOUN[kind]}</Text>
          <Text className="ah-agenda-link__title">{value.title}</Text>
          {value.ownerName ? <Text className="ah-agenda-link__owner">{value.ownerName}</Text> : null}
        </View>
        <View className="ah-agenda-link__actions">
          <View className="ah-agenda-link__action" role="button" onClick={() => setSearching(true)}>
            <Text>更换</Text>
          </View>
          <View
            className="ah-agenda-link__action ah-agenda-link__action--danger"
            role="button"
            onClick={() => props.onChange(null)}
          >
            <Text>移除</Text>
          </View>
        </View>
      </View>
    );
  }

  return (
    <View className="ah-agenda-link" data-testid="agenda-link-search">
      <Input
        className="ah-events__input"
        value={text}
        placeholder={`搜索要路演的${NOUN[kind]}（名称、关键词、单位）`}
        aria-label={`搜索${NOUN[kind]}`}
        onInput={(e) => setText(e.detail.value)}
      />
      {failure ? <Text className="ah-agenda-link__empty">{failure}</Text> : null}
      {results && results.length === 0 ? (
        <Text className="ah-agenda-link__empty">
          没有找到已发布的{NOUN[kind]}，换个关键词试试；未发布的须先审核通过
        </Text>
      ) : null}
      {results?.map((item) => (
        <View
          key={item.id}
          className="ah-agenda-link__result"
          role="button"
          onClick={() => {
            setSearching(false);
            setText('');
            props.onChange(item);
          }}
        >
          <Text className="ah-agenda-link__title">{item.title}</Text>
          <Text className="ah-agenda-link__owner">{item.ownerName}</Text>
        </View>
      ))}
      {value ? (
        <View className="ah-agenda-link__action" role="button" onClick={() => setSearching(false)}>
          <Text>取消更换</Text>
        </View>
      ) : null}
      {props.error ? <Text className="ah-event-edit__error">{props.error}</Text> : null}
    </View>
  );
}
