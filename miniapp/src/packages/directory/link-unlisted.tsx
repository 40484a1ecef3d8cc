import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PersonSummaryView } from '@alliance-hub/types';
import { SearchBar } from '../../components/search-bar';
import { listPeople } from '../../services/directory';
import { getInteraction, updateInteraction } from '../../services/interactions';

const DEBOUNCE_MS = 300;

/**
 * 关联名录: someone typed into a log as name + organization (not in the directory then) is
 * replaced by their directory entry, so the log shows on their own and their organization's
 * timelines. The log's author edits it (PATCH, audited); the search starts from the typed name.
 */
export function LinkUnlisted({
  interactionId,
  name,
  onLinked,
  onCancel,
}: {
  interactionId: string;
  name: string;
  onLinked: () => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(name);
  const [people, setPeople] = useState<PersonSummaryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    const q = text.trim();
    const mine = ++generation.current;
    if (!q) {
      setPeople(null);
      return;
    }
    const timer = setTimeout(() => {
      listPeople({ q, limit: 10 }).then(
        (page) => {
          if (mine === generation.current) setPeople(page.items);
        },
        (failure: unknown) => {
          if (mine === generation.current)
            setError(failure instanceof Error ? failure.message : '搜索失败，请重试');
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const link = async (person: PersonSummaryView) => {
    setBusy(true);
    setError(null);
    try {
      // The current participants, so nothing someone else changed meanwhile is lost.
      const current = await getInteraction(interactionId);
      const index = current.participants.unlisted.findIndex((u) => u.name === name);
      await updateInteraction(interactionId, {
        participants: {
          personIds: [...new Set([...current.participants.people.map((p) => p.id), person.id])],
          orgIds: current.participants.organizations.map((o) => o.id),
          unlisted: current.participants.unlisted
            .filter((_, i) => i !== index)
            .map((u) => ({ name: u.name, ...(u.organization ? { organization: u.organization } : {}) })),
        },
      });
      void Taro.showToast({ title: '已关联名录', icon: 'success' });
      onLinked();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : '关联失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ah-timeline__link" role="group" aria-label={`为 ${name} 关联名录`}>
      <Text className="ah-timeline__meta">为「{name}」选择名录中的人员：</Text>
      <SearchBar value={text} placeholder="搜索名录中的人员" onInput={setText} />
      {error ? <Text className="ah-timeline__status">{error}</Text> : null}
      {people && people.length === 0 ? (
        <Text className="ah-timeline__meta">名录中没有找到，可先在名录中新建此人</Text>
      ) : null}
      {people?.map((person) => (
        <View
          key={person.id}
          className="ah-timeline__choice"
          role="button"
          aria-label={`关联到 ${person.name}`}
          aria-disabled={busy}
          onClick={() => {
            if (!busy) void link(person);
          }}
        >
          <Text>{person.name}</Text>
          <Text className="ah-timeline__meta">
            {[person.organization?.name, person.title].filter(Boolean).join(' · ')}
          </Text>
        </View>
      ))}
      <View className="ah-timeline__action" role="button" onClick={onCancel}>
        取消
      </View>
    </View>
  );
}
