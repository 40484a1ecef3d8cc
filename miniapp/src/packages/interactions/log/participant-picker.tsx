import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { OrgSummaryView, PersonSummaryView } from '@alliance-hub/types';
import { SearchBar } from '../../../components/search-bar';
import { isOnline } from '../../../offline';
import { listOrganizations, listPeople } from '../../../services/directory';
import type { Participant } from '../log-form';

const DEBOUNCE_MS = 300;
const PAGE_SIZE = 5;

type Section<T> = { items: T[]; nextCursor: string | null };
type Results = { people: Section<PersonSummaryView>; orgs: Section<OrgSummaryView> };

const personParticipant = (p: PersonSummaryView): Participant => ({
  kind: 'person',
  id: p.id,
  name: p.name,
  organization: p.organization?.name ?? null,
});
const orgParticipant = (o: OrgSummaryView): Participant => ({
  kind: 'org',
  id: o.id,
  name: o.name,
  organization: null,
});

/**
 * 参与人 from the directory: typing searches people and organizations (debounced; a newer search
 * drops older answers), each list pages with 更多, a tap adds. Offline the directory cannot be
 * searched, so it says to type the name below instead (linked to the directory later).
 */
export function ParticipantPicker({
  chosen,
  onAdd,
}: {
  chosen: Participant[];
  onAdd: (participant: Participant) => void;
}) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    const q = text.trim();
    const mine = ++generation.current;
    if (!q) {
      setResults(null);
      setError(null);
      return;
    }
    const timer = setTimeout(() => {
      setBusy(true);
      Promise.all([listPeople({ q, limit: PAGE_SIZE }), listOrganizations({ q, limit: PAGE_SIZE })])
        .then(([people, orgs]) => {
          if (mine !== generation.current) return;
          setResults({ people, orgs });
          setError(null);
        })
        .catch((failure: unknown) => {
          if (mine !== generation.current) return;
          setError(
            isOnline()
              ? failure instanceof Error
                ? failure.message
                : '搜索失败，请重试'
              : '离线时无法搜索名录，请在下面填写姓名和单位，联网后再关联名录',
          );
        })
        .finally(() => {
          if (mine === generation.current) setBusy(false);
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const more = async (kind: 'people' | 'orgs') => {
    const q = text.trim();
    const cursor = results?.[kind].nextCursor;
    if (!results || !cursor) return;
    const mine = generation.current;
    try {
      const page =
        kind === 'people'
          ? await listPeople({ q, cursor, limit: PAGE_SIZE })
          : await listOrganizations({ q, cursor, limit: PAGE_SIZE });
      if (mine !== generation.current) return;
      setResults((current) =>
        current
          ? {
              ...current,
              [kind]: {
                items: [...current[kind].items, ...page.items],
                nextCursor: page.nextCursor,
              },
            }
          : current,
      );
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : '加载失败，请重试');
    }
  };

  const isChosen = (kind: Participant['kind'], id: string) =>
    chosen.some((p) => p.kind === kind && p.id === id);
  const row = (participant: Participant, detail: string) => {
    const taken = isChosen(participant.kind, participant.id ?? '');
    return (
      <View
        key={`${participant.kind}:${participant.id}`}
        className={`ah-participant-picker__row${taken ? ' ah-participant-picker__row--taken' : ''}`}
        role="button"
        aria-label={`添加 ${participant.name}`}
        aria-disabled={taken}
        onClick={() => {
          if (!taken) onAdd(participant);
        }}
      >
        <Text className="ah-participant-picker__name">{participant.name}</Text>
        <Text className="ah-participant-picker__detail">{taken ? '已添加' : detail}</Text>
      </View>
    );
  };

  const nothing = results && results.people.items.length === 0 && results.orgs.items.length === 0;
  return (
    <View className="ah-participant-picker">
      <SearchBar value={text} placeholder="搜索名录中的人员或单位" onInput={setText} />
      {busy && !results ? <Text className="ah-participant-picker__hint">搜索中…</Text> : null}
      {error ? (
        <Text className="ah-participant-picker__hint ah-participant-picker__hint--error">{error}</Text>
      ) : null}
      {nothing ? (
        <Text className="ah-participant-picker__hint">
          名录中没有「{text.trim()}」，可在下面按名录外人员添加
        </Text>
      ) : null}
      {results && results.people.items.length > 0 ? (
        <View className="ah-participant-picker__section" aria-label="人员">
          <Text className="ah-participant-picker__label">人员</Text>
          {results.people.items.map((p) =>
            row(personParticipant(p), [p.organization?.name, p.title].filter(Boolean).join(' · ')),
          )}
          {results.people.nextCursor ? (
            <Text className="ah-participant-picker__more" onClick={() => void more('people')}>
              更多人员
            </Text>
          ) : null}
        </View>
      ) : null}
      {results && results.orgs.items.length > 0 ? (
        <View className="ah-participant-picker__section" aria-label="单位">
          <Text className="ah-participant-picker__label">单位</Text>
          {results.orgs.items.map((o) => row(orgParticipant(o), o.region.city ?? o.region.province ?? ''))}
          {results.orgs.nextCursor ? (
            <Text className="ah-participant-picker__more" onClick={() => void more('orgs')}>
              更多单位
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
