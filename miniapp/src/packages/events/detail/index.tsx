import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  EVENT_KIND_LABELS,
  REGISTRATION_MODE_LABELS,
  REGISTRATION_STATUS_LABELS,
  STAFF_DUTY_LABELS,
  type EventDetailView,
  type PersonSummaryView,
  type RegistrationBody,
} from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { listPeople } from '../../../services/directory';
import {
  cancelRegistration,
  downloadSignInSheet,
  getEvent,
  register,
  selfCheckIn,
} from '../../../services/events';
import { newClientId } from '../../../offline/client-id';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { clockOf, timeRange } from '../format';
import { STATUS_TONE, eventUrl } from '../labels';
import { failureMessage } from '../self-check-in';
import { AgendaLink } from './agenda-link';
import { MatchmakingCard } from './matchmaking-card';
import { MyRegistration } from './my-registration';
import { RegistrationSheet } from './registration-sheet';
import { SelfCheckInCard, stateForResult, type SelfCheckState } from './self-check-in-card';
import '../events.scss';
import './index.scss';

const go = (url: string) => void Taro.navigateTo({ url });
const toast = (title: string, icon: 'success' | 'none' = 'none') => void Taro.showToast({ title, icon });

/** 活动详情: the facts, my registration and entry code, colleagues, and the staff's tools. */
export default function EventDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const checkinCode = params.checkin ?? '';
  const session = useSession();
  const [event, setEvent] = useState<EventDetailView | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [busy, setBusy] = useState(false);
  const [sheet, setSheet] = useState<'me' | 'colleague' | null>(null);
  const [colleagues, setColleagues] = useState<PersonSummaryView[] | null>(null);
  const [colleague, setColleague] = useState<PersonSummaryView | null>(null);
  const [selfCheck, setSelfCheck] = useState<SelfCheckState>({ kind: 'confirm' });

  const load = useCallback(async () => {
    setError(null);
    try {
      setEvent(await getEvent(id));
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => {
    if (event) void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      toast(await action(), 'success');
      setSheet(null);
      setColleague(null);
      await load();
    } catch (failure) {
      toast(failure instanceof Error ? failure.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };

  const registerMe = (logistics: NonNullable<RegistrationBody['logistics']>) =>
    run(async () => {
      const reg = await register(id, { logistics });
      return REGISTRATION_STATUS_LABELS[reg.status];
    });

  const registerColleague = (logistics: NonNullable<RegistrationBody['logistics']>) =>
    run(async () => {
      if (!colleague) return '请选择同事';
      const reg = await register(id, { personId: colleague.id, logistics });
      return `${colleague.name}${REGISTRATION_STATUS_LABELS[reg.status]}`;
    });

  const cancel = async () => {
    const mine = event?.myRegistration;
    if (!mine) return;
    const { confirm } = await Taro.showModal({
      title: '取消报名',
      content: '确定取消报名吗？名额有限，取消后可能需要候补。',
      confirmText: '取消报名',
      cancelText: '再想想',
    });
    if (confirm) await run(async () => (await cancelRegistration(id, mine.id), '已取消报名'));
  };

  const confirmSelfCheckIn = async () => {
    setSelfCheck({ kind: 'busy' });
    try {
      const result = await selfCheckIn(id, { eventCode: checkinCode, clientId: newClientId() });
      setSelfCheck(stateForResult(result));
      void load();
    } catch (failure) {
      const notRegistered = failure instanceof ApiError && failure.status === 404;
      setSelfCheck({
        kind: 'error',
        message: failureMessage(failure, '签到失败，请稍后重试'),
        notRegistered,
      });
    }
  };

  const openColleagues = async () => {
    const orgId = session.user?.organization?.id;
    if (!orgId) return toast('您还没有加入成员单位');
    setSheet('colleague');
    try {
      const page = await listPeople({ orgId, limit: 50 });
      setColleagues(page.items.filter((person) => person.id !== session.user?.person?.id));
    } catch (failure) {
      toast(failure instanceof Error ? failure.message : '加载同事失败');
    }
  };

  const exportSheet = async () => {
    setBusy(true);
    try {
      const filePath = await downloadSignInSheet(id);
      if (process.env.TARO_ENV === 'h5') {
        const link = document.createElement('a');
        link.href = filePath;
        link.download = `${event?.title ?? '活动'}-签到表.xlsx`;
        link.click();
      } else {
        await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
      }
    } catch (failure) {
      toast(failure instanceof Error ? failure.message : '导出失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ah-page ah-event-detail">
      {checkinCode && session.status === 'signed-out' ? (
        <View className="ah-card ah-event-detail__self-check-in" data-state="signed-out">
          <Text className="ah-card__title">签到</Text>
          <Text className="ah-events__muted">请先登录，再扫码签到</Text>
          <View className="ah-events__actions">
            <Button
              className="ah-events__button ah-event-detail__sign-in"
              onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
            >
              去「我的」登录
            </Button>
          </View>
        </View>
      ) : null}
      <PageShell loading={!event && !error} error={error} onRetry={() => void load()}>
        {event ? (
          <>
            {checkinCode && session.status === 'signed-in' ? (
              <SelfCheckInCard
                event={event}
                state={selfCheck}
                onConfirm={() => void confirmSelfCheckIn()}
                onRegister={() => setSheet('me')}
              />
            ) : null}
            <View className="ah-card ah-event-detail__head">
              <View>
                <Text className="ah-events__tag">{EVENT_KIND_LABELS[event.kind]}</Text>
                <Text className="ah-events__tag ah-events__tag--muted">
                  {REGISTRATION_MODE_LABELS[event.registrationMode]}
                </Text>
              </View>
              <Text className="ah-event-detail__title">{event.title}</Text>
              <Fact label="时间" value={timeRange(event.startsAt, event.endsAt)} />
              {event.place ? <Fact label="地点" value={event.place} /> : null}
              {event.link ? <Fact label="链接" value={event.link} /> : null}
              {event.organisers.length > 0 ? <Fact label="主办" value={event.organisers.join('、')} /> : null}
              <Fact
                label="报名"
                value={`${event.registeredCount} 人${event.capacity ? ` / 限 ${event.capacity} 人` : ''}`}
              />
              {event.description ? <Text className="ah-event-detail__desc">{event.description}</Text> : null}
            </View>

            <MyRegistration
              event={event}
              busy={busy}
              onRegister={() => setSheet('me')}
              onCancel={() => void cancel()}
            />
            {sheet === 'me' ? (
              <RegistrationSheet
                startsAt={event.startsAt}
                busy={busy}
                onSubmit={(logistics) => void registerMe(logistics)}
                onCancel={() => setSheet(null)}
              />
            ) : null}

            {session.user?.organization || event.colleagues.length > 0 ? (
              <View className="ah-card">
                <Text className="ah-card__title">本单位参会</Text>
                {event.colleagues.length === 0 ? (
                  <Text className="ah-events__muted">本单位暂无其他人报名</Text>
                ) : (
                  event.colleagues.map((c, index) => (
                    <View key={`${c.name}-${index}`} className="ah-events__list-row">
                      <Text>{c.name}</Text>
                      <Text className={`ah-events__tag ah-events__tag--${STATUS_TONE[c.status]}`}>
                        {REGISTRATION_STATUS_LABELS[c.status]}
                      </Text>
                    </View>
                  ))
                )}
                {session.user?.organization && session.user.role !== 'guest' ? (
                  <View className="ah-events__actions">
                    <Button
                      className="ah-events__button ah-events__button--ghost ah-event-detail__for-colleague"
                      onClick={() => void openColleagues()}
                    >
                      为同事报名
                    </Button>
                  </View>
                ) : null}
                {sheet === 'colleague' ? (
                  <View className="ah-event-detail__colleagues">
                    {colleagues === null ? <Text className="ah-events__muted">加载同事…</Text> : null}
                    {colleagues?.length === 0 ? (
                      <Text className="ah-events__muted">名录中没有本单位的其他同事，请先在名录中添加</Text>
                    ) : null}
                    {!colleague
                      ? colleagues?.map((person) => (
                          <View
                            key={person.id}
                            className="ah-events__list-row"
                            role="button"
                            onClick={() => setColleague(person)}
                          >
                            <Text>{person.name}</Text>
                            <Text className="ah-events__muted">{person.title ?? ''} ›</Text>
                          </View>
                        ))
                      : null}
                    {colleague ? (
                      <RegistrationSheet
                        title={`为 ${colleague.name} 报名`}
                        startsAt={event.startsAt}
                        busy={busy}
                        onSubmit={(logistics) => void registerColleague(logistics)}
                        onCancel={() => {
                          setColleague(null);
                          setSheet(null);
                        }}
                      />
                    ) : null}
                  </View>
                ) : null}
              </View>
            ) : null}

            {event.agenda.length > 0 ? (
              <View className="ah-card">
                <Text className="ah-card__title">议程</Text>
                {event.agenda.map((item, index) => (
                  <View key={`${item.time}-${index}`} className="ah-event-detail__agenda">
                    <Text className="ah-event-detail__agenda-time">{clockOf(item.time)}</Text>
                    <View className="ah-event-detail__agenda-body">
                      <Text className="ah-event-detail__agenda-title">{item.title}</Text>
                      {item.speaker || item.organization ? (
                        <Text className="ah-events__muted">
                          {[item.speaker, item.organization].filter(Boolean).join(' · ')}
                        </Text>
                      ) : null}
                      <AgendaLink item={item} eventId={id} />
                    </View>
                  </View>
                ))}
              </View>
            ) : null}

            <MatchmakingCard event={event} />

            {event.staff.length > 0 ? (
              <View className="ah-card">
                <Text className="ah-card__title">工作人员</Text>
                {event.staff.map((s) => (
                  <View key={`${s.userId}-${s.duty}`} className="ah-events__list-row">
                    <Text>{s.name}</Text>
                    <Text className="ah-events__tag">{STAFF_DUTY_LABELS[s.duty]}</Text>
                  </View>
                ))}
              </View>
            ) : null}

            {event.isStaff || event.canEdit ? (
              <View className="ah-card ah-event-detail__staff-tools">
                <Text className="ah-card__title">工作人员工具</Text>
                <View className="ah-events__actions">
                  {event.isStaff ? (
                    <>
                      <Button
                        className="ah-events__button ah-event-detail__door"
                        onClick={() => go(eventUrl('door', id))}
                      >
                        签到台
                      </Button>
                      <Button
                        className="ah-events__button ah-events__button--ghost"
                        onClick={() => go(eventUrl('attendees', id))}
                      >
                        参会名单
                      </Button>
                      <Button
                        className="ah-events__button ah-events__button--ghost"
                        disabled={busy || undefined}
                        onClick={() => void exportSheet()}
                      >
                        导出签到表
                      </Button>
                    </>
                  ) : null}
                  {event.canEdit ? (
                    <Button
                      className="ah-events__button ah-events__button--ghost ah-event-detail__edit"
                      onClick={() => go(eventUrl('edit', id))}
                    >
                      编辑
                    </Button>
                  ) : null}
                </View>
                {!event.isStaff ? (
                  <Text className="ah-events__muted ah-event-detail__hint">
                    签到台与参会名单仅对本活动的工作人员开放，可在「编辑」中把自己加为工作人员。
                  </Text>
                ) : null}
              </View>
            ) : null}
          </>
        ) : null}
      </PageShell>
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-events__row">
      <Text className="ah-events__label">{label}</Text>
      <Text className="ah-events__value">{value}</Text>
    </View>
  );
}
