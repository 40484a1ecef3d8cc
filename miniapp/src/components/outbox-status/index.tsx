import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { appOutbox, startOutboxSync, type Outbox } from '../../offline';
import './index.scss';

export interface OutboxStatusProps {
  outbox?: Outbox;
  /** Called after a flush that delivered something, so the screen can reload. */
  onSynced?: () => void;
}

/**
 * 待同步 N: what the phone still has to send, with a button to try now, and the writes the
 * server refused (with its message) until dismissed. While shown, it keeps the outbox syncing.
 */
export function OutboxStatus({ outbox = appOutbox(), onSynced }: OutboxStatusProps) {
  const [count, setCount] = useState(() => outbox.count());
  const [rejected, setRejected] = useState(() => outbox.rejected());
  const [syncing, setSyncing] = useState(false);

  useEffect(
    () =>
      outbox.subscribe(() => {
        setCount(outbox.count());
        setRejected(outbox.rejected());
      }),
    [outbox],
  );

  useEffect(
    () =>
      startOutboxSync(outbox, (report) => {
        if (report.sent > 0) onSynced?.();
      }),
    [outbox, onSynced],
  );

  const syncNow = async () => {
    setSyncing(true);
    try {
      const report = await outbox.flush();
      if (report.sent > 0) onSynced?.();
    } finally {
      setSyncing(false);
    }
  };

  if (count === 0 && rejected.length === 0) return null;
  return (
    <View className="ah-outbox-status" role="status">
      {count > 0 ? (
        <View className="ah-outbox-status__row">
          <Text className="ah-outbox-status__count">待同步 {count} 条</Text>
          <Text className="ah-outbox-status__hint">联网后自动上传</Text>
          <Button
            className="ah-outbox-status__action"
            size="mini"
            disabled={syncing}
            onClick={() => void syncNow()}
          >
            {syncing ? '同步中…' : '立即同步'}
          </Button>
        </View>
      ) : null}
      {rejected.length > 0 ? (
        <View className="ah-outbox-status__row ah-outbox-status__row--error">
          <Text className="ah-outbox-status__count">{rejected.length} 条未能同步</Text>
          <Text className="ah-outbox-status__hint">
            {rejected.map((item) => `${item.label ?? ''}：${item.error.message}`).join('；')}
          </Text>
          <Button className="ah-outbox-status__action" size="mini" onClick={() => outbox.dismissRejected()}>
            知道了
          </Button>
        </View>
      ) : null}
    </View>
  );
}
