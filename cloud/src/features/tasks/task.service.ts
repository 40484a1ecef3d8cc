import { Types } from 'mongoose';
import {
  TIME_CURSOR,
  bucketBounds,
  type TaskBucket,
  type TaskCompleteInput,
  type TaskCreateInput,
  type TaskLinks,
  type TaskListQuery,
  type TaskListView,
  type TaskReassignBody,
  type TaskSnoozeBody,
  type TaskUpdateInput,
  type TaskView,
} from '@alliance-hub/types';
import { AppError, conflict, forbidden, notFound, validation } from '../../errors';
import type { Clock } from '../../lib/clock';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { encodeCursor, readCursor } from '../../lib/pagination';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { UserModel } from '../users/user.model';
import { TaskModel } from './task.model';
import { namesForTasks, presentTask, type TaskLean } from './task.presenter';

type Id = Types.ObjectId;
type StoredLinks = Partial<Record<keyof TaskLinks, Id>>;
const oid = (id: string) => new Types.ObjectId(id);

const ownerRefused = () =>
  new AppError(400, 'VALIDATION_FAILED', '待办只能交给白衬衫或秘书处的同事', [
    { path: 'body.ownerUserId', message: '请选择白衬衫或秘书处的同事' },
  ]);

/** A follow-up is owned by a coordinator or the secretariat with an active account. */
async function checkOwner(actor: Actor, ownerId: Id): Promise<void> {
  const owner = await UserModel.findById(ownerId, { role: 1, status: 1 }).lean();
  if (!owner || owner.status !== 'active' || !can(actor, 'task.own', { assigneeRole: owner.role })) {
    throw ownerRefused();
  }
}

const storedLinks = (links: TaskLinks): StoredLinks =>
  Object.fromEntries(Object.entries(links).flatMap(([k, v]) => (v ? [[k, oid(v)]] : []))) as StoredLinks;

async function insertOnce(
  actor: Actor,
  clientId: string,
  doc: Record<string, unknown>,
): Promise<{ created: boolean; task: TaskLean }> {
  const existing = await TaskModel.findOne({ clientId }).lean<TaskLean>();
  if (existing) {
    if (!existing.createdBy?.equals(actor.id)) throw conflict('这个客户端编号已被其他记录使用，请重新提交');
    return { created: false, task: existing };
  }
  try {
    const made = await TaskModel.create({ ...doc, clientId, createdBy: actor.id });
    return { created: true, task: made.toObject() as TaskLean };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return insertOnce(actor, clientId, doc);
  }
}

/** The follow-up created with an interaction; keyed by the interaction so a retry finds it. */
export async function createFollowUp(
  actor: Actor,
  input: { title: string; dueAt: string; ownerUserId?: string; clientKey: string; links: StoredLinks },
): Promise<TaskLean> {
  const ownerId = input.ownerUserId ? oid(input.ownerUserId) : actor.id;
  if (!ownerId.equals(actor.id)) await checkOwner(actor, ownerId);
  const links = Object.fromEntries(Object.entries(input.links).filter(([, v]) => v)) as StoredLinks;
  const { task } = await insertOnce(actor, input.clientKey, {
    title: input.title,
    dueAt: new Date(input.dueAt),
    remindAt: new Date(input.dueAt),
    ownerId,
    links,
  });
  return task;
}

async function present(doc: TaskLean, clock: Clock): Promise<TaskView> {
  return presentTask(doc, await namesForTasks([doc]), clock());
}

export async function createTask(
  actor: Actor,
  input: TaskCreateInput,
  clock: Clock,
): Promise<{ created: boolean; task: TaskView }> {
  const ownerId = input.ownerUserId ? oid(input.ownerUserId) : actor.id;
  if (!ownerId.equals(actor.id)) await checkOwner(actor, ownerId);
  const { created, task } = await insertOnce(actor, input.clientId, {
    title: input.title,
    note: input.note,
    dueAt: new Date(input.dueAt),
    remindAt: new Date(input.dueAt),
    ownerId,
    links: storedLinks(input.links),
  });
  return { created, task: await present(task, clock) };
}

const ACTIVE = { state: { $in: ['open', 'snoozed'] as Array<'open' | 'snoozed'> } };

