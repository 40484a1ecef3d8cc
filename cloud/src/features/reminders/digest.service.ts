import type { Types } from 'mongoose';
import type { LatestDigestView, OverdueDigestView } from '@alliance-hub/types';
import { retryOnDuplicate } from '../../lib/mongo-errors';
import { countUnhandledSelections } from '../selections/selection-leads';
import { TaskModel } from '../tasks/task.model';
import { staleIntents } from '../tasks/stale-intents';
import { UserModel } from '../users/user.model';
import { DigestModel } from './digest.model';
import { fitKeyword, shanghaiTime } from './keyword';
import { deliverSubscribeMessage, type ReminderDeps } from './reminder.service';

type Id = Types.ObjectId;

/** The digest goes out once the working day has begun in Shanghai, not at midnight. */
export const DIGEST_HOUR_SHANGHAI = 8;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Shanghai calendar day of `at`, YYYY-MM-DD, and whether the digest hour has come. */
export function digestDay(at: Date): { day: string; due: boolean } {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return { day: local.toISOString().slice(0, 10), due: local.getUTCHours() >= DIGEST_HOUR_SHANGHAI };
}

type Summary = {
  overdueTasks: number;
  byOwner: Array<{ ownerId: Id; count: number }>;
  staleIntents: number;
  unhandledSelections: number;
};

async function summarise(now: Date): Promise<Summary> {
  const [byOwner, stale, unhandledSelections] = await Promise.all([
    TaskModel.aggregate<{ _id: Id; count: number }>([
      { $match: { state: { $in: ['open', 'snoozed'] }, dueAt: { $lt: now } } },
      { $group: { _id: '$ownerId', count: { $sum: 1 } } },
      { $sort: { count: -1, _id: 1 } },
    ]),
    staleIntents({ limit: 1000 }, now),
    countUnhandledSelections(),
  ]);
  return {
    overdueTasks: byOwner.reduce((sum, o) => sum + o.count, 0),
    byOwner: byOwner.map((o) => ({ ownerId: o._id, count: o.count })),
    staleIntents: stale.length,
    unhandledSelections,
  };
}

/** thing keywords hold 20 characters: the counts that matter, biggest news first. */
function headline(summary: Pick<Summary, 'overdueTasks' | 'staleIntents' | 'unhandledSelections'>): string {
  const parts = [
    summary.overdueTasks > 0 ? `逾期待办${summary.overdueTasks}项` : '',
    summary.staleIntents > 0 ? `停滞意向${summary.staleIntents}项` : '',
    summary.unhandledSelections > 0 ? `待处理点菜${summary.unhandledSelections}条` : '',
  ].filter(Boolean);
  return fitKeyword('thing', parts.join('，'));
}

/**
 * The secretariat's daily digest: once per secretariat user and Shanghai day, after 08:00. Run by
 * the shared scheduler every few minutes; the unique (user, day) record makes every run after the
 * first a no-op, and a day whose 08:00 passed while every process was down is caught up when one
 * comes back. A day with nothing overdue, stale or unhandled sends nothing.
 */
export async function sendOverdueDigests(deps: ReminderDeps, now: Date): Promise<number> {
  const { day, due } = digestDay(now);
  if (!due) return 0;
  const recipients = await UserModel.find({ role: 'secretariat', status: 'active' }, { _id: 1 }).lean();
  const already = await DigestModel.find(
    { day, userId: { $in: recipients.map((r) => r._id) }, wechat: { $ne: 'pending' } },
    { userId: 1 },
  ).lean();
  const done = new Set(already.map((d) => d.userId.toHexString()));
  const waiting = recipients.filter((r) => !done.has(r._id.toHexString()));
  if (waiting.length === 0) return 0;
  const summary = await summarise(now);
  if (summary.overdueTasks + summary.staleIntents + summary.unhandledSelections === 0) return 0;

  let sent = 0;
  for (const { _id: userId } of waiting) {
    const key = { userId, day };
    await retryOnDuplicate(() =>
      DigestModel.updateOne(
        key,
        { $setOnInsert: { ...summary, at: now, wechat: 'pending' } },
        { upsert: true },
      ),
    );
    // pending → sending is the claim: another process (or a retry after a crash) finds it taken.
    const claimed = await DigestModel.findOneAndUpdate(
      { ...key, wechat: 'pending' },
      { $set: { wechat: 'sending' } },
      { returnDocument: 'after' },
    ).lean();
    if (!claimed) continue;
    const outcome = await deliverSubscribeMessage(deps, {
      userId,
      template: 'overdue_digest',
      page: 'packages/interactions/tasks/index?bucket=overdue',
      data: {
        thing1: { value: headline(claimed) },
        time2: { value: shanghaiTime(claimed.at) },
        thing3: { value: fitKeyword('thing', '请在我的待办中查看并安排跟进') },
      },
      about: `digest ${day}`,
    });
    await DigestModel.updateOne(key, { $set: outcome });
    sent++;
  }
  return sent;
}

/** The latest digest for me (the secretariat), with owners' names. */
export async function latestDigest(userId: Id): Promise<LatestDigestView> {
  const doc = await DigestModel.findOne({ userId }).sort({ day: -1 }).lean();
  if (!doc) return { digest: null };
  const owners = await UserModel.find(
    { _id: { $in: doc.byOwner.map((o) => o.ownerId) } },
    { displayName: 1 },
  ).lean();
  const names = new Map(owners.map((o) => [o._id.toHexString(), o.displayName]));
  const digest: OverdueDigestView = {
    id: doc._id.toHexString(),
    day: doc.day,
    at: doc.at.toISOString(),
    overdueTasks: doc.overdueTasks,
    byOwner: doc.byOwner.map((o) => ({
      id: o.ownerId.toHexString(),
      displayName: names.get(o.ownerId.toHexString()) ?? '（已停用）',
      count: o.count,
    })),
    staleIntents: doc.staleIntents,
    unhandledSelections: doc.unhandledSelections,
    read: !!doc.readAt,
  };
  return { digest };
}
