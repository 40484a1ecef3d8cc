import Taro from '@tarojs/taro';
import type { CheckInResultView, RegistrationView } from '@alliance-hub/types';

/**
 * The attendee list the door phone keeps for offline check-in: who each entry code belongs to
 * and whether they were already in when the list was fetched. Stored per event.
 */
export interface CachedRoster {
  eventId: string;
  eventCode: string;
  items: RegistrationView[];
  fetchedAt: string;
}

const key = (eventId: string) => `ah.roster.${eventId}`;

export function saveRoster(roster: CachedRoster): void {
  try {
    Taro.setStorageSync(key(roster.eventId), JSON.stringify(roster));
  } catch {
    // Storage full (WeChat allows 10 MB): the door still works online.
  }
}

export function loadRoster(eventId: string): CachedRoster | null {
  try {
    const stored: unknown = Taro.getStorageSync(key(eventId));
    if (!stored) return null;
    const parsed = (typeof stored === 'string' ? JSON.parse(stored) : stored) as CachedRoster;
    return parsed && Array.isArray(parsed.items) ? parsed : null;
  } catch {
    return null;
  }
}

export function findByEntryCode(roster: CachedRoster | null, entryCode: string): RegistrationView | null {
  const code = entryCode.trim();
  return roster?.items.find((item) => item.entryCode === code) ?? null;
}

/** Manual lookup without a network: name, organization, or (not cached) nothing for digits. */
export function searchRoster(roster: CachedRoster | null, q: string): RegistrationView[] {
  const text = q.trim();
  if (!roster || !text) return [];
  return roster.items
    .filter((item) => item.person.name.includes(text) || (item.organization?.name ?? '').includes(text))
    .slice(0, 20);
}

/**
 * Records what the server answered in the cached roster, so a repeated scan while offline is
 * recognised as 已签到 instead of being queued again. Called after every online check-in and
 * for every result of an outbox sync; walk-ins the roster has not seen yet are added. The
 * cached entry code is kept: check-in answers never carry it.
 */
export function applyCheckInResults(
  roster: CachedRoster,
  results: ReadonlyArray<Pick<CheckInResultView, 'outcome' | 'registration'>>,
): CachedRoster {
  const answered = new Map<string, RegistrationView>();
  for (const result of results) {
    if (result.outcome !== 'rejected' && result.registration?.checkIn) {
      answered.set(result.registration.id, result.registration);
    }
  }
  if (answered.size === 0) return roster;
  const known = new Set(roster.items.map((item) => item.id));
  const items = roster.items.map((item) => {
    const fresh = answered.get(item.id);
    return fresh ? { ...item, ...fresh, entryCode: item.entryCode ?? fresh.entryCode } : item;
  });
  for (const [id, fresh] of answered) if (!known.has(id)) items.push(fresh);
  const next: CachedRoster = { ...roster, items };
  saveRoster(next);
  return next;
}