function bucketRange(bucket: TaskBucket, now: Date): Record<string, Date> {
  const { todayEnd, weekEnd } = bucketBounds(now);
  switch (bucket) {
    case 'overdue':
      return { $lt: now };
    case 'today':
      return { $gte: now, $lt: todayEnd };
    case 'this_week':
      return { $gte: todayEnd, $lt: weekEnd };
    case 'later':
      return { $gte: weekEnd };
  }
}

export async function listTasks(actor: Actor, query: TaskListQuery, clock: Clock): Promise<TaskListView> {
  if (query.scope === 'all' && !can(actor, 'task.listAll')) throw forbidden();
  const now = clock();
  const scope: Record<string, unknown> = query.scope === 'mine' ? { ownerId: actor.id } : {};
  const done = query.state === 'done';
  const filter: Record<string, unknown> = { ...scope, ...(done ? { state: 'done' } : ACTIVE) };
  if (query.bucket && !done) filter.dueAt = bucketRange(query.bucket, now);
  const cursor = readCursor(TIME_CURSOR, query.cursor);
  // Active tasks soonest first; done ones most recently due first.
  const dir = done ? -1 : 1;
  const page: Record<string, unknown>[] = [filter];
  if (cursor) {
    const dueAt = new Date(cursor[0]);
    const op = done ? '$lt' : '$gt';
    page.push({ $or: [{ dueAt: { [op]: dueAt } }, { dueAt, _id: { [op]: oid(cursor[1]) } }] });
  }
  const [docs, counts] = await Promise.all([
    TaskModel.find({ $and: page })
      .sort({ dueAt: dir, _id: dir })
      .limit(query.limit + 1)
      .lean<TaskLean[]>(),
    bucketCounts(scope, now),
  ]);
  const items = docs.slice(0, query.limit);
  const names = await namesForTasks(items);
  const last = items[items.length - 1];
  return {
    items: items.map((doc) => presentTask(doc, names, now)),
    nextCursor:
      docs.length > query.limit && last
        ? encodeCursor(TIME_CURSOR, [last.dueAt.getTime(), last._id.toHexString()])
        : null,
    counts,
  };
}

async function bucketCounts(scope: Record<string, unknown>, now: Date) {
  const count = (bucket: TaskBucket) =>
    TaskModel.countDocuments({ ...scope, ...ACTIVE, dueAt: bucketRange(bucket, now) });
  const [overdue, today, thisWeek, later] = await Promise.all([
    count('overdue'),
    count('today'),
    count('this_week'),
    count('later'),
  ]);
  return { overdue, today, this_week: thisWeek, later };
}

/** My open tasks due by now: the in-app badge, shown whether or not WeChat delivered a reminder. */
export function countDue(userId: Id, now: Date): Promise<number> {
  return TaskModel.countDocuments({ ownerId: userId, ...ACTIVE, dueAt: { $lte: now } });
}

async function loadChangeable(actor: Actor, id: string): Promise<TaskLean> {
  const doc = await TaskModel.findById(id).lean<TaskLean>();
  // Another coordinator's task is still visible in scope=all, so 403 rather than 404.
  if (!doc || !can(actor, 'task.use')) throw notFound('待办');
  if (!can(actor, 'task.change', { task: { ownerId: doc.ownerId, createdBy: doc.createdBy } })) {
    throw forbidden('只能修改自己的或自己安排的待办');
  }
  return doc;
}

export async function getTask(actor: Actor, id: string, clock: Clock): Promise<TaskView> {
  const doc = await TaskModel.findById(id).lean<TaskLean>();
  if (!doc || !can(actor, 'task.use')) throw notFound('待办');
  return present(doc, clock);
}

/**
 * Writes only when the stored version is the one the client saw. Otherwise 409 with the
 * current task in details, so the client shows the other writer's change instead of losing it.
 */
