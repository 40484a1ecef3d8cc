import type { InteractionView, TaskView, TimelineEntryView } from '@alliance-hub/types';

export function interaction(overrides: Partial<InteractionView> = {}): InteractionView {
  return {
    id: 'a'.repeat(24),
    clientId: 'c0123456789abcdef',
    type: 'visit',
    at: '2026-12-01T02:00:00.000Z',
    participants: {
      people: [{ id: 'b'.repeat(24), name: '赵志远', organization: '华东金属材料研究院' }],
      organizations: [{ id: 'e'.repeat(24), name: '华东金属材料研究院' }],
      unlisted: [],
    },
    note: '谈了中试线',
    noteHidden: false,
    links: { event: null, intentId: null, achievement: null, demand: null },
    visibility: 'staff',
    createdBy: { id: 'f'.repeat(24), displayName: '白衬衫·李明' },
    followUpTaskId: null,
    canEdit: true,
    createdAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}

export function task(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: '1'.repeat(24),
    title: '寄送样品',
    note: null,
    dueAt: '2026-12-03T02:00:00.000Z',
    state: 'open',
    bucket: 'this_week',
    owner: { id: 'f'.repeat(24), displayName: '白衬衫·李明' },
    createdBy: { id: 'f'.repeat(24), displayName: '白衬衫·李明' },
    links: {
      interactionId: null,
      intentId: null,
      organizationId: null,
      personId: null,
      selectionId: null,
      eventId: null,
      achievementId: null,
      demandId: null,
    },
    version: 0,
    completedAt: null,
    completionInteractionId: null,
    createdAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}

export function timelineEntry(overrides: Partial<TimelineEntryView> = {}): TimelineEntryView {
  return {
    id: `interaction:${'a'.repeat(24)}`,
    kind: 'interaction',
    at: '2026-12-01T02:00:00.000Z',
    summary: '走访',
    who: [{ personId: 'b'.repeat(24), name: '赵志远', organization: '华东金属材料研究院' }],
    by: { id: 'f'.repeat(24), displayName: '白衬衫·李明' },
    event: null,
    ref: { type: 'interaction', id: 'a'.repeat(24) },
    note: '谈了中试线',
    ...overrides,
  };
}
