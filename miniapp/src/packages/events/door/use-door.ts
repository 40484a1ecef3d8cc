import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckInBody, CheckInResultView, DoorView, RegistrationView } from '@alliance-hub/types';
import { checkIn, getDoor, getRoster, listAttendees } from '../../../services/events';
import { ApiError } from '../../../utils/api-error';
import {
  applyCheckInResults,
  checkInOutbox,
  findByEntryCode,
  isOnline,
  loadRoster,
  newClientId,
  onNetworkChange,
  reportNetworkFailure,
  reportNetworkSuccess,
  saveRoster,
  searchRoster,
  startOutboxSync,
  type CachedRoster,
  type CheckInOutbox,
  type FlushReport,
  type QueuedCheckIn,
} from '../../../offline';
import { clockOf } from '../format';

export type BannerTone = 'success' | 'queued' | 'warning' | 'error';
export interface DoorBanner {
  tone: BannerTone;
  title: string;
  detail?: string;
}

export interface WalkInForm {
  name: string;
  organization?: string;
  mobile?: string;
}

export const DOOR_POLL_MS = 5_000;

const isNetwork = (error: unknown) => error instanceof ApiError && error.code === 'NETWORK';
const orgOf = (reg: RegistrationView | null) => reg?.organization?.name ?? '';

/** The result of one server check-in as the banner shows it. */
export function bannerForResult(result: CheckInResultView): DoorBanner {
  const reg = result.registration;
  const who = reg ? reg.person.name : '';
  switch (result.outcome) {
    case 'checked_in':
      return { tone: 'success', title: `${who} 签到成功`, detail: orgOf(reg) };
    case 'walk_in_registered':
      return { tone: 'success', title: `${who} 现场登记并签到成功`, detail: orgOf(reg) };
    case 'already_checked_in':
      return {
        tone: 'warning',
        title: who ? `${who} ${result.message}` : result.message,
        detail: orgOf(reg),
      };
    default:
      return { tone: 'error', title: result.error?.message ?? (result.message || '签到失败') };
  }
}

/**
 * The door screen's state: server counts (polled), the cached roster, the offline outbox and
 * the banner for the last action. Every check-in goes to the server when it can and into the
 * outbox when it cannot, with the scan's real time and its client id either way.
 */
