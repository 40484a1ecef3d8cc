import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  INTENT_STAGE_LABELS,
  INTENT_STATUS_LABELS,
  type EventSummaryView,
  type MeView,
  type TaskView,
} from '@alliance-hub/types';
import { EventRow } from '../../components/event-row';
import { countPendingApplications } from '../../services/applications';
import { listAchievements } from '../../services/achievements';
import { listCardRequests } from '../../services/cards';
import { listDemands } from '../../services/demands';
import { listEvents } from '../../services/events';
import { listIntents } from '../../services/intents';
import { listRecommendations } from '../../services/matching';
import { getStats } from '../../services/stats';
import { listStaleIntents, listTasks } from '../../services/tasks';
import { formatShanghaiTime } from '../../utils/format-time';
import { INTENT_ROUTES } from '../me/intent-routes';
import { MATCHMAKING_ROUTES } from '../matchmaking/matchmaking-routes';
import { INTERACTION_ROUTES } from '../me/interaction-routes';
import { HomeBlock, HomeRow, useBlock } from './home-block';

const EVENTS_URL = '/packages/events/list/index';
const eventUrl = (id: string) => `/packages/events/detail/index?id=${id}`;
const WEEK_MS = 7 * 24 * 3600 * 1000;

function EventList({ events }: { events: EventSummaryView[] }) {
  return (
    <>
      {events.map((event) => (
        <EventRow
          key={event.id}
          event={event}
          onClick={() => void Taro.navigateTo({ url: eventUrl(event.id) })}
        />
      ))}
    </>
  );
}

function TaskRows({ tasks }: { tasks: TaskView[] }) {
  return (
    <>
      {tasks.map((task) => (
        <HomeRow
          key={task.id}
          title={task.title}
          sub={`${formatShanghaiTime(task.dueAt)} 到期 · ${task.owner.displayName}`}
          tag={task.bucket === 'overdue' ? '已逾期' : '今天'}
          tone={task.bucket === 'overdue' ? 'danger' : 'warning'}
          url={INTERACTION_ROUTES.tasks()}
        />
      ))}
    </>
  );
}

/** Overdue first, then today's, at most five: what to do before anything else. */
async function dueTasks(scope: 'mine' | 'all') {
  const [overdue, today] = await Promise.all([
    listTasks({ scope, bucket: 'overdue', limit: 5 }),
    scope === 'mine' ? listTasks({ scope, bucket: 'today', limit: 5 }) : Promise.resolve(null),
  ]);
  return {
    items: [...overdue.items, ...(today?.items ?? [])].slice(0, 5),
    overdue: overdue.counts.overdue,
    today: overdue.counts.today,
  };
}

function UpcomingEvents({
  who,
  title,
  openOnly = false,
}: {
  who: string;
  title: string;
  openOnly?: boolean;
}) {
  const [events, retry] = useBlock(`${who}:events`, async () => {
    const page = await listEvents({ when: 'upcoming', limit: 10 });
    return page.items.filter((e) => !openOnly || e.registrationMode === 'open').slice(0, 3);
  });
  return (
    <HomeBlock
      title={title}
      block={events}
      onRetry={retry}
      moreUrl={EVENTS_URL}
      isEmpty={(list) => list.length === 0}
      emptyText="近期暂无活动，新活动发布后会出现在这里"
    >
      {(list) => <EventList events={list} />}
    </HomeBlock>
  );
}

/** 白衬衫: my follow-ups due, my intents gone quiet, this week's events where I am staff. */
export function CoordinatorHome({ user }: { user: MeView }) {
  const [tasks, retryTasks] = useBlock(`${user.id}:tasks`, () => dueTasks('mine'));
  const [stale, retryStale] = useBlock(
    `${user.id}:stale`,
    async () => (await listStaleIntents('mine')).items,
  );
  const [week, retryWeek] = useBlock(`${user.id}:week`, async () => {
    const page = await listEvents({ when: 'upcoming', staff: 'me', limit: 20 });
    const end = Date.now() + WEEK_MS;
    return page.items.filter((e) => new Date(e.startsAt).getTime() < end);
  });
  return (
    <View className="ah-home__grid">
      <HomeBlock
        title="我的待办"
        block={tasks}
        onRetry={retryTasks}
        moreUrl={INTERACTION_ROUTES.tasks()}
        isEmpty={(data) => data.items.length === 0}
        emptyText="没有逾期或今天到期的跟进，记一笔时可以顺手安排下一步"
      >
        {(data) => (
          <>
            <Text className="ah-home__counts">{`已逾期 ${data.overdue} 项 · 今天到期 ${data.today} 项`}</Text>
            <TaskRows tasks={data.items} />
          </>
        )}
      </HomeBlock>
      <HomeBlock
        title="久未联系的意向"
        block={stale}
        onRetry={retryStale}
        moreUrl={INTENT_ROUTES.mine()}
        isEmpty={(items) => items.length === 0}
        emptyText="我负责的意向都有近期联系"
      >
        {(items) =>
          items
            .slice(0, 5)
            .map((intent) => (
              <HomeRow
                key={intent.id}
                title={intent.topic}
                sub={INTENT_STAGE_LABELS[intent.stage]}
                tag={`${intent.daysSilent} 天未联系`}
                tone="warning"
                url={INTENT_ROUTES.detail(intent.id)}
              />
            ))
        }
      </HomeBlock>
      <HomeBlock
        title="本周我负责的活动"
        block={week}
        onRetry={retryWeek}
        moreUrl={`${EVENTS_URL}?staff=me`}
        isEmpty={(list) => list.length === 0}
        emptyText="本周没有我负责的活动"
      >
        {(list) => <EventList events={list} />}
      </HomeBlock>
    </View>
  );
}

