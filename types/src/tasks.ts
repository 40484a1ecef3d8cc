import { z } from './zod';
import { ObjectIdString, Text } from './common';
import { PageQuery, cursorParam, TIME_CURSOR } from './pagination';
import { IntentStage } from './intents';
import { SelectionView } from './selections';
import {
  ClientId,
  FollowUpInput,
  InteractionLinks,
  InteractionParticipants,
  InteractionVisibility,
  IsoDateTimeInput,
  LoggableInteractionType,
  INTERACTION_NOTE_MAX,
  TASK_TITLE_MAX,
} from './interactions';

export { TASK_TITLE_MAX };

export const TASK_STATES = ['open', 'done', 'snoozed'] as const;
export const TaskState = z.enum(TASK_STATES, { error: '请选择待办状态' });
export type TaskState = z.infer<typeof TaskState>;
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  open: '待办',
  done: '已完成',
  snoozed: '已推迟',
};

/** 我的待办 groups: computed in Asia/Shanghai, where the alliance works. */
export const TASK_BUCKETS = ['overdue', 'today', 'this_week', 'later'] as const;
export const TaskBucket = z.enum(TASK_BUCKETS, { error: '请选择时间分组' });
export type TaskBucket = z.infer<typeof TaskBucket>;
export const TASK_BUCKET_LABELS: Record<TaskBucket, string> = {
  overdue: '已逾期',
  today: '今天',
  this_week: '本周',
  later: '以后',
};

// China has one time zone and no daylight saving: Asia/Shanghai is always UTC+8.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Start of the Shanghai calendar day containing `at`, as a UTC instant. */
export function shanghaiDayStart(at: Date): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS);
}

/** The bucket boundaries for `now`: end of today and end of this week (Monday–Sunday). */
export function bucketBounds(now: Date): { todayStart: Date; todayEnd: Date; weekEnd: Date } {
  const todayStart = shanghaiDayStart(now);
  const weekday = new Date(todayStart.getTime() + SHANGHAI_OFFSET_MS).getUTCDay(); // 0 = Sunday
  const daysLeftInWeek = weekday === 0 ? 0 : 7 - weekday;
  return {
    todayStart,
    todayEnd: new Date(todayStart.getTime() + DAY_MS),
    weekEnd: new Date(todayStart.getTime() + (daysLeftInWeek + 1) * DAY_MS),
  };
}

/** Overdue = due before now; today = the rest of today; this week = until Sunday night; later. */
export function taskBucket(dueAt: Date, now: Date): TaskBucket {
  const { todayEnd, weekEnd } = bucketBounds(now);
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  if (dueAt.getTime() < todayEnd.getTime()) return 'today';
  if (dueAt.getTime() < weekEnd.getTime()) return 'this_week';
  return 'later';
}

export const TASK_NOTE_MAX = 500;

export const TaskLinks = z.strictObject({
  interactionId: ObjectIdString.optional(),
  intentId: ObjectIdString.optional(),
  organizationId: ObjectIdString.optional(),
  personId: ObjectIdString.optional(),
  selectionId: ObjectIdString.optional(),
  eventId: ObjectIdString.optional(),
  achievementId: ObjectIdString.optional(),
  demandId: ObjectIdString.optional(),
});
export type TaskLinks = z.infer<typeof TaskLinks>;

/** POST /api/v1/tasks — idempotent by `clientId` (the offline outbox retries it). */
export const TaskCreateBody = FollowUpInput.extend({
  clientId: ClientId,
  note: Text(TASK_NOTE_MAX).optional(),
  links: TaskLinks.default({}),
});
export type TaskCreateBody = z.input<typeof TaskCreateBody>;
export type TaskCreateInput = z.output<typeof TaskCreateBody>;

/** The version the client last saw: a write based on an older one answers 409 with the current task. */
const Version = z.number({ error: '缺少版本号，请刷新后重试' }).int().min(0);

/** PATCH /api/v1/tasks/:id */
export const TaskUpdateBody = z
  .strictObject({
    version: Version,
    title: Text(TASK_TITLE_MAX).optional(),
    dueAt: IsoDateTimeInput.optional(),
    note: Text(TASK_NOTE_MAX).nullable().optional(),
    links: TaskLinks.optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), { message: '没有需要保存的修改' });
