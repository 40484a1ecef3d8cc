import Taro from '@tarojs/taro';
import type { RegistrationView } from '@alliance-hub/types';

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

/** Records a check-in in the cache so a repeated offline scan is recognised. */
export function markCheckedIn(
  roster: CachedRoster,
  registrationId: string,
  checkIn: RegistrationView['checkIn'],
) {
  const next: CachedRoster = {
    ...roster,
    items: roster.items.map((item) => (item.id === registrationId ? { ...item, checkIn } : item)),
  };
  saveRoster(next);
  return next;
}
