import type {
  CheckInResultView,
  DoorView,
  EventDetailView,
  EventSummaryView,
  RegistrationView,
} from '@alliance-hub/types';

/** Test data for the events screens and services; never imported by a page. */

export const EVENT_ID = '64b7f0c2a1b2c3d4e5f60718';

export function eventSummary(overrides: Partial<EventSummaryView> = {}): EventSummaryView {
  return {
    id: EVENT_ID,
    title: '2026 年度金属新材料联盟年会',
    kind: 'annual_meeting',
    startsAt: '2026-03-01T01:00:00.000Z',
    endsAt: '2026-03-01T09:30:00.000Z',
    place: '哈尔滨国际会展中心 A 馆',
    link: null,
    capacity: 200,
    registeredCount: 3,
    registrationMode: 'open',
    ...overrides,
  };
}

export function registration(overrides: Partial<RegistrationView> = {}): RegistrationView {
  return {
    id: '64b7f0c2a1b2c3d4e5f60801',
    status: 'registered',
    person: { id: '64b7f0c2a1b2c3d4e5f60901', name: '赵志远', title: '总工程师' },
    organization: { id: '64b7f0c2a1b2c3d4e5f60a01', name: '东北轻合金有限责任公司', kind: 'enterprise' },
    entryCode: 'E7K2M9Q4',
    checkIn: null,
    walkIn: false,
    logistics: null,
    createdAt: '2026-02-20T02:00:00.000Z',
    ...overrides,
  };
}

export function eventDetail(overrides: Partial<EventDetailView> = {}): EventDetailView {
  return {
    ...eventSummary(),
    organisers: ['金属新材料产业技术创新联盟秘书处'],
    fields: [],
    description: null,
    agenda: [
      {
        time: '2026-03-01T01:00:00.000Z',
        title: '开幕致辞',
        speaker: '王立群',
        organization: '哈尔滨工业大学',
      },
    ],
    staff: [{ userId: '64b7f0c2a1b2c3d4e5f60b01', name: '白衬衫·李明', duty: 'checkin' }],
    checkInWindow: { opensAt: '2026-02-28T23:00:00.000Z', closesAt: '2026-03-01T09:30:00.000Z' },
    myRegistration: null,
    colleagues: [],
    isStaff: false,
    canEdit: false,
    ...overrides,
  };
}

export function checkInResult(overrides: Partial<CheckInResultView> = {}): CheckInResultView {
  return {
    clientId: 'c0123456789abcdef',
    outcome: 'checked_in',
    message: '签到成功',
    registration: registration({
      checkIn: { at: '2026-03-01T01:12:00.000Z', method: 'scan', by: { id: 'u1', name: '白衬衫·李明' } },
    }),
    error: null,
    ...overrides,
  };
}

export function doorView(overrides: Partial<DoorView> = {}): DoorView {
  return { registered: 3, checkedIn: 0, walkIns: 0, latest: [], ...overrides };
}