/** 秘书处: what waits for a decision, the year's targets, the team's overdue follow-ups. */
export function SecretariatHome({ user }: { user: MeView }) {
  const [pending, retryPending] = useBlock(`${user.id}:pending`, async () => {
    const [applications, achievements, demands] = await Promise.all([
      countPendingApplications(),
      listAchievements({ status: 'pending', limit: 20 }),
      listDemands({ status: 'pending', limit: 20 }),
    ]);
    const reviews = achievements.items.length + demands.items.length;
    const reviewsMore = Boolean(achievements.nextCursor || demands.nextCursor);
    return { applications, reviews, reviewsMore };
  });
  const year = new Date().getFullYear();
  const [stats, retryStats] = useBlock(`${user.id}:stats:${year}`, async () => {
    const view = await getStats(year);
    return view.kpis.filter((kpi) => kpi.target !== null).slice(0, 6);
  });
  const [team, retryTeam] = useBlock(`${user.id}:team`, () => dueTasks('all'));
  return (
    <View className="ah-home__grid">
      <HomeBlock title="待处理" block={pending} onRetry={retryPending}>
        {(data) => (
          <>
            <HomeRow
              title="入会申请"
              sub="待秘书处审核"
              tag={`${data.applications.count}${data.applications.more ? '+' : ''} 件`}
              tone={data.applications.count > 0 ? 'warning' : 'normal'}
              url="/packages/account/applications/index"
            />
            <HomeRow
              title="成果与需求审核"
              sub="待审核的发布"
              tag={`${data.reviews}${data.reviewsMore ? '+' : ''} 条`}
              tone={data.reviews > 0 ? 'warning' : 'normal'}
              url="/packages/matchmaking/review/index"
            />
          </>
        )}
      </HomeBlock>
      <HomeBlock
        title={`${year} 年目标进度`}
        block={stats}
        onRetry={retryStats}
        isEmpty={(kpis) => kpis.length === 0}
        emptyText="今年还没有设定目标"
      >
        {(kpis) =>
          kpis.map((kpi) => {
            const percent = Math.round((kpi.completion ?? 0) * 100);
            return (
              <View key={kpi.key} className="ah-home-kpi">
                <View className="ah-home-kpi__line">
                  <Text className="ah-home-kpi__label">{kpi.label}</Text>
                  <Text
                    className={`ah-home-kpi__value${kpi.behindSchedule ? ' ah-home-kpi__value--behind' : ''}`}
                  >
                    {`${kpi.value} / ${kpi.target} ${kpi.unit}${kpi.behindSchedule ? '（落后进度）' : ''}`}
                  </Text>
                </View>
                <View
                  className="ah-home-kpi__bar"
                  role="progressbar"
                  aria-valuenow={percent}
                  aria-label={kpi.label}
                >
                  <View
                    className={`ah-home-kpi__fill${kpi.behindSchedule ? ' ah-home-kpi__fill--behind' : ''}`}
                    style={{ width: `${Math.min(100, percent)}%` }}
                  />
                </View>
              </View>
            );
          })
        }
      </HomeBlock>
      <HomeBlock
        title="团队逾期跟进"
        block={team}
        onRetry={retryTeam}
        isEmpty={(data) => data.items.length === 0}
        emptyText="团队没有逾期的跟进"
      >
        {(data) => (
          <>
            <Text className="ah-home__counts">{`共 ${data.overdue} 项逾期`}</Text>
            <TaskRows tasks={data.items} />
          </>
        )}
      </HomeBlock>
    </View>
  );
}

