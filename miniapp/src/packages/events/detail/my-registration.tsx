import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { REGISTRATION_STATUS_LABELS, type EventDetailView } from '@alliance-hub/types';
import { clockOf } from '../format';
import { STATUS_TONE, eventUrl } from '../labels';

const go = (url: string) => void Taro.navigateTo({ url });

/** 我的报名: my registration's state, my entry code, and registering or cancelling. */
export function MyRegistration({
  event,
  busy,
  onRegister,
  onCancel,
}: {
  event: EventDetailView;
  busy: boolean;
  onRegister: () => void;
  onCancel: () => void;
}) {
  const mine = event.myRegistration;
  const active = mine && ['registered', 'pending', 'waitlisted'].includes(mine.status);
  const ended = Date.parse(event.endsAt) < Date.now();
  return (
    <View className="ah-card ah-event-detail__mine">
      <View className="ah-event-detail__mine-head">
        <Text className="ah-card__title">我的报名</Text>
        {mine ? (
          <Text className={`ah-events__tag ah-events__tag--${STATUS_TONE[mine.status]}`}>
            {REGISTRATION_STATUS_LABELS[mine.status]}
          </Text>
        ) : null}
      </View>
      {mine?.checkIn ? <Text className="ah-events__muted">已于 {clockOf(mine.checkIn.at)} 签到</Text> : null}
      {mine?.status === 'pending' ? (
        <Text className="ah-events__muted">报名待主办方审核，审核通过后可查看入场码</Text>
      ) : null}
      {mine?.status === 'waitlisted' ? (
        <Text className="ah-events__muted">名额已满，有人取消时将按顺序递补</Text>
      ) : null}
      {!mine && !ended && event.registrationMode === 'invite' ? (
        <Text className="ah-events__muted">本活动仅限邀请，如需参加请联系秘书处</Text>
      ) : null}
      {!mine && ended ? <Text className="ah-events__muted">活动已结束</Text> : null}
      <View className="ah-events__actions">
        {mine?.status === 'registered' && mine.entryCode ? (
          <Button
            className="ah-events__button ah-event-detail__entry"
            onClick={() => go(eventUrl('entry', event.id))}
          >
            我的入场码
          </Button>
        ) : null}
        {(!mine || !active) && !ended && event.registrationMode !== 'invite' ? (
          <Button
            className="ah-events__button ah-events__button--block ah-event-detail__register"
            disabled={busy || undefined}
            onClick={onRegister}
          >
            {mine ? '重新报名' : '报名'}
          </Button>
        ) : null}
        {active && !mine?.checkIn && !ended ? (
          <Button
            className="ah-events__button ah-events__button--danger ah-event-detail__cancel"
            disabled={busy || undefined}
            onClick={onCancel}
          >
            取消报名
          </Button>
        ) : null}
      </View>
    </View>
  );
}
