import { Text, View } from '@tarojs/components';
import {
  COOPERATION_MODE_LABELS,
  DEMAND_PROGRESS_LABELS,
  MATURITY_LABELS,
  PUBLICATION_STATUS_LABELS,
  TRANSFER_MODE_LABELS,
  type AchievementListItemView,
  type DemandListItemView,
} from '@alliance-hub/types';
import { STATUS_TONE, budgetText, priceText } from '../../pages/matchmaking/publication-format';
import './index.scss';

export type PublicationCardItem =
  { kind: 'achievement'; item: AchievementListItemView } | { kind: 'demand'; item: DemandListItemView };

export interface PublicationCardProps {
  entry: PublicationCardItem;
  /** Field code → label from the taxonomy. */
  fieldLabel: (code: string) => string;
  /** 我的发布 and the review queue show the lifecycle status and a rejection reason. */
  showStatus?: boolean;
  onClick?: () => void;
}

/** One achievement or demand in a list: title, owner, field chips, maturity or progress badge, money. */
export function PublicationCard({ entry, fieldLabel, showStatus, onClick }: PublicationCardProps) {
  const { item } = entry;
  const badge =
    entry.kind === 'achievement'
      ? { text: MATURITY_LABELS[entry.item.maturity], tone: `maturity-${entry.item.maturity}` }
      : { text: DEMAND_PROGRESS_LABELS[entry.item.progress], tone: `progress-${entry.item.progress}` };
  const text = entry.kind === 'achievement' ? entry.item.summary : entry.item.excerpt;
  const modes =
    entry.kind === 'achievement'
      ? entry.item.transferModes.map((mode) => TRANSFER_MODE_LABELS[mode])
      : entry.item.cooperationModes.map((mode) => COOPERATION_MODE_LABELS[mode]);
  const money = entry.kind === 'achievement' ? priceText(entry.item) : budgetText(entry.item);
  return (
    <View
      className="ah-publication-card"
      role="link"
      aria-label={item.title}
      data-kind={entry.kind}
      data-id={item.id}
      onClick={onClick}
    >
      <View className="ah-publication-card__head">
        <Text className="ah-publication-card__title">{item.title}</Text>
        <Text className={`ah-publication-card__badge ah-publication-card__badge--${badge.tone}`}>
          {badge.text}
        </Text>
      </View>
      <Text className="ah-publication-card__owner">{item.owner.name}</Text>
      {text ? <Text className="ah-publication-card__text">{text}</Text> : null}
      {item.fields.length > 0 ? (
        <View className="ah-publication-card__fields">
          {item.fields.map((code) => (
            <Text key={code} className="ah-publication-card__field">
              {fieldLabel(code)}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="ah-publication-card__meta">
        <Text>{money}</Text>
        {modes.length > 0 ? <Text className="ah-publication-card__modes">{modes.join(' · ')}</Text> : null}
      </View>
      {showStatus ? (
        <View className="ah-publication-card__status-line">
          <Text
            className={`ah-publication-card__status ah-publication-card__status--${STATUS_TONE[item.status]}`}
            data-status={item.status}
          >
            {PUBLICATION_STATUS_LABELS[item.status]}
          </Text>
          {entry.kind === 'demand' && entry.item.visibility === 'staff' ? (
            <Text className="ah-publication-card__hint">仅联盟工作人员可见</Text>
          ) : null}
        </View>
      ) : null}
      {showStatus && item.status === 'rejected' && item.rejectionReason ? (
        <Text className="ah-publication-card__reason">未通过原因：{item.rejectionReason}</Text>
      ) : null}
    </View>
  );
}