/** 成员单位: what is new for us, our intents, who asked for my card, events to join. */
export function MemberHome({ user }: { user: MeView }) {
  const orgId = user.organization?.id ?? '';
  // 为你推荐 (#12) for my organization; without anything to go on, the newest items instead.
  const [fresh, retryFresh] = useBlock(`${user.id}:fresh`, async () => {
    const recommended = await listRecommendations().catch(() => null);
    if (recommended && recommended.items.length > 0) {
      return {
        title: '为本单位推荐',
        reason: recommended.reason,
        items: recommended.items
          .slice(0, 5)
          .map((item) => ({ id: item.id, title: item.title, kind: item.kind, owner: item.ownerName })),
      };
    }
    const [achievements, demands] = await Promise.all([
      listAchievements({ limit: 3 }),
      listDemands({ limit: 3 }),
    ]);
    return {
      title: '新发布的成果与需求',
      reason: null,
      items: [
        ...achievements.items.map((item) => ({
          id: item.id,
          title: item.title,
          kind: 'achievement' as const,
          owner: null,
        })),
        ...demands.items.map((item) => ({
          id: item.id,
          title: item.title,
          kind: 'demand' as const,
          owner: null,
        })),
      ],
    };
  });
  const [intents, retryIntents] = useBlock(`${user.id}:intents:${orgId}`, async () =>
    orgId ? (await listIntents({ orgId, limit: 5 })).items : [],
  );
  const [requests, retryRequests] = useBlock(`${user.id}:requests`, async () =>
    (await listCardRequests('incoming')).filter((r) => r.status === 'pending'),
  );
  return (
    <View className="ah-home__grid">
      <HomeBlock
        title={fresh.state === 'ready' ? fresh.data.title : '为本单位推荐'}
        block={fresh}
        onRetry={retryFresh}
        moreUrl="/pages/matchmaking/index"
        moreIsTab
        isEmpty={(data) => data.items.length === 0}
        emptyText="还没有新的成果或需求"
      >
        {(data) => (
          <>
            {data.reason ? <Text className="ah-home__counts">{data.reason}</Text> : null}
            {data.items.map((item) => (
              <HomeRow
                key={`${item.kind}:${item.id}`}
                title={item.title}
                sub={item.owner ?? undefined}
                tag={item.kind === 'achievement' ? '成果' : '需求'}
                url={MATCHMAKING_ROUTES.detail(item.kind, item.id)}
              />
            ))}
          </>
        )}
      </HomeBlock>
      {orgId ? (
        <HomeBlock
          title="本单位的合作意向"
          block={intents}
          onRetry={retryIntents}
          moreUrl={INTENT_ROUTES.org(orgId, user.organization?.name ?? '')}
          isEmpty={(items) => items.length === 0}
          emptyText="还没有合作意向，在对接里找到合适的成果或需求后，联盟会帮您跟进"
        >
          {(items) =>
            items.map((intent) => (
              <HomeRow
                key={intent.id}
                title={intent.topic}
                sub={INTENT_STATUS_LABELS[intent.status]}
                tag={INTENT_STAGE_LABELS[intent.stage]}
                url={INTENT_ROUTES.detail(intent.id)}
              />
            ))
          }
        </HomeBlock>
      ) : null}
      <HomeBlock
        title="名片请求"
        block={requests}
        onRetry={retryRequests}
        moreUrl="/packages/cards/requests/index"
        isEmpty={(items) => items.length === 0}
        emptyText="没有待处理的名片请求"
      >
        {(items) =>
          items
            .slice(0, 3)
            .map((r) => (
              <HomeRow
                key={r.id}
                title={r.from.name}
                sub={r.from.organization ?? undefined}
                tag="待处理"
                tone="warning"
                url="/packages/cards/requests/index"
              />
            ))
        }
      </HomeBlock>
      <UpcomingEvents who={user.id} title="近期活动" />
    </View>
  );
}

/** 访客 or signed out: how to join, and the open events anyone may register for. */
export function GuestHome({ user }: { user: MeView | null }) {
  return (
    <View className="ah-home__grid">
      <View className="ah-card ah-home-join">
        <Text className="ah-card__title">如何加入联盟</Text>
        <Text className="ah-card__text">
          企业、高校、科研院所均可申请成为成员单位：提交单位信息，秘书处审核通过后即可浏览名录、发布需求与成果、参与对接。
        </Text>
        <Button
          className="ah-home-join__action"
          onClick={() =>
            user
              ? void Taro.navigateTo({ url: '/packages/account/apply/index' })
              : void Taro.switchTab({ url: '/pages/me/index' })
          }
        >
          {user ? '申请加入联盟' : '登录后申请加入'}
        </Button>
      </View>
      {user ? (
        <UpcomingEvents who={user.id} title="近期公开活动" openOnly />
      ) : (
        <View className="ah-card">
          <Text className="ah-card__title">近期公开活动</Text>
          <View
            className="ah-card__text ah-home__sign-in"
            role="link"
            onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
          >
            <Text>登录后查看近期活动和报名，去「我的」登录 ›</Text>
          </View>
        </View>
      )}
    </View>
  );
}
