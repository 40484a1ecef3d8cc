import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { OverdueDigestView } from '@alliance-hub/types';
import { getLatestDigest } from '../../../services/tasks';
import { askForSubscription } from '../../../utils/ask-task-reminders';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function dayText(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/**
 * The secretariat's daily overdue digest at the top of 我的待办: who has how many overdue
 * follow-ups, how many intents went cold, how many leads nobody handled. In WeChat, a tap asks for
 * tomorrow's digest as a subscribe message (one accept = one message).
 */
export function DigestCard() {
  const [digest, setDigest] = useState<OverdueDigestView | null>(null);
  const [asked, setAsked] = useState(false);

  useEffect(() => {
    void getLatestDigest().then(
      (answer) => setDigest(answer.digest),
      () => setDigest(null),
    );
  }, []);

  if (!digest) return null;
  const owners = digest.byOwner
    .slice(0, 5)
    .map((o) => `${o.displayName} ${o.count}`)
    .join('、');
  return (
    <View className="ah-card ah-task-digest" role="region" aria-label="每日逾期汇总">
      <View className="ah-task__head">
        <Text className="ah-task__title">每日逾期汇总</Text>
        <Text className="ah-task__due">{dayText(digest.day)}</Text>
      </View>
      <View className="ah-task-digest__figures">
        <Text className="ah-task-digest__figure">
          逾期待办 <Text className="ah-task-digest__count">{digest.overdueTasks}</Text> 项
        </Text>
        <Text className="ah-task-digest__figure">
          停滞意向 <Text className="ah-task-digest__count">{digest.staleIntents}</Text> 项
        </Text>
        <Text className="ah-task-digest__figure">
          待处理点菜 <Text className="ah-task-digest__count">{digest.unhandledSelections}</Text> 条
        </Text>
      </View>
      {owners ? <Text className="ah-task__meta">逾期较多：{owners}</Text> : null}
      {IS_WEAPP && !asked ? (
        <View className="ah-task__actions">
          <Button
            className="ah-task__button"
            onClick={() => {
              setAsked(true);
              void askForSubscription('overdue_digest');
            }}
          >
            明天通过微信提醒我
          </Button>
        </View>
      ) : null}
    </View>
  );
}
