import { useEffect, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { INTENT_LIMITS } from '@alliance-hub/types';
import { listPeople } from '../../../services/directory';
import type { PartyPerson } from '../intent-form';

/** How many of an organization's people are offered at once; a bigger one is searched by name. */
const SHOWN = 20;

/**
 * The people involved for one party: the organization's people from the directory as chips to
 * tick (most units list a handful), with a name search when it lists more than fit. Only that
 * organization's people are offered, which is also what the server accepts.
 */
export function PartyPeople({
  orgId,
  orgName,
  value,
  onChange,
  error,
}: {
  orgId: string;
  orgName: string;
  value: PartyPerson[];
  onChange: (next: PartyPerson[]) => void;
  error?: string | null;
}) {
  const [people, setPeople] = useState<PartyPerson[] | null>(null);
  const [more, setMore] = useState(false);
  const [q, setQ] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    const text = q.trim();
    // A pause in typing before a name search; the first list loads at once.
    const timer = setTimeout(
      () => {
        listPeople({ orgId, q: text || undefined, limit: SHOWN }).then(
          (page) => {
            if (mine !== generation.current) return;
            setProblem(null);
            setPeople(
              page.items.map((p) => ({ id: p.id, name: p.title ? `${p.name}（${p.title}）` : p.name })),
            );
            if (!text) setMore(page.nextCursor !== null);
          },
          (failure: unknown) => {
            if (mine === generation.current)
              setProblem(failure instanceof Error ? failure.message : '人员加载失败');
          },
        );
      },
      text ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [orgId, q]);

  const picked = new Set(value.map((p) => p.id));
  const full = value.length >= INTENT_LIMITS.personsPerParty;
  const toggle = (person: PartyPerson) =>
    onChange(picked.has(person.id) ? value.filter((p) => p.id !== person.id) : [...value, person]);
  // Picked people stay on show even when a search hides them from the list.
  const offered = [...value, ...(people ?? []).filter((p) => !picked.has(p.id))];

  return (
    <View className="ah-intent-people" role="group" aria-label={`${orgName}的联系人`}>
      <Text className="ah-intent-people__label">联系人</Text>
      {more ? (
        <Input
          className="ah-intents__input ah-intent-people__search"
          aria-label={`搜索${orgName}的人员`}
          value={q}
          placeholder="输入姓名搜索该单位人员"
          onInput={(e) => setQ(e.detail.value)}
        />
      ) : null}
      {problem ? <Text className="ah-intents__muted">{problem}</Text> : null}
      {people === null && !problem ? <Text className="ah-intents__muted">正在加载人员…</Text> : null}
      {people !== null && offered.length === 0 ? (
        <Text className="ah-intents__muted">
          {q.trim() ? '没有找到这个人' : '名录中该单位还没有人员，可先在名录中添加'}
        </Text>
      ) : null}
      <View className="ah-intents__chips">
        {offered.map((person) => {
          const on = picked.has(person.id);
          return (
            <View
              key={person.id}
              role="checkbox"
              aria-checked={on}
              aria-disabled={(!on && full) || undefined}
              className={`ah-intents__chip${on ? ' ah-intents__chip--on' : ''}${!on && full ? ' ah-intents__chip--disabled' : ''}`}
              onClick={!on && full ? undefined : () => toggle(person)}
            >
              <Text>{on ? `✓ ${person.name}` : person.name}</Text>
            </View>
          );
        })}
      </View>
      {full ? (
        <Text className="ah-intents__muted">每个单位最多 {INTENT_LIMITS.personsPerParty} 位联系人</Text>
      ) : null}
      {error ? <Text className="ah-intent-people__error">{error}</Text> : null}
    </View>
  );
}
