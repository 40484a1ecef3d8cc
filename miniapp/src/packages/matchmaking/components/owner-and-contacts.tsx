import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { PUBLICATION_LIMITS, type OrgSummaryView, type PersonSummaryView } from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { listOrganizations, listPeople } from '../../../services/directory';

export interface OwnerRef {
  id: string;
  name: string;
}

/**
 * 所属单位: members publish for their own organization (shown, not chosen); the alliance's staff
 * publish for anyone and search the directory for it. Fixed once the item exists.
 */
export function OwnerField({
  owner,
  editable,
  error,
  onChange,
}: {
  owner: OwnerRef | null;
  editable: boolean;
  error?: string;
  onChange: (owner: OwnerRef) => void;
}) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<OrgSummaryView[]>([]);

  useEffect(() => {
    const q = text.trim();
    if (!editable || !q) {
      setResults([]);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      listOrganizations({ q, limit: 8 })
        .then((page) => live && setResults(page.items))
        .catch(() => live && setResults([]));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, editable]);

  return (
    <FormField label="所属单位" required error={error} hint={editable ? '输入单位名称或简称搜索' : undefined}>
      {owner ? <Text className="ah-mm-form__owner">{owner.name}</Text> : null}
      {editable ? (
        <View>
          <Input
            className="ah-mm-form__input"
            value={text}
            placeholder={owner ? '更换单位' : '搜索单位'}
            aria-label="搜索所属单位"
            onInput={(event) => setText(event.detail.value)}
          />
          {results.map((org) => (
            <View
              key={org.id}
              className="ah-mm-form__suggestion"
              role="option"
              onClick={() => {
                onChange({ id: org.id, name: org.name });
                setText('');
              }}
            >
              <Text>{org.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </FormField>
  );
}

/** 联系人: people of the owner organization from the directory; their contact fields stay private. */
export function ContactPicker({
  orgId,
  value,
  error,
  onChange,
}: {
  orgId: string | null;
  value: string[];
  error?: string;
  onChange: (ids: string[]) => void;
}) {
  const [people, setPeople] = useState<PersonSummaryView[] | null>(null);
  useEffect(() => {
    if (!orgId) {
      setPeople([]);
      return undefined;
    }
    let live = true;
    listPeople({ orgId, limit: 50 })
      .then((page) => live && setPeople(page.items))
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [orgId]);

  const toggle = (id: string) => {
    if (value.includes(id)) onChange(value.filter((item) => item !== id));
    else if (value.length < PUBLICATION_LIMITS.contacts) onChange([...value, id]);
  };
  return (
    <FormField
      label="联系人"
      error={error}
      hint={`最多 ${PUBLICATION_LIMITS.contacts} 位；联系方式按名录的隐私规则展示，交换名片后对方才能看到`}
    >
      {people === null ? <Text className="ah-mm__muted">加载中…</Text> : null}
      {people?.length === 0 ? (
        <Text className="ah-mm__muted">名录中没有该单位的人员，可联系秘书处添加</Text>
      ) : null}
      <View className="ah-mm-choices" role="group" aria-label="联系人">
        {people?.map((person) => {
          const selected = value.includes(person.id);
          return (
            <View
              key={person.id}
              role="checkbox"
              aria-checked={selected}
              className={`ah-mm-choices__option${selected ? ' ah-mm-choices__option--selected' : ''}`}
              onClick={() => toggle(person.id)}
            >
              <Text>
                {person.name}
                {person.title ? ` · ${person.title}` : ''}
              </Text>
            </View>
          );
        })}
      </View>
    </FormField>
  );
}
