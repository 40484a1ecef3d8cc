import { useCallback, useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { EventDetailView } from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { getEvent } from '../../../services/events';
import { clockOf, timeRange } from '../format';
import { qrDataUrl } from '../qr-image';
import '../events.scss';
import './index.scss';

/** 我的入场码: a big QR the door staff scan, the code in text for typing, and the event. */
export default function EntryPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [event, setEvent] = useState<EventDetailView | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setEvent(await getEvent(id));
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    }
  }, [id]);

  useEffect(() => {
    void load();
    // Full brightness helps the scanner at a sunny door; weapp only, ignored elsewhere.
    if (process.env.TARO_ENV === 'weapp') void Taro.setScreenBrightness({ value: 1 }).catch(() => undefined);
  }, [load]);

  const registration = event?.myRegistration;
  const code = registration?.status === 'registered' ? registration.entryCode : null;
  const image = useMemo(() => (code ? qrDataUrl(code) : null), [code]);

  return (
    <View className="ah-page ah-entry">
      <PageShell
        loading={!event && !error}
        error={error}
        onRetry={() => void load()}
        empty={!!event && !code}
        emptyState={{
          title: '暂无入场码',
          hint: '报名成功（审核通过）后，入场码会显示在这里',
          actionText: '返回活动',
          onAction: () => void Taro.navigateBack(),
        }}
      >
        {event && code && image ? (
          <View className="ah-card ah-entry__card">
            <Text className="ah-entry__title">{event.title}</Text>
            <Text className="ah-events__muted">{timeRange(event.startsAt, event.endsAt)}</Text>
            {event.place ? <Text className="ah-events__muted">{event.place}</Text> : null}
            <Image className="ah-entry__qr" src={image} mode="scaleToFill" aria-label="入场码二维码" />
            <Text className="ah-entry__code" userSelect>
              {code}
            </Text>
            <Text className="ah-entry__hint">请在入口处出示</Text>
            <Text className="ah-events__muted">
              {registration?.person.name}
              {registration?.organization ? ` · ${registration.organization.name}` : ''}
            </Text>
            {registration?.checkIn ? (
              <Text className="ah-entry__done">已于 {clockOf(registration.checkIn.at)} 签到</Text>
            ) : null}
          </View>
        ) : null}
      </PageShell>
    </View>
  );
}
