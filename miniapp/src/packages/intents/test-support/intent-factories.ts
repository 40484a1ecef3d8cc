import type { IntentSettingsView, IntentSummaryView, IntentView } from '@alliance-hub/types';

let seq = 0;

/** A board card / list row with plausible demo values; override what the test is about. */
export function intentSummary(overrides: Partial<IntentSummaryView> = {}): IntentSummaryView {
  seq += 1;
  return {
    id: `intent-${seq}`,
    topic: '高强铝合金板材短流程制备技术转化',
    stage: 'negotiating',
    status: 'active',
    stageReached: overrides.stage ?? 'negotiating',
    parties: [
      { organization: { id: 'org-hit', name: '哈尔滨工业大学' }, role: 'supply', people: [] },
      { organization: { id: 'org-dq', name: '大庆华科新材料有限公司' }, role: 'demand', people: [] },
    ],
    owner: { id: 'user-li', displayName: '白衬衫·李明' },
    fields: [],
    stageEnteredAt: '2025-05-01T02:00:00.000Z',
    daysInStage: 40,
    lastContactAt: null,
    amount: null,
    stale: false,
    noFollowUp: false,
    lostReason: null,
    memberReportedSigned: false,
    parentId: null,
    version: 3,
    canEdit: true,
    createdAt: '2025-03-01T02:00:00.000Z',
    updatedAt: '2025-05-01T02:00:00.000Z',
    ...overrides,
  };
}

export function intentView(overrides: Partial<IntentView> = {}): IntentView {
  return {
    ...intentSummary(overrides),
    description: null,
    staffNote: null,
    lostNote: null,
    links: { achievements: [], demands: [], events: [], interactionIds: [], selectionId: null, match: null },
    source: { kind: 'manual', refId: null },
    contract: null,
    funding: [],
    stageHistory: [],
    statusHistory: [],
    memberReport: null,
    openTaskIds: [],
    canReportSigned: false,
    ...overrides,
  };
}

/** The stale-day settings as GET /intents/settings answers them (version 0 = never saved). */
export function intentSettings(overrides: Partial<IntentSettingsView> = {}): IntentSettingsView {
  return {
    version: 0,
    staleDays: { lead: 14, intent: 30, negotiating: 21, signed: 60, executing: 90 },
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  };
}
