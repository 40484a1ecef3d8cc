import { z } from './zod';
import { IsoDateTime, Mobile, ObjectIdString, Text } from './common';
import { OrgKind } from './organizations';
import { PageQuery, TimePageQuery } from './pagination';

export const EVENT_KINDS = [
  'annual_meeting',
  'closed_door',
  'achievement_roadshow',
  'demand_roadshow',
  'online',
  'outbound_visit',
  'inbound_visit',
  'talk',
] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  annual_meeting: '年会',
  closed_door: '闭门对接会',
  achievement_roadshow: '成果路演',
  demand_roadshow: '需求路演',
  online: '云对接',
  outbound_visit: '走出去',
  inbound_visit: '请进来',
  talk: '专家讲座/培训',
};

export const REGISTRATION_MODES = ['open', 'approval', 'invite'] as const;
export const RegistrationMode = z.enum(REGISTRATION_MODES);
export const REGISTRATION_MODE_LABELS: Record<(typeof REGISTRATION_MODES)[number], string> = {
  open: '公开报名',
  approval: '报名需审核',
  invite: '仅限邀请',
};

/** `organiser`: the event's creator, put on the staff when the event is created. */
export const STAFF_DUTIES = ['organiser', 'checkin', 'consulting', 'matchmaking', 'pickup'] as const;
export const StaffDuty = z.enum(STAFF_DUTIES);
export const STAFF_DUTY_LABELS: Record<(typeof STAFF_DUTIES)[number], string> = {
  organiser: '组织',
  checkin: '签到',
  consulting: '咨询',
  matchmaking: '对接',
  pickup: '接送',
};

const IsoDate = IsoDateTime;

/** A roadshow slot (成果路演 / 需求路演) links the achievement or demand presented; other slots link nothing. */
export const AGENDA_ITEM_KINDS = ['session', 'achievement_roadshow', 'demand_roadshow'] as const;
export const AgendaItemKind = z.enum(AGENDA_ITEM_KINDS);
export type AgendaItemKind = z.infer<typeof AgendaItemKind>;
export const AGENDA_ITEM_KIND_LABELS: Record<AgendaItemKind, string> = {
  session: '议程',
  achievement_roadshow: '成果路演',
  demand_roadshow: '需求路演',
};

export const AgendaItem = z.strictObject({
  time: IsoDate,
  title: Text(100),
  speaker: Text(40).optional(),
  organization: Text(80).optional(),
  /** Omitted = 'session'. The server checks the link matches the kind and the item exists. */
  kind: AgendaItemKind.optional(),
  achievementId: ObjectIdString.optional(),
  demandId: ObjectIdString.optional(),
});

export const EventCreateBody = z
  .strictObject({
    title: Text(100, 2),
    kind: EventKind,
    startsAt: IsoDate,
    endsAt: IsoDate,
    place: Text(200).optional(),
    link: z.url('请输入以 http(s):// 开头的链接').max(500).optional(),
    organisers: z.array(Text(80)).max(10).default([]),
    fields: z.array(z.string().max(40)).max(10).default([]),
    capacity: z.number().int().min(1).max(100_000).optional(),
    registrationMode: RegistrationMode.default('open'),
    description: Text(4000).optional(),
    agenda: z.array(AgendaItem).max(100).default([]),
    staff: z
      .array(z.strictObject({ userId: ObjectIdString, duty: StaffDuty }))
      .max(100)
      .default([]),
  })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), {
    message: '结束时间应晚于开始时间',
    path: ['endsAt'],
  })
  .refine((e) => e.kind !== 'online' || !!e.link, {
    message: '云对接活动请填写直播/会议链接',
    path: ['link'],
  });
export type EventCreateBody = z.input<typeof EventCreateBody>;
export type EventCreateInput = z.output<typeof EventCreateBody>;

const created = EventCreateBody.shape;
/**
 * PATCH /events/:id (PUT is the same partial update): only the fields named change — a client
 * that leaves out `staff` or `registrationMode` must not empty or reopen them. `null` clears an
 * optional field. Rules that span fields (end after start, a link for online events) are
 * checked by the server on the merged result.
 */
export const EventUpdateBody = z
  .strictObject({
    title: created.title.optional(),
    kind: created.kind.optional(),
    startsAt: created.startsAt.optional(),
    endsAt: created.endsAt.optional(),
    place: created.place.unwrap().nullable().optional(),
    link: created.link.unwrap().nullable().optional(),
    organisers: created.organisers.unwrap().optional(),
    fields: created.fields.unwrap().optional(),
    capacity: created.capacity.unwrap().nullable().optional(),
    registrationMode: created.registrationMode.unwrap().optional(),
    description: created.description.unwrap().nullable().optional(),
    agenda: created.agenda.unwrap().optional(),
    staff: created.staff.unwrap().optional(),
  })
  .refine((e) => !e.startsAt || !e.endsAt || Date.parse(e.endsAt) > Date.parse(e.startsAt), {
    message: '结束时间应晚于开始时间',
    path: ['endsAt'],
  });
export type EventUpdateBody = z.input<typeof EventUpdateBody>;
export type EventUpdateInput = z.output<typeof EventUpdateBody>;

export const EventListQuery = TimePageQuery.extend({
  when: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
  kind: EventKind.optional(),
  /** `me`: only the events the signed-in user is on the staff of (我负责的). */
  staff: z.literal('me').optional(),
}).strict();
export type EventListQuery = z.infer<typeof EventListQuery>;