export type TaskUpdateBody = z.input<typeof TaskUpdateBody>;
export type TaskUpdateInput = z.output<typeof TaskUpdateBody>;

/** What happened, logged as an interaction in the same step as completing. */
export const TaskCompletionInteraction = z.strictObject({
  clientId: ClientId,
  type: LoggableInteractionType,
  at: IsoDateTimeInput.optional(),
  participants: InteractionParticipants,
  note: Text(INTERACTION_NOTE_MAX).optional(),
  links: InteractionLinks.default({}),
  visibility: InteractionVisibility.default('staff'),
});

/** POST /api/v1/tasks/:id/complete — completing again is a no-op answering the same task. */
export const TaskCompleteBody = z.strictObject({
  version: Version.optional(),
  interaction: TaskCompletionInteraction.optional(),
});
export type TaskCompleteBody = z.input<typeof TaskCompleteBody>;
export type TaskCompleteInput = z.output<typeof TaskCompleteBody>;

/** POST /api/v1/tasks/:id/snooze — the due date moves to `until`; reminded again then. */
export const TaskSnoozeBody = z.strictObject({ version: Version.optional(), until: IsoDateTimeInput });
export type TaskSnoozeBody = z.infer<typeof TaskSnoozeBody>;

/** POST /api/v1/tasks/:id/reassign — to a coordinator or the secretariat only. */
export const TaskReassignBody = z.strictObject({ version: Version.optional(), ownerUserId: ObjectIdString });
export type TaskReassignBody = z.infer<typeof TaskReassignBody>;

/**
 * GET /api/v1/tasks — `scope=mine` (default) or `all` (the alliance's staff); open and snoozed
 * tasks by due date, soonest first, unless `state=done`. The (dueAt, _id) cursor.
 */
export const TaskListQuery = PageQuery.extend({
  cursor: cursorParam(TIME_CURSOR).optional(),
  scope: z.enum(['mine', 'all']).default('mine'),
  state: z.enum(['active', 'done']).default('active'),
  bucket: TaskBucket.optional(),
}).strict();
export type TaskListQuery = z.infer<typeof TaskListQuery>;

const UserBrief = z.object({ id: z.string(), displayName: z.string() });

