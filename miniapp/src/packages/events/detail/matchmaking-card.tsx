import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { EventDetailView } from '@alliance-hub/types';
import { KIND_NOUN, MATCHMAKING_ROUTES } from '../../../pages/matchmaking/matchmaking-routes';
import { pickKindFor } from '../../../pages/matchmaking/publication-format';
import { useSession } from '../../../stores/session-store';

/**
 * 点菜式对接 at an event: an enterprise representative ticks achievements, a university or
 * institute representative ticks demands; the event's staff open the ticks as their work list.
 */
export function MatchmakingCard({ event }: { event: EventDetailView }) {
  const session = useSession();
  const user = session.user;
  const kind = user?.person ? pickKindFor(user.organization?.kind) : null;
  const runsEvent = event.isStaff || event.canEdit;
  if (!kind && !runsEvent) return null;
  const go = (url: string) => void Taro.navigateTo({ url });
  return (
    <View className="ah-card ah-event-detail__matchmaking">
      <Text className="ah-card__title">点菜式对接</Text>
      {kind ? (
        <Text className="ah-events__muted">
          {kind === 'achievement'
            ? '勾选想进一步了解的科技成果，工作人员会为你联系成果单位。'
            : '勾选能够解答的企业技术需求，工作人员会为你联系需求企业。'}
        </Text>
      ) : (
        <Text className="ah-events__muted">参会代表勾选的成果和需求会成为对接线索，请逐条跟进。</Text>
      )}
      <View className="ah-events__actions">
        {kind ? (
          <Button
            className="ah-events__button ah-event-detail__pick"
            onClick={() => go(MATCHMAKING_ROUTES.pick(event.id, kind))}
          >
            勾选感兴趣的{KIND_NOUN[kind]}
          </Button>
        ) : null}
        {runsEvent ? (
          <Button
            className="ah-events__button ah-events__button--ghost ah-event-detail__leads"
            onClick={() => go(MATCHMAKING_ROUTES.leads(event.id))}
          >
            对接线索
          </Button>
        ) : null}
      </View>
    </View>
  );
}
