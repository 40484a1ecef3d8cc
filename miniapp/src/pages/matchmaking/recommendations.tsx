import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { MATCH_BAND_LABELS, type RecommendationListView } from '@alliance-hub/types';
import { listRecommendations } from '../../services/matching';
import { openPublication } from './matchmaking-routes';

/**
 * 为你推荐 on the 对接 tab for member units: new demands for universities and institutes, new
 * achievements for enterprises, with the words they share with the organization's own listings.
 * Shown only when there is something to show; the full list is one tap away on each item.
 */
export function Recommendations() {
  const [data, setData] = useState<RecommendationListView | null>(null);
  const [expanded, setExpanded] = useState(false);

  useEffect(() => {
    let live = true;
    listRecommendations()
      .then((answer) => live && setData(answer))
      // A guest or a staff member without a unit simply gets no recommendations here.
      .catch(() => live && setData(null));
    return () => {
      live = false;
    };
  }, []);

  if (!data || data.items.length === 0) return null;
  const shown = expanded ? data.items : data.items.slice(0, 3);
  return (
    <View className="ah-card ah-reco" data-testid="recommendations">
      <View className="ah-reco__head">
        <Text className="ah-card__title">为你推荐</Text>
        <Text className="ah-reco__reason">{data.reason}</Text>
      </View>
      {shown.map((item) => (
        <View key={item.id} className="ah-reco__item" onClick={() => openPublication(item.kind, item.id)}>
          <View className="ah-reco__line">
            <Text className="ah-reco__title">{item.title}</Text>
            {item.score > 0 ? (
              <Text className={`ah-reco__band ah-reco__band--${item.band}`}>
                {MATCH_BAND_LABELS[item.band]}
              </Text>
            ) : null}
          </View>
          <Text className="ah-reco__meta">
            {[item.ownerName, item.terms.length > 0 ? `相关：${item.terms.join('、')}` : '同领域新发布']
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </View>
      ))}
      {data.items.length > 3 ? (
        <Text className="ah-reco__more" onClick={() => setExpanded(!expanded)}>
          {expanded ? '收起' : `查看全部 ${data.items.length} 条`}
        </Text>
      ) : null}
    </View>
  );
}
