import { z } from './zod';
import { IsoDateTime, ObjectIdString, Text } from './common';
import { PageQuery, TimePageQuery, cursorParam, pageOf, type CursorShape } from './pagination';

/** What happened. `card_exchange` is recorded by the card swap itself, never typed in by hand. */
export const INTERACTION_TYPES = [
  'meeting',
  'visit',
  'call',
  'wechat',
  'event_encounter',
  'card_exchange',
  'other',
] as const;
export const InteractionType = z.enum(INTERACTION_TYPES, { error: '请选择互动类型' });
export type InteractionType = z.infer<typeof InteractionType>;
export const INTERACTION_TYPE_LABELS: Record<InteractionType, string> = {
  meeting: '会面',
  visit: '走访',
  call: '电话',
  wechat: '微信沟通',
  event_encounter: '活动交流',
  card_exchange: '交换名片',
  other: '其他',
};

export const LOGGABLE_INTERACTION_TYPES = [
  'meeting',
  'visit',
  'call',
  'wechat',
  'event_encounter',
  'other',
] as const satisfies readonly InteractionType[];
export const LoggableInteractionType = z.enum(LOGGABLE_INTERACTION_TYPES, { error: '请选择互动类型' });

/** Internal to the alliance's staff by default; the logger may show it to the organizations involved. */
export const INTERACTION_VISIBILITIES = ['staff', 'orgs'] as const;
export const InteractionVisibility = z.enum(INTERACTION_VISIBILITIES, { error: '请选择可见范围' });
export type InteractionVisibility = z.infer<typeof InteractionVisibility>;
export const INTERACTION_VISIBILITY_LABELS: Record<InteractionVisibility, string> = {
  staff: '仅联盟工作人员可见',
  orgs: '相关单位可见（不含备注）',
};

/**
 * A write a client may retry (offline outbox, flaky venue Wi-Fi): the client makes the id once
 * and resends it unchanged, so the server stores the record once. A UUID fits.
 */