async function writeVersioned(
  doc: TaskLean,
  version: number | undefined,
  update: { $set?: Record<string, unknown>; $unset?: Record<string, 1> },
  clock: Clock,
  extra: Record<string, unknown> = {},
): Promise<TaskLean> {
  const filter: Record<string, unknown> = { _id: doc._id, ...extra };
  if (version !== undefined) filter.version = version;
  const after = await TaskModel.findOneAndUpdate(
    filter,
    { ...update, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean<TaskLean>();
  if (after) return after;
  const current = await TaskModel.findById(doc._id).lean<TaskLean>();
  if (!current) throw notFound('待办');
  throw new AppError(409, 'CONFLICT', '这条待办刚被其他人修改过，请查看最新内容后再保存', {
    current: await present(current, clock),
  });
}

const taskSnapshot = (doc: TaskLean) => ({
  title: doc.title,
  note: doc.note ?? null,
  dueAt: doc.dueAt,
  ownerId: doc.ownerId,
  state: doc.state,
  version: doc.version,
});

async function audited(actor: Actor, action: string, before: TaskLean, after: TaskLean) {
  await recordAudit({
    actorId: actor.id,
    action,
    entity: { type: 'task', id: after._id },
    before: taskSnapshot(before),
    after: taskSnapshot(after),
  });
}

export async function updateTask(
  actor: Actor,
  id: string,
  input: TaskUpdateInput,
  clock: Clock,
): Promise<TaskView> {
  const before = await loadChangeable(actor, id);
  const set: Record<string, unknown> = {};
  const unset: Record<string, 1> = {};
  if (input.title) set.title = input.title;
  // A new due date arms a new reminder.
  if (input.dueAt) set.dueAt = set.remindAt = new Date(input.dueAt);
  if (input.note === null) unset.note = 1;
  else if (input.note !== undefined) set.note = input.note;
  if (input.links) set.links = storedLinks(input.links);
  const after = await writeVersioned(
    before,
    input.version,
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    clock,
  );
  await audited(actor, 'task.update', before, after);
  return present(after, clock);
}

/**
 * Completing twice is one completion. With `interaction`, what happened is logged in the same
 * step: the interaction first (idempotent by its clientId), then the task points at it, so a
 * retried request finishes what a dropped one started and never logs twice.
 */
export async function completeTask(
  actor: Actor,
  id: string,
  input: TaskCompleteInput,
  clock: Clock,
  logInteraction: (body: NonNullable<TaskCompleteInput['interaction']>) => Promise<Id>,
): Promise<TaskView> {
  const before = await loadChangeable(actor, id);
  if (before.state === 'done') return present(before, clock);
  const interactionId = input.interaction ? await logInteraction(input.interaction) : undefined;
  let won = true;
  const after = await writeVersioned(
    before,
    input.version,
    {
      $set: {
        state: 'done',
        completedAt: clock(),
        completedBy: actor.id,
        ...(interactionId ? { completionInteractionId: interactionId } : {}),
      },
      $unset: { remindAt: 1 },
    },
    clock,
    { state: { $ne: 'done' } },
  ).catch(async (err: unknown) => {
    // A concurrent completion won: that is the same outcome, not a conflict.
    const now = await TaskModel.findById(before._id).lean<TaskLean>();
    if (now?.state !== 'done') throw err;
    won = false;
    return now;
  });
  if (won) await audited(actor, 'task.complete', before, after);
  return present(after, clock);
}

export async function snoozeTask(
  actor: Actor,
  id: string,
  input: TaskSnoozeBody,
  clock: Clock,
): Promise<TaskView> {
  const before = await loadChangeable(actor, id);
  const until = new Date(input.until);
  if (until.getTime() <= clock().getTime()) {
    throw validation([{ path: 'body.until', message: '推迟到的时间应晚于现在' }]);
  }
  if (before.state === 'done') throw conflict('这条待办已完成，不能推迟');
  const after = await writeVersioned(
    before,
    input.version,
    { $set: { state: 'snoozed', dueAt: until, remindAt: until } },
    clock,
    {
      state: { $ne: 'done' },
    },
  );
  await audited(actor, 'task.snooze', before, after);
  return present(after, clock);
}

export async function reassignTask(
  actor: Actor,
  id: string,
  input: TaskReassignBody,
  clock: Clock,
): Promise<TaskView> {
  const before = await loadChangeable(actor, id);
  const ownerId = oid(input.ownerUserId);
  await checkOwner(actor, ownerId);
  const after = await writeVersioned(before, input.version, { $set: { ownerId } }, clock);
  await audited(actor, 'task.reassign', before, after);
  return present(after, clock);
}
