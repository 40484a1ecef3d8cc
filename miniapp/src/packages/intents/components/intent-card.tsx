import { Text, View } from '@tarojs/components';
import type { IntentSummaryView } from '@alliance-hub/types';
import { daysInStageText, partiesText, stageStatusText, wanText } from '../intent-format';

/** One intent in a list or a board column: parties, owner, days in stage, amount, stale badge. */
export function IntentCard({
  intent,
  onOpen,
  onMove,
  showStage = false,
  compact = false,
}: {
  intent: IntentSummaryView;
  onOpen: () => void;
  /** Staff only: opens the stage sheet. */
  onMove?: () => void;
  showStage?: boolean;
  compact?: boolean;
}) {
  return (
    <View
      className={`ah-intent-card${compact ? ' ah-intent-card--compact' : ''}${intent.stale ? ' ah-intent-card--stale' : ''}`}
      data-intent={intent.id}
      data-stage={intent.stage}
    >
      <View className="ah-intent-card__main" role="link" aria-label={intent.topic} onClick={onOpen}>
        <View className="ah-intent-card__head">
          <Text className="ah-intent-card__topic">{intent.topic}</Text>
          {intent.stale ? <Text className="ah-intents__badge ah-intents__badge--stale">久未跟进</Text> : null}
          {intent.memberReportedSigned ? <Text className="ah-intents__badge">成员报签约</Text> : null}
        </View>
        <Text className="ah-intent-card__parties">{partiesText(intent)}</Text>
        <View className="ah-intent-card__meta">
          {showStage || intent.status !== 'active' ? (
            <Text className="ah-intent-card__stage">{stageStatusText(intent)}</Text>
          ) : null}
          <Text>在此阶段 {daysInStageText(intent.daysInStage)}</Text>
          {intent.owner ? <Text>负责人 {intent.owner.displayName}</Text> : null}
          {intent.amount !== null ? (
            <Text className="ah-intent-card__amount">{wanText(intent.amount)}</Text>
          ) : null}
        </View>
      </View>
      {onMove ? (
        <View className="ah-intent-card__move" role="button" aria-label="变更阶段" onClick={onMove}>
          <Text>变更阶段</Text>
        </View>
      ) : null}
    </View>
  );
}