export const TaskView = z.object({
  id: z.string(),
  title: z.string(),
  note: z.string().nullable(),
  dueAt: z.string(),
  state: TaskState,
  /** null once done. */
  bucket: TaskBucket.nullable(),
  owner: UserBrief,
  createdBy: UserBrief.nullable(),
  links: z.object({
    interactionId: z.string().nullable(),
    intentId: z.string().nullable(),
    organizationId: z.string().nullable(),
    personId: z.string().nullable(),
    selectionId: z.string().nullable(),
    eventId: z.string().nullable(),
    achievementId: z.string().nullable(),
    demandId: z.string().nullable(),
  }),
  version: z.number(),
  completedAt: z.string().nullable(),
  /** The interaction logged when completing, if any. */
  completionInteractionId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TaskView = z.infer<typeof TaskView>;

export const TaskBucketCounts = z.object({
  overdue: z.number(),
  today: z.number(),
  this_week: z.number(),
  later: z.number(),
});
export type TaskBucketCounts = z.infer<typeof TaskBucketCounts>;

export const TaskListView = z.object({
  items: z.array(TaskView),
  nextCursor: z.string().nullable(),
  /** Open and snoozed tasks in scope per bucket, whatever page or bucket filter was asked for. */
  counts: TaskBucketCounts,
});
export type TaskListView = z.infer<typeof TaskListView>;

// ---- reminders -----------------------------------------------------------------------------

/** Subscribe-message templates the mini-program asks the user to accept (one credit per accept). */
export const SUBSCRIPTION_TEMPLATES = ['task_due', 'overdue_digest'] as const;
export const SubscriptionTemplate = z.enum(SUBSCRIPTION_TEMPLATES, { error: '请选择提醒类型' });
export type SubscriptionTemplate = z.infer<typeof SubscriptionTemplate>;
export const SUBSCRIPTION_TEMPLATE_LABELS: Record<SubscriptionTemplate, string> = {
  task_due: '待办到期提醒',
  overdue_digest: '每日逾期汇总',
};

/** POST /api/v1/me/subscriptions — the templates the user just accepted in wx.requestSubscribeMessage. */
export const SubscriptionAcceptBody = z.strictObject({
  // One accept is one credit: the same template twice in one answer is a client bug, not two credits.
  accepted: z
    .array(SubscriptionTemplate)
    .min(1)
    .max(SUBSCRIPTION_TEMPLATES.length)
    .refine((list) => new Set(list).size === list.length, { message: '每种提醒只能接受一次' }),
});
export type SubscriptionAcceptBody = z.infer<typeof SubscriptionAcceptBody>;

export const SubscriptionCreditsView = z.object({
  credits: z.record(SubscriptionTemplate, z.number()),
});
export type SubscriptionCreditsView = z.infer<typeof SubscriptionCreditsView>;

/** GET /api/v1/me/badges — shown on 我的 and 首页 whether or not WeChat could deliver. */
export const BadgesView = z.object({
  /** My open tasks due now or earlier. */
  tasksDue: z.number(),
  /** Reminders (and, for the secretariat, daily digests) not yet seen in the app. */
  unreadReminders: z.number(),
});
export type BadgesView = z.infer<typeof BadgesView>;

// ---- 我的待办: leads and digests beside the follow-ups ----------------------------------------

/** GET /api/v1/tasks/selections — 点菜式 ticks not yet handled at events I work (all, for the secretariat). */
export const TaskSelectionsQuery = PageQuery.strict();
export type TaskSelectionsQuery = z.infer<typeof TaskSelectionsQuery>;
export const TaskSelectionPage = z.object({
  items: z.array(SelectionView),
  nextCursor: z.string().nullable(),
  /** Unhandled leads in all, for the tab's count. */
  total: z.number(),
});
export type TaskSelectionPage = z.infer<typeof TaskSelectionPage>;

/**
 * An intent that went cold: active, and no logged contact for the stage's number of days.
 * The shape 我的待办 shows; the intents feature (#14) decides what is stale.
 */
export const StaleIntentBrief = z.object({
  id: z.string(),
  topic: z.string(),
  stage: IntentStage,
  ownerId: z.string().nullable(),
  /** Last logged contact (or when the stage was entered, if none since). */
  lastContactAt: z.string().nullable(),
  /** Whole days without contact. */
  daysSilent: z.number(),
});
export type StaleIntentBrief = z.infer<typeof StaleIntentBrief>;

/** GET /api/v1/tasks/stale-intents — mine, or everyone's for `scope=all`. */
export const StaleIntentsQuery = z.strictObject({ scope: z.enum(['mine', 'all']).default('mine') });
export type StaleIntentsQuery = z.infer<typeof StaleIntentsQuery>;
export const StaleIntentList = z.object({ items: z.array(StaleIntentBrief) });
export type StaleIntentList = z.infer<typeof StaleIntentList>;

/**
 * The secretariat's daily digest (one per user and Shanghai calendar day, after 08:00): what is
 * overdue across the alliance's staff, which intents went cold, which leads nobody handled.
 */
export const OverdueDigestView = z.object({
  id: z.string(),
  /** The Shanghai calendar day, YYYY-MM-DD. */
  day: z.string(),
  at: z.string(),
  overdueTasks: z.number(),
  /** Overdue follow-ups per owner, most first. */
  byOwner: z.array(z.object({ id: z.string(), displayName: z.string(), count: z.number() })),
  staleIntents: z.number(),
  unhandledSelections: z.number(),
  read: z.boolean(),
});
export type OverdueDigestView = z.infer<typeof OverdueDigestView>;

/** GET /api/v1/me/digest — the latest digest, or null before the first (or for non-secretariat). */
export const LatestDigestView = z.object({ digest: OverdueDigestView.nullable() });
export type LatestDigestView = z.infer<typeof LatestDigestView>;
