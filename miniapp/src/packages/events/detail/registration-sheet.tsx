import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { RegistrationBody } from '@alliance-hub/types';
import { TRANSPORT_LABELS } from '../labels';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** "2026-03-01" + "08:30" in Beijing time → ISO with +08:00, as the server expects. */
export function arrivalIso(date: string, time: string): string | undefined {
  if (!date || !time) return undefined;
  return `${date}T${time}:00+08:00`;
}

function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Logistics asked at registration: when I arrive, whether I need a pickup, and a note. */
export function RegistrationSheet({
  startsAt,
  busy,
  title = '报名信息',
  onSubmit,
  onCancel,
}: {
  startsAt: string;
  busy: boolean;
  title?: string;
  onSubmit: (logistics: NonNullable<RegistrationBody['logistics']>) => void;
  onCancel: () => void;
}) {
  const [date, setDate] = useState(shanghaiDate(startsAt));
  const [time, setTime] = useState('');
  const [transport, setTransport] = useState<'self' | 'pickup'>('self');
  const [note, setNote] = useState('');

  const submit = () => {
    const arrivalAt = arrivalIso(date, time);
    onSubmit({
      transport,
      ...(arrivalAt ? { arrivalAt } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };

  return (
    <View className="ah-card ah-event-detail__sheet">
      <Text className="ah-card__title">{title}</Text>
      <View className="ah-events__row">
        <Text className="ah-events__label">到达日期</Text>
        <Picker mode="date" value={date} onChange={(e) => setDate(String(e.detail.value))}>
          <Text className="ah-events__value ah-event-detail__picker">{date}</Text>
        </Picker>
      </View>
      <View className="ah-events__row">
        <Text className="ah-events__label">到达时间</Text>
        <Picker mode="time" value={time || '09:00'} onChange={(e) => setTime(String(e.detail.value))}>
          <Text className="ah-events__value ah-event-detail__picker">{time || '选择时间（可不填）'}</Text>
        </Picker>
      </View>
      <View className="ah-events__row">
        <Text className="ah-events__label">交通</Text>
        <View className="ah-events__actions ah-event-detail__choices">
          {(['pickup', 'self'] as const).map((value) => (
            <View
              key={value}
              role="radio"
              aria-checked={transport === value}
              className={`ah-events__choice${transport === value ? ' ah-events__choice--active' : ''}`}
              onClick={() => setTransport(value)}
            >
              <Text>{TRANSPORT_LABELS[value]}</Text>
            </View>
          ))}
        </View>
      </View>
      <Input
        className="ah-events__input"
        placeholder="备注（如航班/车次、饮食要求）"
        value={note}
        maxlength={200}
        onInput={(e) => setNote(e.detail.value)}
      />
      <View className="ah-events__actions">
        <Button className="ah-events__button ah-events__button--ghost" onClick={onCancel}>
          取消
        </Button>
        <Button
          className="ah-events__button ah-event-detail__confirm"
          disabled={busy || undefined}
          onClick={submit}
        >
          确认报名
        </Button>
      </View>
    </View>
  );
}
