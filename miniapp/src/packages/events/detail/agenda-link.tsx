import { Text, View } from '@tarojs/components';
import { AGENDA_ITEM_KIND_LABELS, type EventDetailView } from '@alliance-hub/types';
import { openPublication } from '../../../pages/matchmaking/matchmaking-routes';

type AgendaEntry = EventDetailView['agenda'][number];

/**
 * A roadshow slot's achievement or demand (成果路演 / 需求路演): tapping it opens the item with this
 * event as context, so 我感兴趣 there ticks it at this event.
 */
export function AgendaLink({ item, eventId }: { item: AgendaEntry; eventId: string }) {
  const link = item.link;
  if (!link) return null;
  const kindLabel = item.kind && item.kind !== 'session' ? AGENDA_ITEM_KIND_LABELS[item.kind] : null;
  return (
    <View
      className="ah-event-detail__agenda-link"
      role="link"
      data-kind={link.kind}
      onClick={() => openPublication(link.kind, link.id, eventId)}
    >
      {kindLabel ? <Text className="ah-events__tag">{kindLabel}</Text> : null}
      <Text className="ah-event-detail__agenda-link-title">{link.title}</Text>
      <Text className="ah-events__muted">{link.owner.name} ›</Text>
    </View>
  );
}
