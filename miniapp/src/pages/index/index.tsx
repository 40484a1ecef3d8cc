import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { DATABASE_STATE_LABELS, type HealthView } from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../components/page-shell';
import { getHealth } from '../../services/health';
import { formatShanghaiTime } from '../../utils/format-time';
import './index.scss';

const DATABASE_KIND_LABELS: Record<HealthView['database']['kind'], string> = {
  embedded: '内置数据库',
  external: '外部数据库',
};

const UPCOMING = [
  '成员单位与专家名录',
  '技术需求与科技成果发布',
  '活动签到与名片交换',
  '合作意向跟进与年度统计',
];

export default function IndexPage() {
  const [health, setHealth] = useState<HealthView | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setHealth(await getHealth());
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败，请稍后重试' });
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <View className="ah-page ah-home">
      <View className="ah-home__hero">
        <Text className="ah-home__title">联盟通</Text>
        <Text className="ah-home__subtitle">产学研联盟对接服务平台</Text>
      </View>

      <PageShell loading={loading && !health} error={error} errorTitle="无法连接服务器" onRetry={load}>
        {health ? <ServerStatus health={health} /> : null}
      </PageShell>

      <View className="ah-card">
        <Text className="ah-card__title">即将上线</Text>
        {UPCOMING.map((item) => (
          <View key={item} className="ah-home__upcoming">
            <View className="ah-home__dot" />
            <Text className="ah-card__text">{item}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function ServerStatus({ health }: { health: HealthView }) {
  const healthy = health.status === 'ok';
  return (
    <View className="ah-card ah-home__status">
      <View className="ah-home__status-head">
        <Text className="ah-card__title">服务状态</Text>
        <Text className={`ah-home__badge ah-home__badge--${healthy ? 'ok' : 'degraded'}`}>
          {healthy ? '运行正常' : '部分功能受限'}
        </Text>
      </View>
      <StatusRow label="服务版本" value={health.version} />
      <StatusRow
        label="数据库"
        value={`${DATABASE_STATE_LABELS[health.database.state]}（${DATABASE_KIND_LABELS[health.database.kind]}）`}
      />
      <StatusRow label="服务器时间" value={`${formatShanghaiTime(health.time)}（北京时间）`} />
    </View>
  );
}

function StatusRow({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-home__row">
      <Text className="ah-home__label">{label}</Text>
      <Text className="ah-home__value">{value}</Text>
    </View>
  );
}
