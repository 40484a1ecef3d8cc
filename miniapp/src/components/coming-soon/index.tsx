import { Text, View } from '@tarojs/components';
import './index.scss';

export interface ComingSoonFeature {
  name: string;
  description: string;
}

export interface ComingSoonProps {
  title: string;
  summary: string;
  features: ComingSoonFeature[];
  /** What the user can do meanwhile. */
  note?: string;
}

/** Placeholder for a tab whose feature is not built yet: says what is coming and why. */
export function ComingSoon({ title, summary, features, note }: ComingSoonProps) {
  return (
    <View className="ah-coming-soon">
      <View className="ah-card">
        <View className="ah-coming-soon__head">
          <Text className="ah-coming-soon__title">{title}</Text>
          <Text className="ah-badge">即将上线</Text>
        </View>
        <Text className="ah-card__text">{summary}</Text>
      </View>
      <View className="ah-card">
        {features.map((feature) => (
          <View key={feature.name} className="ah-coming-soon__feature">
            <Text className="ah-coming-soon__name">{feature.name}</Text>
            <Text className="ah-card__text">{feature.description}</Text>
          </View>
        ))}
      </View>
      {note ? <Text className="ah-coming-soon__note">{note}</Text> : null}
    </View>
  );
}
