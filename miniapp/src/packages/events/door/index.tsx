import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import type { RegistrationView } from '@alliance-hub/types';
import { PageShell } from '../../../components/page-shell';
import { SearchBar } from '../../../components/search-bar';
import { clockOf } from '../format';
import { qrDataUrl } from '../qr-image';
import { selfCheckInLink } from '../self-check-in';
import { DoorResultBanner } from './door-banner';
import { DoorWalkInForm } from './walk-in-form';
import { useDoor } from './use-door';
import './index.scss';

const SEARCH_DEBOUNCE_MS = 300;

/** 签到台: the coordinator's phone at the door — scan, look up, register walk-ins, online or not. */
export default function DoorPage() {
  const { params } = useRouter();
  const eventId = params.id ?? '';
  const door = useDoor(eventId);
  const [code, setCode] = useState('');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<RegistrationView[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [walkInOpen, setWalkInOpen] = useState(false);
  const [showEventQr, setShowEventQr] = useState(false);
  const searchSeq = useRef(0);
  const eventCode = door.roster?.eventCode ?? null;
  const selfLink = eventCode ? selfCheckInLink(eventId, eventCode) : null;
  const selfQr = useMemo(
    () => (showEventQr && selfLink ? qrDataUrl(selfLink, 8) : null),
    [showEventQr, selfLink],
  );

  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setResults(null);
      return undefined;
    }
    const timer = setTimeout(() => {
      const mine = ++searchSeq.current;
      door
        .search(text)
        .then((items) => {
          if (mine === searchSeq.current) {
            setResults(items);
            setSearchError(null);
          }
        })
        .catch((error: Error) => {
          if (mine === searchSeq.current) setSearchError(error.message);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only a new query (or network state) starts a search; `door` is a new object every render.
  }, [query, door.online]);

  const submitCode = async () => {
    const value = code;
    setCode('');
    await door.scan(value);
  };

  const scanWithCamera = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await door.scan(result);
    } catch {
      // Cancelled by the user: nothing to do.
    }
  };

  const checkInRow = async (registration: RegistrationView) => {
    await door.checkInPerson(registration);
    setQuery('');
  };

  const counts = door.door;
  const queuedCount = door.queued.length;

  return (
    <View className="ah-page ah-door">
      <PageShell
        loading={door.loading && !counts && !door.roster}
        error={door.loadError}
        onRetry={() => void door.reload()}
      >
        <View className="ah-door__status">
          <Text
            className={`ah-door__network ah-door__network--${door.online ? 'online' : 'offline'}`}
            data-online={door.online ? 'yes' : 'no'}
          >
            {door.online ? '● 在线' : '● 离线 · 使用本机名单签到'}
          </Text>
          {queuedCount > 0 ? (
            <View className="ah-door__pending" role="status" onClick={() => void door.syncNow()}>
              <Text>待同步 {queuedCount} 条</Text>
            </View>
          ) : null}
        </View>

        <View className="ah-door__counts">
          <Count label="已报名" value={counts?.registered} />
          <Count label="已签到" value={counts?.checkedIn} highlight />
          <Count label="现场登记" value={counts?.walkIns} />
        </View>

        <DoorResultBanner banner={door.banner} />

        <View className="ah-card ah-door__event-qr">
          <Button
            className="ah-door__button ah-door__button--ghost ah-door__event-qr-toggle"
            disabled={!selfLink || undefined}
            onClick={() => setShowEventQr((open) => !open)}
          >
            {showEventQr ? '收起签到码' : '出示签到码'}
          </Button>
          {showEventQr && selfLink && selfQr ? (
            <View className="ah-door__event-qr-body">
              <Image
                className="ah-door__event-qr-image"
                src={selfQr}
                mode="scaleToFill"
                aria-label="活动签到码"
              />
              <Text className="ah-door__muted">参会人扫码后在手机上确认签到（仅限签到时间内）</Text>
              <Text className="ah-door__event-qr-link">{selfLink}</Text>
            </View>
          ) : null}
        </View>

        <View className="ah-card ah-door__scan">
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className="ah-door__scan-button" onClick={() => void scanWithCamera()}>
              扫码签到
            </Button>
          ) : null}
          <View className="ah-door__code-row">
            <View className="ah-door__code">
              <Input
                className="ah-door__input"
                placeholder="输入或粘贴入场码"
                aria-label="入场码"
                value={code}
                maxlength={64}
                confirmType="done"
                onInput={(event) => setCode(event.detail.value)}
                onConfirm={() => void submitCode()}
              />
            </View>
            <Button
              className="ah-door__button ah-door__code-submit"
              disabled={door.busy || !code.trim() || undefined}
              onClick={() => void submitCode()}
            >
              签到
            </Button>
          </View>
        </View>

        <View className="ah-card ah-door__lookup">
          <Text className="ah-card__title">查找参会人</Text>
          <SearchBar
            value={query}
            placeholder="姓名、单位或手机尾号（4 位）"
            onInput={setQuery}
            onClear={() => setQuery('')}
            maxLength={40}
          />
          {searchError ? <Text className="ah-door__form-error">{searchError}</Text> : null}
          {results && results.length === 0 ? (
            <Text className="ah-door__muted">没有找到，可以为其现场登记</Text>
          ) : null}
          {results?.map((registration) => (
            <AttendeeResult
              key={registration.id}
              registration={registration}
              busy={door.busy}
              onCheckIn={() => void checkInRow(registration)}
            />
          ))}
          {walkInOpen ? (
            <DoorWalkInForm
              busy={door.busy}
              onCancel={() => setWalkInOpen(false)}
              onSubmit={async (form) => {
                await door.walkIn(form);
                setWalkInOpen(false);
              }}
            />
          ) : (
            <Button
              className="ah-door__button ah-door__button--ghost ah-door__walk-in-open"
              onClick={() => setWalkInOpen(true)}
            >
              现场登记
            </Button>
          )}
        </View>

        {queuedCount > 0 ? (
          <View className="ah-card ah-door__queue">
            <Text className="ah-card__title">待同步（{queuedCount}）</Text>
            {door.queued.map((item) => (
              <View key={item.body.clientId} className="ah-door__arrival">
                <Text className="ah-door__arrival-name">
                  {item.personName ?? `入场码 ${item.body.entryCode ?? ''}`}
                </Text>
                <Text className="ah-door__arrival-time">{clockOf(item.body.at)}</Text>
              </View>
            ))}
          </View>
        ) : null}

        <View className="ah-card ah-door__latest">
          <Text className="ah-card__title">最新签到</Text>
          {counts && counts.latest.length === 0 ? <Text className="ah-door__muted">还没有人签到</Text> : null}
          {counts?.latest.map((registration) => (
            <View key={registration.id} className="ah-door__arrival">
              <View className="ah-door__arrival-who">
                <Text className="ah-door__arrival-name">{registration.person.name}</Text>
                <Text className="ah-door__arrival-org">{registration.organization?.name ?? ''}</Text>
              </View>
              <Text className="ah-door__arrival-time">
                {registration.checkIn ? clockOf(registration.checkIn.at) : ''}
              </Text>
            </View>
          ))}
        </View>
      </PageShell>
    </View>
  );
}

