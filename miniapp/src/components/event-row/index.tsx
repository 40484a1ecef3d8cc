import { Text, View } from '@tarojs/components';
import { EVENT_KIND_LABELS, type EventSummaryView } from '@alliance-hub/types';
import { formatShanghaiTime } from '../../utils/format-time';
import './index.scss';

/** "3月1日 09:00" in Beijing time. */
function shortStart(iso: string): { day: string; time: string } {
  const s = formatShanghaiTime(iso);
  return { day: `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`, time: s.slice(11, 16) };
}

/** One event in a list (首页 and the events list): date block, title, kind, place and head count. */
export function EventRow({ event, onClick }: { event: EventSummaryView; onClick: () => void }) {
  const { day, time } = shortStart(event.startsAt);
  return (
    <View className="ah-event-row" role="link" aria-label={event.title} onClick={onClick}>
      <View className="ah-event-row__date">
        <Text className="ah-event-row__day">{day}</Text>
        <Text className="ah-event-row__time">{time}</Text>
      </View>
      <View className="ah-event-row__body">
        <Text className="ah-event-row__title">{event.title}</Text>
        <View className="ah-event-row__meta">
          <Text className="ah-event-row__kind">{EVENT_KIND_LABELS[event.kind]}</Text>
          <Text className="ah-event-row__place">{event.place ?? (event.link ? '线上' : '')}</Text>
        </View>
        <Text className="ah-event-row__count">
          已报名 {event.registeredCount}
          {event.capacity ? ` / ${event.capacity}` : ''}
        </Text>
      </View>
    </View>
  );
}
