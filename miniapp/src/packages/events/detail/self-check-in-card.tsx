import { Button, Text, View } from '@tarojs/components';
import type { CheckInResultView, EventDetailView } from '@alliance-hub/types';
import { clockOf } from '../format';

/** Self check-in: the attendee opened the event QR shown at the door. */
export type SelfCheckState =
  | { kind: 'confirm' }
  | { kind: 'busy' }
  | { kind: 'done'; title: string; repeat: boolean }
  | { kind: 'error'; message: string; notRegistered: boolean };

export function stateForResult(result: CheckInResultView): SelfCheckState {
  const at = result.registration?.checkIn?.at;
  switch (result.outcome) {
    case 'checked_in':
    case 'walk_in_registered':
      return { kind: 'done', title: at ? `签到成功 ${clockOf(at)}` : '签到成功', repeat: false };
    case 'already_checked_in':
      return { kind: 'done', title: at ? `已于 ${clockOf(at)} 签到` : result.message, repeat: true };
    default:
      return {
        kind: 'error',
        message: result.error?.message ?? (result.message || '签到失败'),
        notRegistered: false,
      };
  }
}

/** Opened from the event QR at the door: confirm, then the server's answer. */
export function SelfCheckInCard({
  event,
  state,
  onConfirm,
  onRegister,
}: {
  event: EventDetailView;
  state: SelfCheckState;
  onConfirm: () => void;
  onRegister: () => void;
}) {
  const mine = event.myRegistration;
  const ended = Date.parse(event.endsAt) < Date.now();
  const canRegister = !ended && event.registrationMode !== 'invite';
  // Already checked in before the QR was scanned: nothing to confirm.
  const shown: SelfCheckState =
    state.kind === 'confirm' && mine?.checkIn
      ? { kind: 'done', title: `已于 ${clockOf(mine.checkIn.at)} 签到`, repeat: true }
      : state;
  return (
    <View className="ah-card ah-event-detail__self-check-in" data-state={shown.kind}>
      <Text className="ah-card__title">签到</Text>
      {shown.kind === 'confirm' || shown.kind === 'busy' ? (
        <>
          <Text className="ah-event-detail__self-check-in-text">确认签到：{event.title}</Text>
          <View className="ah-events__actions">
            <Button
              className="ah-events__button ah-events__button--block ah-event-detail__self-check-in-confirm"
              disabled={shown.kind === 'busy' || undefined}
              onClick={onConfirm}
            >
              {shown.kind === 'busy' ? '签到中…' : '确认签到'}
            </Button>
          </View>
        </>
      ) : null}
      {shown.kind === 'done' ? (
        <Text
          className={`ah-event-detail__self-check-in-result ah-event-detail__self-check-in-result--${
            shown.repeat ? 'repeat' : 'success'
          }`}
        >
          {shown.title}
        </Text>
      ) : null}
      {shown.kind === 'error' ? (
        <>
          <Text className="ah-event-detail__self-check-in-result ah-event-detail__self-check-in-result--error">
            {shown.message}
          </Text>
          {shown.notRegistered && canRegister ? (
            <>
              <Text className="ah-events__muted">您尚未报名本活动，可先报名，审核通过后再签到</Text>
              <View className="ah-events__actions">
                <Button
                  className="ah-events__button ah-event-detail__self-check-in-register"
                  onClick={onRegister}
                >
                  报名
                </Button>
              </View>
            </>
          ) : null}
        </>
      ) : null}
    </View>
  );
}