function Count({
  label,
  value,
  highlight,
}: {
  label: string;
  value: number | undefined;
  highlight?: boolean;
}) {
  return (
    <View className={`ah-door__count${highlight ? ' ah-door__count--highlight' : ''}`} data-count={label}>
      <Text className="ah-door__count-value">{value ?? '—'}</Text>
      <Text className="ah-door__count-label">{label}</Text>
    </View>
  );
}

function AttendeeResult({
  registration,
  busy,
  onCheckIn,
}: {
  registration: RegistrationView;
  busy: boolean;
  onCheckIn: () => void;
}) {
  const inAt = registration.checkIn?.at;
  return (
    <View className="ah-door__result" data-registration={registration.id}>
      <View className="ah-door__arrival-who">
        <Text className="ah-door__arrival-name">{registration.person.name}</Text>
        <Text className="ah-door__arrival-org">{registration.organization?.name ?? '—'}</Text>
      </View>
      {inAt ? (
        <Text className="ah-door__muted">{clockOf(inAt)} 已签到</Text>
      ) : registration.status !== 'registered' ? (
        <Text className="ah-door__muted">未确认报名</Text>
      ) : (
        <Button
          className="ah-door__button ah-door__result-check-in"
          disabled={busy || undefined}
          onClick={onCheckIn}
        >
          签到
        </Button>
      )}
    </View>
  );
}
