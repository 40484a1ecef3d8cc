import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  DATABASE_STATE_LABELS,
  atLeast,
  type EventSummaryView,
  type HealthView,
  type MeView,
} from '@alliance-hub/types';
import { EventRow } from '../../components/event-row';
import { PageShell, type PageShellError } from '../../components/page-shell';
import { listEvents } from '../../services/events';
import { getHealth } from '../../services/health';
import { useSession } from '../../stores/session-store';
import { openTasks } from '../me/interaction-routes';
import { useTaskBadge } from '../me/use-task-badge';
import { formatShanghaiTime } from '../../utils/format-time';
import './index.scss';

const DATABASE_KIND_LABELS: Record<HealthView['database']['kind'], string> = {
  embedded: '内置数据库',
  external: '外部数据库',
};

const EVENTS_URL = '/packages/events/list/index';
const ME_URL = '/pages/me/index';
const HOME_EVENT_COUNT = 3;

export default function IndexPage() {
  const session = useSession();
  const [health, setHealth] = useState<HealthView | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [loading, setLoading] = useState(true);

  const [events, setEvents] = useState<EventSummaryView[] | null>(null);
  const [eventsError, setEventsError] = useState<string | null>(null);
  // Events are for signed-in users: who is signed in decides what this card shows.
  const viewer = session.status === 'signed-in' ? session.user.id : session.status;

  const loadEvents = useCallback(async () => {
    setEventsError(null);
    try {
      setEvents((await listEvents({ when: 'upcoming', limit: HOME_EVENT_COUNT })).items);
    } catch (failure) {
      setEventsError(failure instanceof Error ? failure.message : '加载失败');
    }
  }, []);

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

  // 首页 is a tab: it stays mounted while the user signs in on 我的, so it follows the session
  // store instead of keeping the answer it got while signed out ("请先登录" until tapped).
  useEffect(() => {
    setEvents(null);
    if (viewer === 'signed-out' || viewer === 'unknown') return;
    void loadEvents();
  }, [viewer, loadEvents]);

  // Coming back to the tab shows registrations and new events made elsewhere meanwhile.
  useDidShow(() => {
    if (viewer !== 'signed-out' && viewer !== 'unknown' && events !== null) void loadEvents();
  });

  usePullDownRefresh(() => {
    if (viewer !== 'signed-out' && viewer !== 'unknown') void loadEvents();
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

      {session.user && atLeast(session.user.role, 'coordinator') ? <TasksEntry user={session.user} /> : null}

      <UpcomingEvents
        signedOut={viewer === 'signed-out'}
        events={events}
        error={eventsError}
        onRetry={() => void loadEvents()}
      />
    </View>
  );
}

function UpcomingEvents({
  signedOut,
  events,
  error,
  onRetry,
}: {
  signedOut: boolean;
  events: EventSummaryView[] | null;
  error: string | null;
  onRetry: () => void;
}) {
  return (
    <View className="ah-card ah-home__events">
      <View className="ah-home__status-head">
        <Text className="ah-card__title">近期活动</Text>
        <View className="ah-home__more" role="link" onClick={() => void Taro.navigateTo({ url: EVENTS_URL })}>
          <Text>全部活动 ›</Text>
        </View>
      </View>
      {signedOut ? (
        <View
          className="ah-card__text ah-home__sign-in"
          role="link"
          onClick={() => void Taro.switchTab({ url: ME_URL })}
        >
          <Text>登录后查看近期活动和报名，去「我的」登录 ›</Text>
        </View>
      ) : error ? (
        <View className="ah-card__text" role="button" onClick={onRetry}>
          <Text>{error}，点此重试</Text>
        </View>
      ) : null}
      {!signedOut && !error && events?.length === 0 ? (
        <Text className="ah-card__text">近期暂无活动</Text>
      ) : null}
      {!signedOut && !error && !events ? <Text className="ah-card__text">加载中…</Text> : null}
      {events?.map((event) => (
        <EventRow
          key={event.id}
          event={event}
          onClick={() => void Taro.navigateTo({ url: `/packages/events/detail/index?id=${event.id}` })}
        />
      ))}
    </View>
  );
}

/** 我的待办 for the alliance's staff, with the count due now (the in-app reminder badge). */
function TasksEntry({ user }: { user: MeView }) {
  const due = useTaskBadge(user);
  return (
    <View className="ah-card ah-home__tasks" role="link" aria-label="我的待办" onClick={openTasks}>
      <Text className="ah-card__title">我的待办</Text>
      <Text className="ah-home__tasks-hint">{due ? `${due} 项已到期` : '查看跟进事项'}</Text>
      {due ? <Text className="ah-home__tasks-badge">{due}</Text> : null}
      <Text className="ah-home__tasks-arrow">›</Text>
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
