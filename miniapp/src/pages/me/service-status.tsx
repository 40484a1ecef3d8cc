import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DATABASE_STATE_LABELS, type HealthView } from '@alliance-hub/types';
import { getHealth } from '../../services/health';
import { formatShanghaiTime } from '../../utils/format-time';
import './service-status.scss';

const DATABASE_KIND_LABELS: Record<HealthView['database']['kind'], string> = {
  embedded: '内置数据库',
  external: '外部数据库',
};

type State =
  { state: 'loading' } | { state: 'ready'; health: HealthView } | { state: 'error'; message: string };

/** One line for the alliance's staff: is the service up, which version, how is the database. */
export function ServiceStatusLine() {
  const [status, setStatus] = useState<State>({ state: 'loading' });
  const load = useCallback(async () => {
    setStatus({ state: 'loading' });
    try {
      setStatus({ state: 'ready', health: await getHealth() });
    } catch (error) {
      setStatus({ state: 'error', message: error instanceof Error ? error.message : '无法连接服务器' });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (status.state === 'loading') {
    return (
      <View className="ah-me__service" aria-label="服务状态">
        <Text>服务状态：检查中…</Text>
      </View>
    );
  }
  if (status.state === 'error') {
    return (
      <View
        className="ah-me__service ah-me__service--down"
        role="button"
        aria-label="服务状态"
        onClick={() => void load()}
      >
        <Text>{`服务状态：${status.message}，点此重试`}</Text>
      </View>
    );
  }
  const { health } = status;
  const healthy = health.status === 'ok';
  return (
    <View className={`ah-me__service${healthy ? '' : ' ah-me__service--down'}`} aria-label="服务状态">
      <Text>
        {`服务状态：${healthy ? '运行正常' : '部分功能受限'} · 版本 ${health.version} · ${DATABASE_KIND_LABELS[health.database.kind]}${DATABASE_STATE_LABELS[health.database.state]} · ${formatShanghaiTime(health.time, { seconds: true })}`}
      </Text>
    </View>
  );
}
