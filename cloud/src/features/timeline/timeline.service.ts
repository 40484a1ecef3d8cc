import mongoose, { Types } from 'mongoose';
import {
  INTERACTION_TYPE_LABELS,
  REGISTRATION_STATUS_LABELS,
  TIMELINE_CURSOR,
  TIMELINE_KINDS,
  type TimelineEntryView,
  type TimelineKind,
  type TimelineQuery,
} from '@alliance-hub/types';
import { notFound } from '../../errors';
import { lookupNames, type Names } from '../../lib/named';
import { encodeCursor, readCursor } from '../../lib/pagination';
import { can, type Actor } from '../../policy/policy';
import { EventModel } from '../events/event.model';
import { monthKeys } from '../interactions/interaction.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';

type Id = Types.ObjectId;
type Raw = Record<string, unknown> & { _id: Id };
type Subject = { kind: 'organization'; id: Id } | { kind: 'person'; id: Id; orgId: Id | null };

/** One source of timeline entries: a collection, a filter for the subject, and its time field. */
type Source = {
  kind: TimelineKind;
  collection: string;
  filter: Record<string, unknown>;
  timeField: string;
  /** Interactions carry month keys (`o:<org>` / `p:<person>` + month): read the newest months first. */
  monthKeyPrefix?: string;
};

const KIND_INDEX = new Map(TIMELINE_KINDS.map((kind, i) => [kind, i]));

function sourcesFor(subject: Subject, actor: Actor): Source[] {
  const org = subject.kind === 'organization';
  const id = subject.id;
  const staff = can(actor, 'interaction.read');
  const privateOk = can(
    actor,
    'timeline.readPrivate',
    org ? { orgId: id } : { personId: id, orgId: subject.orgId },
  );
  // Interactions: staff see all; others what they logged or what was shown to their organization.
  const shown: Record<string, unknown>[] = [{ createdBy: actor.id }];
  if (actor.role === 'member' && actor.orgId) shown.push({ visibility: 'orgs', orgIds: actor.orgId });
  const interactionScope = staff ? {} : { $or: shown };
  const involving = org ? { orgIds: id } : { personIds: id };
  const monthKeyPrefix = `${org ? 'o' : 'p'}:${id.toHexString()}`;
  const sources: Source[] = [
    {
      kind: 'interaction',
      collection: 'interactions',
      filter: {
        ...involving,
        type: { $ne: 'card_exchange' },
        deletedAt: { $exists: false },
        ...interactionScope,
      },
      timeField: 'at',
      monthKeyPrefix,
    },
    { kind: 'achievement', collection: 'achievements', filter: published(org, id), timeField: 'publishedAt' },
    { kind: 'demand', collection: 'demands', filter: published(org, id, staff), timeField: 'publishedAt' },
  ];
  // Who met whom is for the alliance's staff (as the encounters list).
  if (can(actor, 'encounter.read')) {
    sources.push({
      kind: 'card_exchange',
      collection: 'interactions',
      filter: { ...involving, type: 'card_exchange' },
      timeField: 'at',
      monthKeyPrefix,
    });
  }
  if (privateOk) {
    const own = org ? { orgId: id } : { personId: id };
    sources.push(
      { kind: 'registration', collection: 'registrations', filter: own, timeField: 'createdAt' },
      {
        kind: 'check_in',
        collection: 'registrations',
        filter: { ...own, 'checkIn.at': { $exists: true } },
        timeField: 'checkIn.at',
      },
      { kind: 'selection', collection: 'selections', filter: own, timeField: 'createdAt' },
    );
  }
  return sources;
}

/** Published items only; staff-only demands stay with the staff. */
function published(org: boolean, id: Id, staff = true): Record<string, unknown> {
  const owner = org ? { ownerOrgId: id } : { contactPersonIds: id };
  return { ...owner, status: 'published', ...(staff ? {} : { visibility: { $ne: 'staff' } }) };
}

/**
 * Entries strictly after the cursor in (at desc, kind desc, _id desc) order. A source holds one
 * kind, so against a cursor of another kind only the time decides.
 */
function afterCursor(source: Source, cursor: readonly [number, number, string] | undefined) {
  if (!cursor) return source.filter;
  const [ms, kindIndex, id] = cursor;
  const at = new Date(ms);
  const own = KIND_INDEX.get(source.kind) ?? 0;
  const t = source.timeField;
  let condition: Record<string, unknown>;
  if (own < kindIndex) condition = { [t]: { $lte: at } };
  else if (own > kindIndex) condition = { [t]: { $lt: at } };
  else condition = { $or: [{ [t]: { $lt: at } }, { [t]: at, _id: { $lt: new Types.ObjectId(id) } }] };
  return { $and: [source.filter, condition] };
}

const timeOf = (doc: Raw, field: string): Date => {
  const value = field
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], doc);
  return value instanceof Date ? value : new Date(0);
};

type Row = { kind: TimelineKind; at: Date; doc: Raw };

// Month windows tried before the whole history: a busy organization fills a page from the first
// (two months, so a page asked for early in a month rarely needs a second query).
const MONTH_WINDOWS = [2, 6, 24];
// Logged times may run a little ahead of the server (phone clocks); a day covers that.
const AHEAD_MS = 24 * 3600_000;

