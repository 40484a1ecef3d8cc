import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { INTENT_STAGE_LABELS, type StaleIntentBrief } from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { listStaleIntents } from '../../../services/tasks';

/** 停滞意向 in 我的待办: intents I own with no logged contact for longer than their stage allows. */
export function StaleIntentList({ onTotal }: { onTotal: (total: number) => void }) {
  const [items, setItems] = useState<StaleIntentBrief[] | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const list = await listStaleIntents('mine');
      setItems(list.items);
      onTotal(list.items.length);
    } catch (failure) {
      setError({ message: failure instanceof Error ? failure.message : '加载失败，请重试' });
    }
  }, [onTotal]);

  useEffect(() => void load(), [load]);

  return (
    <PageShell
      loading={!items && !error}
      error={error}
      onRetry={() => void load()}
      empty={items?.length === 0}
      emptyState={{
        title: '没有停滞的合作意向',
        hint: '你负责的意向在当前阶段太久没有记录联系时，会出现在这里；记一笔并关联意向即可',
      }}
    >
      {items?.map((intent) => (
        <View key={intent.id} className="ah-card ah-task ah-task--overdue" data-intent={intent.id}>
          <View className="ah-task__head">
            <Text className="ah-task__title">{intent.topic}</Text>
            <Text className="ah-task__due">{intent.daysSilent} 天未联系</Text>
          </View>
          <Text className="ah-task__meta">阶段：{INTENT_STAGE_LABELS[intent.stage]}</Text>
        </View>
      ))}
    </PageShell>
  );
}
