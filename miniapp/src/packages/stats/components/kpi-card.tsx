import { Text, View } from '@tarojs/components';
import type { KpiView } from '@alliance-hub/types';
import { changeText, formatFigure, formatPercent, progressWidth, statusOf } from '../stats-format';

export interface KpiCardProps {
  kpi: KpiView;
  selected: boolean;
  onSelect: () => void;
  /** Opens the records behind the year's figure. */
  onDrill: () => void;
}

/** One KPI: the year's figure (a link to its records), progress against the target, the pace. */
export function KpiCard({ kpi, selected, onSelect, onDrill }: KpiCardProps) {
  const status = statusOf(kpi);
  return (
    <View
      className={`ah-kpi ah-kpi--${status.tone}${selected ? ' ah-kpi--selected' : ''}`}
      onClick={onSelect}
      data-kpi={kpi.key}
    >
      <Text className="ah-kpi__label">{kpi.label}</Text>
      <View className="ah-kpi__figure">
        {/* A zero has no records behind it: it is not offered as a link. */}
        <View
          className={`ah-kpi__value${kpi.value ? ' ah-kpi__value--link' : ''}`}
          role={kpi.value ? 'link' : undefined}
          aria-label={`${kpi.label}明细`}
          onClick={(e) => {
            if (!kpi.value) return;
            e.stopPropagation();
            onDrill();
          }}
        >
          <Text>{kpi.source === 'pending' ? '—' : formatFigure(kpi.value, kpi.money)}</Text>
        </View>
        <Text className="ah-kpi__unit">{kpi.unit}</Text>
      </View>
      {kpi.target !== null ? (
        <View className="ah-kpi__progress">
          <View className="ah-kpi__bar">
            <View className="ah-kpi__bar-fill" style={{ width: `${progressWidth(kpi)}%` }} />
          </View>
          <Text className="ah-kpi__target">
            目标 {formatFigure(kpi.target, kpi.money)} · 完成 {formatPercent(kpi.completion)}
          </Text>
        </View>
      ) : null}
      <Text className={`ah-kpi__status ah-kpi__status--${status.tone}`}>{status.text}</Text>
      <Text className="ah-kpi__compare">{changeText(kpi)}</Text>
    </View>
  );
}
