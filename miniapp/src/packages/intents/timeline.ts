import {
  INTENT_STAGE_LABELS,
  INTENT_STATUS_LABELS,
  INTERACTION_TYPE_LABELS,
  LOST_REASON_LABELS,
  type InteractionView,
  type IntentView,
} from '@alliance-hub/types';

/** One line of the intent's timeline: a stage or status change, or a linked interaction. */
export interface TimelineEntry {
  key: string;
  kind: 'stage' | 'status' | 'interaction';
  /** When it happened (the effective date for back-dated changes). */
  at: string;
  title: string;
  /** Who recorded it. */
  by: string | null;
  /** Staff-internal text; null for members. */
  note: string | null;
  backdated: boolean;
  recordedAt: string | null;
}

/** Stage history, status history and linked interactions, newest first. */
export function intentTimeline(
  intent: Pick<IntentView, 'stageHistory' | 'statusHistory'>,
  interactions: InteractionView[] = [],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...intent.stageHistory.map((entry) => ({
      key: `stage-${entry.id}`,
      kind: 'stage' as const,
      at: entry.at,
      title:
        entry.from === null
          ? `建立意向（${INTENT_STAGE_LABELS[entry.to]}）`
          : `${INTENT_STAGE_LABELS[entry.from]} → ${INTENT_STAGE_LABELS[entry.to]}`,
      by: entry.actor?.displayName ?? null,
      note: entry.note,
      backdated: entry.backdated,
      recordedAt: entry.recordedAt,
    })),
    ...intent.statusHistory
      .filter((entry) => entry.from !== null)
      .map((entry) => ({
        key: `status-${entry.id}`,
        kind: 'status' as const,
        at: entry.at,
        title:
          entry.to === 'lost' && entry.lostReason
            ? `标记为未成：${LOST_REASON_LABELS[entry.lostReason]}`
            : `状态：${INTENT_STATUS_LABELS[entry.to]}`,
        by: entry.actor?.displayName ?? null,
        note: entry.note,
        backdated: entry.backdated,
        recordedAt: entry.recordedAt,
      })),
    ...interactions.map((interaction) => ({
      key: `interaction-${interaction.id}`,
      kind: 'interaction' as const,
      at: interaction.at,
      title: `${INTERACTION_TYPE_LABELS[interaction.type]}${
        interaction.participants.organizations.length > 0
          ? ` · ${interaction.participants.organizations.map((o) => o.name).join('、')}`
          : ''
      }`,
      by: interaction.createdBy?.displayName ?? null,
      note: interaction.note,
      backdated: false,
      recordedAt: null,
    })),
  ];
  // Newest first; on the same instant the recorded order (stage before status) is kept.
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