export const REGISTRATION_STATUSES = [
  'registered',
  'pending',
  'waitlisted',
  'cancelled',
  'rejected',
] as const;
export const RegistrationStatus = z.enum(REGISTRATION_STATUSES);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  registered: '已报名',
  pending: '待审核',
  waitlisted: '候补中',
  cancelled: '已取消',
  rejected: '未通过',
};

export const CHECK_IN_METHODS = ['scan', 'manual', 'self', 'walk_in'] as const;
export const CheckInMethod = z.enum(CHECK_IN_METHODS);
export const CHECK_IN_METHOD_LABELS: Record<(typeof CHECK_IN_METHODS)[number], string> = {
  scan: '扫码',
  manual: '手动查找',
  self: '自助签到',
  walk_in: '现场登记',
};

export const EventSummaryView = z.object({
  id: z.string(),
  title: z.string(),
  kind: EventKind,
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string().nullable(),
  link: z.string().nullable(),
  capacity: z.number().nullable(),
  registeredCount: z.number(),
  registrationMode: RegistrationMode,
});
export type EventSummaryView = z.infer<typeof EventSummaryView>;

export const CheckInView = z.object({
  at: z.string(),
  method: CheckInMethod,
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const RegistrationView = z.object({
  id: z.string(),
  status: RegistrationStatus,
  person: z.object({ id: z.string(), name: z.string(), title: z.string().nullable() }),
  /**
   * The attendee's organization: a directory record, or (id and kind null) the name a walk-in
   * gave at the door when it matches no organization in the directory.
   */
  organization: z
    .object({ id: z.string().nullable(), name: z.string(), kind: OrgKind.nullable() })
    .nullable(),
  /** Only on the attendee's own registration: what the entry QR encodes. */
  entryCode: z.string().nullable(),
  checkIn: CheckInView.nullable(),
  walkIn: z.boolean(),
  logistics: z
    .object({
      arrivalAt: z.string().nullable(),
      transport: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type RegistrationView = z.infer<typeof RegistrationView>;

export const EventDetailView = EventSummaryView.extend({
  organisers: z.array(z.string()),
  fields: z.array(z.string()),
  description: z.string().nullable(),
  agenda: z.array(
    z.object({
      time: z.string(),
      title: z.string(),
      speaker: z.string().nullable(),
      organization: z.string().nullable(),
      kind: AgendaItemKind.optional(),
      /** The achievement or demand a roadshow slot presents (title and owner), when linked and visible. */
      link: z
        .object({
          kind: z.enum(['achievement', 'demand']),
          id: z.string(),
          title: z.string(),
          owner: z.object({ id: z.string(), name: z.string() }),
        })
        .nullable()
        .optional(),
    }),
  ),
  staff: z.array(z.object({ userId: z.string(), name: z.string(), duty: StaffDuty })),
  checkInWindow: z.object({ opensAt: z.string(), closesAt: z.string() }),
  myRegistration: RegistrationView.nullable(),
  /** Colleagues from my organization who are coming. */
  colleagues: z.array(z.object({ name: z.string(), status: RegistrationStatus })),
  isStaff: z.boolean(),
  canEdit: z.boolean(),
});
export type EventDetailView = z.infer<typeof EventDetailView>;

export const TRANSPORT_NEEDS = ['self', 'pickup'] as const;

export const RegistrationBody = z.strictObject({
  /** A colleague from my organization; omitted = myself. */
  personId: ObjectIdString.optional(),
  logistics: z
    .strictObject({
      arrivalAt: IsoDate.optional(),
      transport: z.enum(TRANSPORT_NEEDS).optional(),
      note: Text(200).optional(),
    })
    .optional(),
});
export type RegistrationBody = z.input<typeof RegistrationBody>;

/** One check-in as the door phone recorded it: its real time and a client id for exactly-once sync. */
export const CheckInBody = z
  .strictObject({
    clientId: z.string().min(8).max(64),
    at: IsoDate,
    method: CheckInMethod,
    entryCode: z.string().min(6).max(64).optional(),
    registrationId: ObjectIdString.optional(),
    walkIn: z
      .strictObject({ name: Text(40), organization: Text(80).optional(), mobile: Mobile.optional() })
      .optional(),
  })
  .refine((b) => [b.entryCode, b.registrationId, b.walkIn].filter(Boolean).length === 1, {
    message: '请提供入场码、报名记录或现场登记信息中的一项',
  });
export type CheckInBody = z.input<typeof CheckInBody>;
export type CheckInInput = z.output<typeof CheckInBody>;

export const CheckInBatchBody = z.strictObject({ items: z.array(CheckInBody).min(1).max(1000) });

export const CheckInResultView = z.object({
  clientId: z.string(),
  outcome: z.enum(['checked_in', 'already_checked_in', 'walk_in_registered', 'rejected']),
  /** For already_checked_in: "已于 09:12 由 李明 签到" */
  message: z.string(),
  registration: RegistrationView.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type CheckInResultView = z.infer<typeof CheckInResultView>;

export const SelfCheckInBody = z.strictObject({
  eventCode: z.string().min(6).max(64),
  clientId: z.string().min(8).max(64),
});

export const AttendeeListQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  checkedIn: z.enum(['yes', 'no']).optional(),
  orgKind: OrgKind.optional(),
  status: RegistrationStatus.optional(),
}).strict();
export type AttendeeListQuery = z.infer<typeof AttendeeListQuery>;

export const DoorView = z.object({
  registered: z.number(),
  checkedIn: z.number(),
  walkIns: z.number(),
  latest: z.array(RegistrationView),
});
export type DoorView = z.infer<typeof DoorView>;