export function useDoor(eventId: string, outbox: CheckInOutbox = checkInOutbox()) {
  const [door, setDoor] = useState<DoorView | null>(null);
  const [roster, setRoster] = useState<CachedRoster | null>(() => loadRoster(eventId));
  const [online, setOnline] = useState(isOnline());
  const [queued, setQueued] = useState<QueuedCheckIn[]>(() => outbox.pending(eventId));
  const [banner, setBanner] = useState<DoorBanner | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const rosterRef = useRef(roster);
  rosterRef.current = roster;

  const refreshDoor = useCallback(async () => {
    try {
      setDoor(await getDoor(eventId));
      reportNetworkSuccess();
    } catch (error) {
      if (isNetwork(error)) reportNetworkFailure();
      else throw error;
    }
  }, [eventId]);

  const refreshRoster = useCallback(async () => {
    const fresh = await getRoster(eventId);
    const cached: CachedRoster = { eventId, ...fresh, fetchedAt: new Date().toISOString() };
    saveRoster(cached);
    setRoster(cached);
  }, [eventId]);

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      await Promise.all([refreshDoor(), refreshRoster()]);
    } catch (error) {
      // Offline with a cached roster: the door keeps working from the cache.
      if (isNetwork(error) && rosterRef.current) reportNetworkFailure();
      else setLoadError(error instanceof Error ? error : new Error('加载失败'));
    } finally {
      setLoading(false);
    }
  }, [refreshDoor, refreshRoster]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => outbox.subscribe(() => setQueued(outbox.pending(eventId))), [outbox, eventId]);

  useEffect(
    () =>
      onNetworkChange((next) => {
        setOnline(next);
      }),
    [],
  );

  /** Keeps the offline cache in step with what the server said, scan by scan. */
  const remember = useCallback((results: CheckInResultView[]) => {
    const cached = rosterRef.current;
    if (!cached) return;
    const next = applyCheckInResults(cached, results);
    rosterRef.current = next;
    setRoster(next);
  }, []);

  const onFlushed = useCallback(
    (report: FlushReport) => {
      if (report.sent === 0) return;
      remember(report.results);
      const rejected = report.results.filter((r) => r.outcome === 'rejected');
      setBanner(
        rejected.length > 0
          ? {
              tone: 'error',
              title: `已同步 ${report.sent} 条，其中 ${rejected.length} 条未通过`,
              detail: rejected.map((r) => r.error?.message ?? r.message).join('；'),
            }
          : { tone: 'success', title: `已同步 ${report.sent} 条签到记录` },
      );
      void refreshDoor().catch(() => undefined);
      void refreshRoster().catch(() => undefined);
    },
    [refreshDoor, refreshRoster, remember],
  );

  useEffect(() => startOutboxSync(outbox, onFlushed), [outbox, onFlushed]);

  useEffect(() => {
    if (!online) return undefined;
    const timer = setInterval(() => void refreshDoor().catch(() => undefined), DOOR_POLL_MS);
    return () => clearInterval(timer);
  }, [online, refreshDoor]);

  /** Offline: record the check-in for later, unless this person is already queued or in. */
  const queueOffline = useCallback(
    (body: CheckInBody, known: RegistrationView | null) => {
      const already = outbox.findQueued(eventId, {
        entryCode: body.entryCode,
        registrationId: body.registrationId,
      });
      const name = known?.person.name ?? null;
      if (already) {
        setBanner({
          tone: 'queued',
          title: `${already.personName ?? name ?? '该入场码'} 已记录，待同步`,
          detail: '无需重复扫码，联网后自动上传',
        });
        return;
      }
      if (known?.checkIn) {
        const by = known.checkIn.by ? ` 由 ${known.checkIn.by.name}` : '';
        setBanner({
          tone: 'warning',
          title: `${known.person.name} 已于 ${clockOf(known.checkIn.at)}${by} 签到`,
        });
        return;
      }
      outbox.enqueue({ eventId, body, personName: name ?? body.walkIn?.name ?? null });
      setBanner(
        known || body.walkIn
          ? {
              tone: 'queued',
              title: `${name ?? body.walkIn?.name} 已记录，待同步`,
              detail: known ? orgOf(known) : '现场登记',
            }
          : {
              tone: 'queued',
              title: `入场码 ${body.entryCode ?? ''} 已记录，待同步`,
              detail: '名单中暂未找到，联网后核对',
            },
      );
    },
    [eventId, outbox],
  );

  const submit = useCallback(
    async (body: CheckInBody, known: RegistrationView | null) => {
      setBusy(true);
      try {
        if (!isOnline()) {
          queueOffline(body, known);
          return;
        }
        try {
          const result = await checkIn(eventId, body);
          reportNetworkSuccess();
          remember([result]);
          setBanner(bannerForResult(result));
          void refreshDoor().catch(() => undefined);
        } catch (error) {
          if (!isNetwork(error)) {
            setBanner({ tone: 'error', title: error instanceof Error ? error.message : '签到失败' });
            return;
          }
          reportNetworkFailure();
          queueOffline(body, known);
        }
      } finally {
        setBusy(false);
      }
    },
    [eventId, queueOffline, refreshDoor, remember],
  );

  const scan = useCallback(
    (raw: string) => {
      const entryCode = raw.trim();
      if (!entryCode) return Promise.resolve();
      const body: CheckInBody = {
        clientId: newClientId(),
        at: new Date().toISOString(),
        method: 'scan',
        entryCode,
      };
      return submit(body, findByEntryCode(rosterRef.current, entryCode));
    },
    [submit],
  );

  const checkInPerson = useCallback(
    (registration: RegistrationView) =>
      submit(
        {
          clientId: newClientId(),
          at: new Date().toISOString(),
          method: 'manual',
          registrationId: registration.id,
        },
        registration,
      ),
    [submit],
  );

  const walkIn = useCallback(
    (form: WalkInForm) =>
      submit(
        {
          clientId: newClientId(),
          at: new Date().toISOString(),
          method: 'walk_in',
          walkIn: {
            name: form.name.trim(),
            ...(form.organization?.trim() ? { organization: form.organization.trim() } : {}),
            ...(form.mobile?.trim() ? { mobile: form.mobile.trim() } : {}),
          },
        },
        null,
      ),
    [submit],
  );

  /** Name, organization or the last digits of a mobile; from the cache when offline. */
  const search = useCallback(
    async (q: string): Promise<RegistrationView[]> => {
      const text = q.trim();
      if (!text) return [];
      if (!isOnline()) return searchRoster(rosterRef.current, text);
      try {
        return (await listAttendees(eventId, { q: text, limit: 20 })).items;
      } catch (error) {
        if (!isNetwork(error)) throw error;
        reportNetworkFailure();
        return searchRoster(rosterRef.current, text);
      }
    },
    [eventId],
  );

  return {
    door,
    roster,
    online,
    queued,
    banner,
    loading,
    loadError,
    busy,
    reload: load,
    scan,
    checkInPerson,
    walkIn,
    search,
    syncNow: () => outbox.flush().then(onFlushed),
  };
}
