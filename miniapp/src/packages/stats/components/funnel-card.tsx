import { Text, View } from '@tarojs/components';
import type { FunnelView } from '@alliance-hub/types';
import { formatPercent } from '../stats-format';

/** The intent funnel: first entries per stage in the year, conversion and median days. */
export function FunnelCard({ funnel }: { funnel: FunnelView }) {
  const top = Math.max(1, ...funnel.stages.map((s) => s.entered));
  return (
    <View className="ah-card ah-funnel">
      <Text className="ah-card__title">合作漏斗</Text>
      {funnel.stages.map((stage) => (
        <View key={stage.stage} className="ah-funnel__row" data-stage={stage.stage}>
          <Text className="ah-funnel__label">{stage.label}</Text>
          <View className="ah-funnel__track">
            <View
              className="ah-funnel__fill"
              style={{ width: `${Math.round((stage.entered / top) * 100)}%` }}
            />
          </View>
          <Text className="ah-funnel__count">{stage.entered}</Text>
          <Text className="ah-funnel__meta">
            {stage.conversionToNext === null ? '' : `转化 ${formatPercent(stage.conversionToNext)}`}
            {stage.medianDaysToNext === null ? '' : ` · 停留中位 ${stage.medianDaysToNext} 天`}
          </Text>
        </View>
      ))}
      <Text className="ah-stats__help">{funnel.help}</Text>
    </View>
  );
}
