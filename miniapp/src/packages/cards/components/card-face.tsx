import { Text, View } from '@tarojs/components';
import { CONTACT_FIELDS, CONTACT_FIELD_LABELS, ORG_KIND_LABELS, type CardView } from '@alliance-hub/types';

export interface CardFaceProps {
  card: CardView;
  /** My own card: every field I filled in, marked shared or private. */
  mine?: boolean;
}

/** A business card: who, where, what they offer and seek, and the contact fields in view. */
export function CardFace({ card, mine = false }: CardFaceProps) {
  const fields = CONTACT_FIELDS.filter((field) => card.contacts[field]);
  return (
    <View className="ah-card ah-card-face" data-testid="card-face">
      <View className="ah-card-face__head">
        <View className="ah-card-face__avatar">
          <Text>{card.name.slice(0, 1)}</Text>
        </View>
        <View className="ah-card-face__who">
          <Text className="ah-card-face__name">{card.name}</Text>
          {card.title ? <Text className="ah-card-face__title">{card.title}</Text> : null}
          {card.organization ? (
            <Text className="ah-card-face__org">
              {card.organization.name}
              <Text className="ah-card-face__kind"> · {ORG_KIND_LABELS[card.organization.kind]}</Text>
            </Text>
          ) : null}
        </View>
      </View>
      {card.offer || card.seeking ? (
        <View className="ah-card-face__lines">
          {card.offer ? <Line label="能提供" value={card.offer} /> : null}
          {card.seeking ? <Line label="在寻找" value={card.seeking} /> : null}
        </View>
      ) : null}
      <View className="ah-card-face__contacts">
        {fields.length === 0 ? (
          <Text className="ah-card-face__muted">{mine ? '还没有填写联系方式' : '对方未共享联系方式'}</Text>
        ) : (
          fields.map((field) => (
            <View key={field} className="ah-card-face__contact" data-field={field}>
              <Text className="ah-card-face__label">{CONTACT_FIELD_LABELS[field]}</Text>
              <Text className="ah-card-face__value">{card.contacts[field]}</Text>
              {mine ? (
                <Text
                  className={`ah-card-face__share${card.sharedFields.includes(field) ? ' ah-card-face__share--on' : ''}`}
                >
                  {card.sharedFields.includes(field) ? '交换后可见' : '仅自己可见'}
                </Text>
              ) : null}
            </View>
          ))
        )}
      </View>
    </View>
  );
}

function Line({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-card-face__line">
      <Text className="ah-card-face__line-label">{label}</Text>
      <Text className="ah-card-face__line-value">{value}</Text>
    </View>
  );
}