export const ClientId = z
  .string({ error: '缺少客户端编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '客户端编号应为 8–64 位字母、数字、下划线或短横线');

export const IsoDateTimeInput = IsoDateTime;

export const INTERACTION_NOTE_MAX = 2000;
export const PARTICIPANTS_MAX = 30;
export const UNLISTED_PARTICIPANTS_MAX = 10;

/** Someone not in the directory yet: typed as name + organization, linked to a person later. */
export const UnlistedParticipant = z.strictObject({
  name: Text(20),
  organization: Text(80).optional(),
});
export type UnlistedParticipant = z.infer<typeof UnlistedParticipant>;

export const InteractionParticipants = z
  .strictObject({
    personIds: z.array(ObjectIdString).max(PARTICIPANTS_MAX).default([]),
    orgIds: z.array(ObjectIdString).max(PARTICIPANTS_MAX).default([]),
    unlisted: z.array(UnlistedParticipant).max(UNLISTED_PARTICIPANTS_MAX).default([]),
  })
  .refine((p) => p.personIds.length + p.orgIds.length + p.unlisted.length > 0, {
    message: '请至少选择一位参与人或一个单位',
  });
export type InteractionParticipants = z.input<typeof InteractionParticipants>;

/** Every link is checked to exist (the intent too, since the pipeline landed in #14). */
export const InteractionLinks = z.strictObject({
  eventId: ObjectIdString.optional(),
  intentId: ObjectIdString.optional(),
  achievementId: ObjectIdString.optional(),
  demandId: ObjectIdString.optional(),
});
export type InteractionLinks = z.infer<typeof InteractionLinks>;

export const TASK_TITLE_MAX = 60;

/** The next step agreed, created as a task in the same request. Owner defaults to the logger. */
export const FollowUpInput = z.strictObject({
  title: Text(TASK_TITLE_MAX),
  dueAt: IsoDateTimeInput,
  ownerUserId: ObjectIdString.optional(),
});
export type FollowUpInput = z.infer<typeof FollowUpInput>;

const interactionFields = {
  type: LoggableInteractionType,
  /** Omitted = now. */
  at: IsoDateTimeInput.optional(),
  participants: InteractionParticipants,
  note: Text(INTERACTION_NOTE_MAX).optional(),
  links: InteractionLinks.default({}),
  visibility: InteractionVisibility.default('staff'),
};

/** POST /api/v1/interactions — idempotent by `clientId`: a retry answers with the same record. */
export const InteractionCreateBody = z.strictObject({
  clientId: ClientId,
  ...interactionFields,
  followUp: FollowUpInput.optional(),
});
export type InteractionCreateBody = z.input<typeof InteractionCreateBody>;
export type InteractionCreateInput = z.output<typeof InteractionCreateBody>;

/** PATCH /api/v1/interactions/:id — own entries only; `note: null` clears the note. */
export const InteractionUpdateBody = z
  .strictObject({
    type: LoggableInteractionType.optional(),
    at: IsoDateTimeInput.optional(),
    participants: InteractionParticipants.optional(),
    note: Text(INTERACTION_NOTE_MAX).nullable().optional(),
    links: InteractionLinks.optional(),
    visibility: InteractionVisibility.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: '没有需要保存的修改' });
export type InteractionUpdateBody = z.input<typeof InteractionUpdateBody>;
export type InteractionUpdateInput = z.output<typeof InteractionUpdateBody>;

/** GET /api/v1/interactions — newest first by when it happened, (at, _id) cursor. */
export const InteractionListQuery = TimePageQuery.extend({
  type: InteractionType.optional(),
  orgId: ObjectIdString.optional(),
  personId: ObjectIdString.optional(),
  eventId: ObjectIdString.optional(),
  intentId: ObjectIdString.optional(),
  achievementId: ObjectIdString.optional(),
  demandId: ObjectIdString.optional(),
  /** Only the entries I logged. */
  mine: z.enum(['yes', 'no']).optional(),
  from: IsoDateTimeInput.optional(),
  to: IsoDateTimeInput.optional(),
}).strict();
export type InteractionListQuery = z.infer<typeof InteractionListQuery>;

const Named = z.object({ id: z.string(), name: z.string() });

export const InteractionView = z.object({
  id: z.string(),
  clientId: z.string(),
  type: InteractionType,
  at: z.string(),
  participants: z.object({
    people: z.array(Named.extend({ organization: z.string().nullable() })),
    organizations: z.array(Named),
    unlisted: z.array(z.object({ name: z.string(), organization: z.string().nullable() })),
  }),
  /** null when there is none, or when the viewer may not read it (members of other organizations). */
  note: z.string().nullable(),
  noteHidden: z.boolean(),
  links: z.object({
    event: z.object({ id: z.string(), title: z.string() }).nullable(),
    intentId: z.string().nullable(),
    achievement: z.object({ id: z.string(), title: z.string() }).nullable(),
    demand: z.object({ id: z.string(), title: z.string() }).nullable(),
  }),
  visibility: InteractionVisibility,
  createdBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  /** The follow-up created with it, if any. */
  followUpTaskId: z.string().nullable(),
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InteractionView = z.infer<typeof InteractionView>;

/** GET /api/v1/interactions answers one page of these. */
export const InteractionPage = pageOf(InteractionView);
export type InteractionPage = z.infer<typeof InteractionPage>;

// ---- timelines ---------------------------------------------------------------------------

/** What an organization's or a person's timeline merges, in this order when times tie. */
export const TIMELINE_KINDS = [
  'interaction',
  'card_exchange',
  'registration',
  'check_in',
  'achievement',
  'demand',
  'selection',
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS, { error: '请选择记录类型' });
export type TimelineKind = z.infer<typeof TimelineKind>;
export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  interaction: '互动记录',
  card_exchange: '交换名片',
  registration: '活动报名',
  check_in: '活动签到',
  achievement: '发布成果',
  demand: '发布需求',
  selection: '点菜式对接',
};

/**
 * The merged timeline's sort key, newest first: (at, kind, _id). The kind travels as its index
 * in TIMELINE_KINDS, so the shared cursor codec carries it without a new part type.
 */
export const TIMELINE_CURSOR = ['time', 'count', 'id'] as const satisfies CursorShape;

/** `?kinds=interaction,check_in`: a comma list, empty = every kind. */
const KindList = z
  .string()
  .max(200)
  .transform((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(TimelineKind).max(TIMELINE_KINDS.length));

export const TimelineQuery = PageQuery.extend({
  cursor: cursorParam(TIMELINE_CURSOR).optional(),
  kinds: KindList.optional(),
}).strict();
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const TimelineEntryView = z.object({
  /** `${kind}:${record id}`, unique within a timeline. */
  id: z.string(),
  kind: TimelineKind,
  at: z.string(),
  /** One line in Chinese, e.g. "报名：2026 年会" or "走访". */
  summary: z.string(),
  /** Who took part (names and organizations only, never contact fields). */
  who: z.array(
    z.object({ personId: z.string().nullable(), name: z.string(), organization: z.string().nullable() }),
  ),
  /** Who recorded it, when it was a staff action. */
  by: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  event: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** The record to open: an interaction, an event, an achievement, a demand. */
  ref: z.object({ type: z.enum(['interaction', 'event', 'achievement', 'demand']), id: z.string() }),
  /** The interaction's note, when the viewer may read it. */
  note: z.string().nullable(),
});
export type TimelineEntryView = z.infer<typeof TimelineEntryView>;

/** GET /api/v1/{organizations,people}/:id/timeline answers one page of these. */
export const TimelinePage = pageOf(TimelineEntryView);
export type TimelinePage = z.infer<typeof TimelinePage>;

// ---- batch sync ------------------------------------------------------------------------------

/** Most writes per POST /api/v1/interactions/batch. */
export const INTERACTION_BATCH_MAX = 50;

/**
 * POST /api/v1/interactions/batch — an offline outbox's queued logs in one request, in order.
 * Each item is parsed on its own (InteractionCreateBody), so one bad item is refused alone and
 * the rest are stored; each is idempotent by its clientId, like POST /interactions.
 */
export const InteractionBatchBody = z.strictObject({
  items: z
    .array(z.record(z.string(), z.unknown()), { error: '请提交要同步的记录' })
    .min(1, '请提交要同步的记录')
    .max(INTERACTION_BATCH_MAX, `一次最多同步 ${INTERACTION_BATCH_MAX} 条`),
});
export type InteractionBatchBody = { items: InteractionCreateBody[] };

export const InteractionBatchResult = z.object({
  /** Empty when the item had no readable clientId. */
  clientId: z.string(),
  /** created: stored now; existing: stored by an earlier attempt; rejected: see error. */
  outcome: z.enum(['created', 'existing', 'rejected']),
  id: z.string().nullable(),
  followUpTaskId: z.string().nullable(),
  error: z
    .object({ status: z.number(), code: z.string(), message: z.string(), details: z.unknown().optional() })
    .nullable(),
});
export type InteractionBatchResult = z.infer<typeof InteractionBatchResult>;

/** One result per item, in the order sent. */
export const InteractionBatchView = z.object({ results: z.array(InteractionBatchResult) });
export type InteractionBatchView = z.infer<typeof InteractionBatchView>;
