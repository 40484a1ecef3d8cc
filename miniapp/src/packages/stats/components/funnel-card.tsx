import { Text, View } from '@tarojs/components';
import type { FunnelMeasure, FunnelStage, FunnelView } from '@alliance-hub/types';
import { formatPercent } from '../stats-format';

export interface FunnelCardProps {
  funnel: FunnelView;
  /** Staff may open the moves behind a median; members see their organization's entries only. */
  staff: boolean;
  /** Opens the intents behind a stage: its entries in the year, or its moves on (with their days). */
  onDrill: (stage: FunnelStage, measure: FunnelMeasure, label: string) => void;
}

/** The intent funnel: first entries per stage in the year, conversion and median days. */
export function FunnelCard({ funnel, staff, onDrill }: FunnelCardProps) {
  const top = Math.max(1, ...funnel.stages.map((s) => s.entered));
  const empty = funnel.stages.every((s) => s.entered === 0);
  return (
    <View className="ah-card ah-funnel">
      <Text className="ah-card__title">合作漏斗</Text>
      {empty ? (
        <Text className="ah-stats__muted">这一年没有合作意向进入任何阶段。</Text>
      ) : (
        funnel.stages.map((stage) => (
          <View
            key={stage.stage}
            className={`ah-funnel__row${stage.entered ? ' ah-funnel__row--link' : ''}`}
            data-stage={stage.stage}
            role={stage.entered ? 'link' : undefined}
            aria-label={`${stage.label}阶段的意向`}
            onClick={stage.entered ? () => onDrill(stage.stage, 'entered', stage.label) : undefined}
          >
            <Text className="ah-funnel__label">{stage.label}</Text>
            <View className="ah-funnel__track">
              <View
                className="ah-funnel__fill"
                style={{ width: `${Math.round((stage.entered / top) * 100)}%` }}
              />
            </View>
            <Text className="ah-funnel__count">{stage.entered}</Text>
            <View className="ah-funnel__meta">
              {stage.conversionToNext === null ? null : (
                <Text>转化 {formatPercent(stage.conversionToNext)}</Text>
              )}
              {stage.medianDaysToNext === null ? null : staff ? (
                <View
                  className="ah-funnel__days"
                  role="link"
                  onClick={(e) => {
                    e.stopPropagation();
                    onDrill(stage.stage, 'daysToNext', stage.label);
                  }}
                >
                  <Text>停留中位 {stage.medianDaysToNext} 天</Text>
                </View>
              ) : (
                <Text>停留中位 {stage.medianDaysToNext} 天</Text>
              )}
            </View>
          </View>
        ))
      )}
      <Text className="ah-stats__help">
        {empty ? '' : '点一个阶段，查看进入该阶段的意向。'}
        {funnel.help}
      </Text>
    </View>
  );
}
