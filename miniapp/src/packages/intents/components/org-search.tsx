import { useEffect, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { listOrganizations } from '../../../services/directory';

export interface OrgChoice {
  id: string;
  name: string;
}

/**
 * Type part of a name (or a 简称 like 哈工大), pick from the directory's answers. Used for the
 * board's party filter and the create form's parties.
 */
export function OrgSearch({
  placeholder = '输入单位名称或简称',
  onPick,
  exclude = [],
  label = '搜索单位',
}: {
  placeholder?: string;
  onPick: (org: OrgChoice) => void;
  exclude?: string[];
  label?: string;
}) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<OrgChoice[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    const q = text.trim();
    const mine = ++generation.current;
    if (!q) {
      setHits([]);
      return undefined;
    }
    // Wait for a pause in typing: one lookup per word, not per keystroke.
    const timer = setTimeout(() => {
      listOrganizations({ q, limit: 8 }).then(
        (page) => {
          if (mine !== generation.current) return;
          setProblem(null);
          setHits(page.items.map((org) => ({ id: org.id, name: org.name })));
        },
        (failure: unknown) => {
          if (mine === generation.current)
            setProblem(failure instanceof Error ? failure.message : '搜索失败');
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  const shown = hits.filter((hit) => !exclude.includes(hit.id));
  return (
    <View className="ah-intent-org-search">
      <Input
        className="ah-intents__input"
        aria-label={label}
        value={text}
        placeholder={placeholder}
        onInput={(e) => setText(e.detail.value)}
      />
      {problem ? <Text className="ah-intents__muted">{problem}</Text> : null}
      {text.trim() && shown.length > 0 ? (
        <View className="ah-intent-org-search__hits" role="listbox" aria-label="搜索结果">
          {shown.map((hit) => (
            <View
              key={hit.id}
              role="option"
              className="ah-intent-org-search__hit"
              onClick={() => {
                onPick(hit);
                setText('');
                setHits([]);
              }}
            >
              <Text>{hit.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
