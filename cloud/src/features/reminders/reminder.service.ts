import type { Types } from 'mongoose';
import type { BadgesView, SubscriptionCreditsView, SubscriptionTemplate } from '@alliance-hub/types';
import { SUBSCRIPTION_TEMPLATES } from '@alliance-hub/types';
import { retryOnDuplicate } from '../../lib/mongo-errors';
import type { Logger } from '../../logger';
import { WechatApiError, type WechatClient } from '../../wechat/wechat-client';
import { TaskModel } from '../tasks/task.model';
import { countDue } from '../tasks/task.service';
import { UserModel } from '../users/user.model';
import { fitKeyword, shanghaiTime } from './keyword';
import { DigestModel } from './digest.model';
import { ReminderModel, SubscriptionCreditModel } from './reminder.model';

type Id = Types.ObjectId;

// errcode 43101: the user has no subscription credit left for this template.
const NO_CREDIT = 43101;
const CLAIM_LEASE_MS = 2 * 60_000;
const BATCH_MAX = 500;

export type ReminderDeps = {
  wechat: WechatClient;
  logger: Logger;
  /** WeChat template ids per template key (set in the mini-program's admin console). */
  templateIds: Record<SubscriptionTemplate, string>;
};

export async function acceptSubscriptions(
  userId: Id,
  templates: SubscriptionTemplate[],
): Promise<SubscriptionCreditsView> {
  for (const template of templates) {
    await retryOnDuplicate(() =>
      SubscriptionCreditModel.updateOne({ userId, template }, { $inc: { credits: 1 } }, { upsert: true }),
    );
  }
  return creditsOf(userId);
}

export async function creditsOf(userId: Id): Promise<SubscriptionCreditsView> {
  const docs = await SubscriptionCreditModel.find({ userId }).lean();
  const credits = Object.fromEntries(SUBSCRIPTION_TEMPLATES.map((t) => [t, 0])) as Record<
    SubscriptionTemplate,
    number
  >;
  for (const doc of docs) credits[doc.template] = doc.credits;
  return { credits };
}

export async function badgesOf(userId: Id, now: Date): Promise<BadgesView> {
  const [tasksDue, unreadReminders, unreadDigests] = await Promise.all([
    countDue(userId, now),
    ReminderModel.countDocuments({ userId, readAt: { $exists: false } }),
    DigestModel.countDocuments({ userId, readAt: { $exists: false } }),
  ]);
  return { tasksDue, unreadReminders: unreadReminders + unreadDigests };
}

export async function markRemindersRead(userId: Id, now: Date): Promise<void> {
  await Promise.all([
    ReminderModel.updateMany({ userId, readAt: { $exists: false } }, { $set: { readAt: now } }),
    DigestModel.updateMany({ userId, readAt: { $exists: false } }, { $set: { readAt: now } }),
  ]);
}

export type Delivery = {
  wechat: 'sent' | 'no_openid' | 'no_credit' | 'failed';
  wechatError?: number;
};

/** Spends one credit of `template`, sends, and settles the credit by WeChat's answer. */
export async function deliverSubscribeMessage(
  deps: ReminderDeps,
  message: {
    userId: Id;
    template: SubscriptionTemplate;
    page: string;
    data: Record<string, { value: string }>;
    /** For the log when WeChat refuses. */
    about: string;
  },
): Promise<Delivery> {
  const { userId, template } = message;
  const user = await UserModel.findById(userId, { openid: 1 }).lean();
  if (!user?.openid) return { wechat: 'no_openid' };
  const spent = await SubscriptionCreditModel.findOneAndUpdate(
    { userId, template, credits: { $gt: 0 } },
    { $inc: { credits: -1 } },
  ).lean();
  if (!spent) return { wechat: 'no_credit' };
  try {
    await deps.wechat.sendSubscribeMessage({
      touser: user.openid,
      templateId: deps.templateIds[template],
      page: message.page,
      data: message.data,
    });
    return { wechat: 'sent' };
  } catch (err) {
    const errcode = err instanceof WechatApiError ? err.errcode : -1;
    if (errcode === NO_CREDIT) {
      // WeChat is the truth: the user has none left (withdrawn, or used up elsewhere).
      await SubscriptionCreditModel.updateOne({ userId, template }, { $set: { credits: 0 } });
      return { wechat: 'no_credit', wechatError: errcode };
    }
    // Any other refusal did not use the credit up.
    await SubscriptionCreditModel.updateOne({ userId, template }, { $inc: { credits: 1 } });
    deps.logger.warn({ errcode, template, about: message.about }, 'subscribe message not sent');
    return { wechat: 'failed', wechatError: errcode };
  }
}

const deliver = (deps: ReminderDeps, reminder: { userId: Id; title: string; dueAt: Date; taskId: Id }) =>
  deliverSubscribeMessage(deps, {
    userId: reminder.userId,
    template: 'task_due',
    page: `packages/interactions/tasks/index?id=${reminder.taskId.toHexString()}`,
    data: {
      thing1: { value: fitKeyword('thing', reminder.title) },
      time2: { value: shanghaiTime(reminder.dueAt) },
      phrase3: { value: fitKeyword('phrase', '待跟进') },
    },
    about: `task ${reminder.taskId.toHexString()}`,
  });

/**
 * Sends every due reminder once. Each task is claimed with one atomic update that pushes its
 * remindAt forward by a lease, so concurrent sweeps in several cloud processes take different
 * tasks; the reminder record's unique (task, due date) key and its pending → sending step make a
 * second attempt (after a lease ran out) a no-op rather than a second message.
 */
export async function sendDueReminders(deps: ReminderDeps, now: Date): Promise<number> {
  let handled = 0;
  while (handled < BATCH_MAX) {
    const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
    const task = await TaskModel.findOneAndUpdate(
      { remindAt: { $lte: now }, state: { $in: ['open', 'snoozed'] as Array<'open' | 'snoozed'> } },
      { $set: { remindAt: lease } },
      { returnDocument: 'after', timestamps: false },
    ).lean();
    if (!task) break;
    handled++;
    const key = { taskId: task._id, dueAt: task.dueAt };
    await retryOnDuplicate(() =>
      ReminderModel.updateOne(
        key,
        { $setOnInsert: { userId: task.ownerId, title: task.title, at: now, wechat: 'pending' } },
        { upsert: true },
      ),
    );
    const claimed = await ReminderModel.findOneAndUpdate(
      { ...key, wechat: 'pending' },
      { $set: { wechat: 'sending' } },
    ).lean();
    if (claimed) {
      const outcome = await deliver(deps, {
        userId: task.ownerId,
        title: task.title,
        dueAt: task.dueAt,
        taskId: task._id,
      });
      await ReminderModel.updateOne(key, { $set: outcome });
    }
    // Only this claim's lease is cleared: a snooze in the meantime armed a new reminder.
    await TaskModel.updateOne(
      { _id: task._id, remindAt: lease },
      { $unset: { remindAt: 1 } },
      { timestamps: false },
    );
  }
  return handled;
}