async function fetchSource(
  source: Source,
  cursor: readonly [number, number, string] | undefined,
  limit: number,
  now: Date,
) {
  const run = async (extra?: Record<string, unknown>) => {
    const filter = afterCursor(source, cursor);
    const docs = await mongoose.connection
      .collection(source.collection)
      .find(extra ? { $and: [filter, extra] } : filter)
      .sort({ [source.timeField]: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => ({
      kind: source.kind,
      at: timeOf(doc as Raw, source.timeField),
      doc: doc as Raw,
    }));
  };
  if (source.monthKeyPrefix) {
    // Everything after the cursor is no newer than its month, so once the months up to it hold
    // `limit` rows, their newest `limit` are the newest overall.
    const from = cursor ? new Date(cursor[0]) : new Date(now.getTime() + AHEAD_MS);
    for (const months of MONTH_WINDOWS) {
      const rows = await run({ timeKeys: { $in: monthKeys(source.monthKeyPrefix, from, months) } });
      if (rows.length >= limit) return rows;
    }
  }
  return run();
}

const compare = (a: Row, b: Row) =>
  b.at.getTime() - a.at.getTime() ||
  (KIND_INDEX.get(b.kind) ?? 0) - (KIND_INDEX.get(a.kind) ?? 0) ||
  String(b.doc._id).localeCompare(String(a.doc._id));

type Cursor = readonly [number, number, string];

/** Strictly after the cursor in page order (what afterCursor asks the database for). */
const afterInMemory = (cursor: Cursor | undefined) => {
  if (!cursor) return () => true;
  const at = cursor[0];
  const kind = TIMELINE_KINDS[cursor[1]] ?? TIMELINE_KINDS[0];
  const mark: Row = { kind, at: new Date(at), doc: { _id: new Types.ObjectId(cursor[2]) } };
  return (row: Row) => compare(mark, row) < 0;
};

const MONTH_MS = 31 * 24 * 3600_000;

/**
 * Registrations and check-ins come from the same documents, so one query serves both kinds: the
 * organization's (or person's) registrations created, or checked in, within a window before the
 * cursor, widened until each kind has a page (the last try has no lower bound). On the embedded
 * database, which reads every registration of the subject for either kind, this halves the work;
 * on MongoDB the $or uses the (subject, createdAt) and (subject, checkIn.at) indexes.
 */
async function fetchRegistrations(
  own: Record<string, unknown>,
  cursor: Cursor | undefined,
  limit: number,
  now: Date,
): Promise<Row[]> {
  const upper = cursor ? new Date(cursor[0]) : new Date(now.getTime() + AHEAD_MS);
  const keep = afterInMemory(cursor);
  for (const months of [...MONTH_WINDOWS, null]) {
    const range = { ...(months ? { $gte: new Date(upper.getTime() - months * MONTH_MS) } : {}), $lte: upper };
    const docs = (await mongoose.connection
      .collection('registrations')
      .find({ ...own, $or: [{ createdAt: range }, { 'checkIn.at': range }] })
      .toArray()) as Raw[];
    const rows: Row[] = [];
    for (const doc of docs) {
      rows.push({ kind: 'registration', at: timeOf(doc, 'createdAt'), doc });
      if ((doc.checkIn as { at?: Date } | undefined)?.at)
        rows.push({ kind: 'check_in', at: timeOf(doc, 'checkIn.at'), doc });
    }
    const inWindow = (kind: TimelineKind) =>
      rows.filter((r) => r.kind === kind && (!range.$gte || r.at >= range.$gte) && keep(r)).sort(compare);
    const registrations = inWindow('registration');
    const checkIns = inWindow('check_in');
    if (!months || (registrations.length >= limit && checkIns.length >= limit)) {
      return [...registrations.slice(0, limit), ...checkIns.slice(0, limit)];
    }
  }
  return [];
}

const ids = (v: unknown): Id[] => (Array.isArray(v) ? (v as Id[]) : v ? [v as Id] : []);

function present(actor: Actor, row: Row, names: Names, eventTitles: Map<string, string>): TimelineEntryView {
  const d = row.doc;
  const people = ids(d.personIds ?? d.personId);
  const who: TimelineEntryView['who'] = people.map((id) => {
    const p = names.person(id);
    return {
      personId: id.toHexString(),
      name: p?.name ?? '（已删除）',
      organization: p?.organization ?? null,
    };
  });
  for (const u of (d.unlisted as Array<{ name: string; organization?: string }> | undefined) ?? []) {
    who.push({ personId: null, name: u.name, organization: u.organization ?? null });
  }
  const eventId = d.eventId as Id | undefined;
  const event = eventId
    ? { id: eventId.toHexString(), title: eventTitles.get(eventId.toHexString()) ?? '（已删除）' }
    : null;
  const base = {
    id: `${row.kind}:${d._id.toHexString()}`,
    kind: row.kind,
    at: row.at.toISOString(),
    who,
    event,
    note: null,
  };
  switch (row.kind) {
    case 'interaction':
    case 'card_exchange': {
      const facts = {
        createdBy: (d.createdBy as Id) ?? null,
        orgIds: ids(d.orgIds),
        visibility: d.visibility as 'staff' | 'orgs',
      };
      return {
        ...base,
        summary: INTERACTION_TYPE_LABELS[d.type as keyof typeof INTERACTION_TYPE_LABELS] ?? '互动',
        by: names.user(d.createdBy as Id),
        ref: { type: 'interaction', id: d._id.toHexString() },
        note: can(actor, 'interaction.readNote', { interaction: facts })
          ? ((d.notes as string) ?? null)
          : null,
      };
    }
    case 'registration':
      return {
        ...base,
        summary: `报名${event ? `：${event.title}` : ''}（${REGISTRATION_STATUS_LABELS[d.status as keyof typeof REGISTRATION_STATUS_LABELS] ?? d.status}）`,
        by: names.user(d.registeredBy as Id),
        ref: { type: 'event', id: event?.id ?? d._id.toHexString() },
      };
    case 'check_in':
      return {
        ...base,
        summary: `签到${event ? `：${event.title}` : ''}`,
        by: names.user((d.checkIn as { byUserId?: Id } | undefined)?.byUserId),
        ref: { type: 'event', id: event?.id ?? d._id.toHexString() },
      };
    case 'selection': {
      const kind = d.itemKind === 'demand' ? 'demand' : 'achievement';
      const item = kind === 'demand' ? names.demand(d.itemId as Id) : names.achievement(d.itemId as Id);
      return {
        ...base,
        summary: `点菜式对接：${item?.title ?? '（已删除）'}`,
        by: null,
        ref: { type: kind, id: (d.itemId as Id).toHexString() },
      };
    }
    case 'achievement':
    case 'demand':
      return {
        ...base,
        who: [],
        summary: `${row.kind === 'achievement' ? '发布成果' : '发布需求'}：${String(d.title ?? '')}`,
        by: names.user(d.createdBy as Id),
        ref: { type: row.kind, id: d._id.toHexString() },
      };
  }
}

async function timeline(actor: Actor, subject: Subject, query: TimelineQuery) {
  const cursor = readCursor(TIMELINE_CURSOR, query.cursor);
  const wanted = query.kinds?.length ? new Set(query.kinds) : undefined;
  let sources = sourcesFor(subject, actor).filter((s) => !wanted || wanted.has(s.kind));
  // Both registration kinds wanted: one query for the two (see fetchRegistrations).
  const registrations = sources.find((s) => s.kind === 'registration');
  const both = !!registrations && sources.some((s) => s.kind === 'check_in');
  if (both) sources = sources.filter((s) => s.kind !== 'registration' && s.kind !== 'check_in');
  const now = new Date();
  // Each source's own first limit+1 rows hold every row of the merged page, and one more.
  const fetched = await Promise.all([
    ...sources.map((s) => fetchSource(s, cursor, query.limit + 1, now)),
    both && registrations ? fetchRegistrations(registrations.filter, cursor, query.limit + 1, now) : [],
  ]);
  const rows = fetched.flat().sort(compare);
  const page = rows.slice(0, query.limit);
  const docs = page.map((r) => r.doc);
  const [names, events] = await Promise.all([
    lookupNames({
      people: docs.flatMap((d) => ids(d.personIds ?? d.personId)),
      users: docs.flatMap(
        (d) => [d.createdBy, d.registeredBy, (d.checkIn as { byUserId?: Id } | undefined)?.byUserId] as Id[],
      ),
      achievements: page.filter((r) => r.doc.itemKind === 'achievement').map((r) => r.doc.itemId as Id),
      demands: page.filter((r) => r.doc.itemKind === 'demand').map((r) => r.doc.itemId as Id),
    }),
    EventModel.find({ _id: { $in: docs.flatMap((d) => ids(d.eventId)) } }, { title: 1 }).lean(),
  ]);
  const titles = new Map(events.map((e) => [e._id.toHexString(), e.title]));
  const last = page[page.length - 1];
  return {
    items: page.map((row) => present(actor, row, names, titles)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor(TIMELINE_CURSOR, [
            last.at.getTime(),
            KIND_INDEX.get(last.kind) ?? 0,
            last.doc._id.toHexString(),
          ])
        : null,
  };
}

export async function organizationTimeline(actor: Actor, id: string, query: TimelineQuery) {
  // Asked together: the page is thrown away for an unknown id, which is rare, so the existence
  // check costs no round trip of its own on the busy path.
  const [org, page] = await Promise.all([
    OrganizationModel.exists({ _id: id }),
    timeline(actor, { kind: 'organization', id: new Types.ObjectId(id) }, query),
  ]);
  if (!org) throw notFound('单位');
  return page;
}

export async function personTimeline(actor: Actor, id: string, query: TimelineQuery) {
  const person = await PersonModel.findById(id, { orgId: 1 }).lean();
  if (!person) throw notFound('人员');
  return timeline(actor, { kind: 'person', id: person._id, orgId: person.orgId ?? null }, query);
}
