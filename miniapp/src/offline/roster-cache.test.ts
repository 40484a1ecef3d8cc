import Taro from '@tarojs/taro';
import { checkInResult, registration } from '../packages/events/test-support/event-factories';
import { applyCheckInResults, findByEntryCode, loadRoster, type CachedRoster } from './roster-cache';

describe('applyCheckInResults', () => {
  const zhao = registration();
  const roster: CachedRoster = {
    eventId: 'e1',
    eventCode: 'EVT12345',
    items: [zhao],
    fetchedAt: '2026-03-01T00:00:00.000Z',
  };

  it('should mark the attendee checked in and keep their entry code when the server answers a check-in', () => {
    const answered = registration({
      entryCode: null,
      checkIn: { at: '2026-03-01T01:12:00.000Z', method: 'scan', by: { id: 'u1', name: '白衬衫·李明' } },
    });
    const next = applyCheckInResults(roster, [checkInResult({ registration: answered })]);
    const found = findByEntryCode(next, zhao.entryCode!);
    expect(found?.checkIn?.by?.name).toBe('白衬衫·李明');
    expect(loadRoster('e1')?.items[0].checkIn).not.toBeNull();
    expect(Taro.getStorageSync('ah.roster.e1')).toBeTruthy();
  });

  it('should add a walk-in from a batch result and ignore rejected items', () => {
    const walkIn = registration({
      id: '64b7f0c2a1b2c3d4e5f60b99',
      person: { id: 'p9', name: '钱工', title: null },
      organization: { id: null, name: '某铝业新材料公司', kind: null },
      walkIn: true,
      entryCode: null,
      checkIn: { at: '2026-03-01T01:20:00.000Z', method: 'walk_in', by: null },
    });
    const next = applyCheckInResults(roster, [
      checkInResult({ outcome: 'walk_in_registered', registration: walkIn }),
      checkInResult({
        outcome: 'rejected',
        registration: null,
        error: { code: 'NOT_FOUND', message: '无效' },
      }),
    ]);
    expect(next.items.map((item) => item.person.name)).toEqual([zhao.person.name, '钱工']);
    expect(next.items[0].checkIn).toBeNull();
  });

  it('should return the roster unchanged when nothing was checked in', () => {
    expect(applyCheckInResults(roster, [])).toBe(roster);
  });
});
