import type { Types } from 'mongoose';
import { STALE_STAGES, type IntentStage, type StaleStage } from '@alliance-hub/types';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { TaskModel } from '../tasks/task.model';
import { IntentModel, type IntentLean } from './intent.model';
import { staleDays, type StaleDays } from './intent-settings';

const DAY_MS = 24 * 3600_000;

const isStaleStage = (stage: IntentStage): stage is StaleStage =>
  (STALE_STAGES as readonly string[]).includes(stage);

/**
 * The last sign of life at this stage: the latest logged contact, or entering the stage (a
 * stage just entered is not stale however long ago the last contact was).
 */
export function lastSignOfLife(doc: Pick<IntentLean, 'lastContactAt' | 'stageEnteredAt'>): Date {
  const contact = doc.lastContactAt?.getTime() ?? 0;
  return new Date(Math.max(contact, doc.stageEnteredAt.getTime()));
}

/** Active, at a stage that can go cold, and no sign of life for that stage's number of days. */
export function isStale(
  doc: Pick<IntentLean, 'status' | 'stage' | 'lastContactAt' | 'stageEnteredAt'>,
  days: StaleDays,
  now: Date,
): boolean {
  if (doc.status !== 'active' || !isStaleStage(doc.stage)) return false;
  return now.getTime() - lastSignOfLife(doc).getTime() > days[doc.stage] * DAY_MS;
}

/** The same rule as a query, one branch per stage with its own cutoff. */
export function staleFilter(days: StaleDays, now: Date): Record<string, unknown> {
  return {
    status: 'active',
    $or: STALE_STAGES.map((stage) => {
      const cutoff = new Date(now.getTime() - days[stage] * DAY_MS);
      return {
        stage,
        stageEnteredAt: { $lt: cutoff },
        $or: [{ lastContactAt: null }, { lastContactAt: { $lt: cutoff } }],
      };
    }),
  };
}

/** Which of these intents have an open (or snoozed) follow-up task linked to them. */
export async function withOpenFollowUp(ids: Types.ObjectId[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const tasks = await TaskModel.find(
    { 'links.intentId': { $in: ids }, state: { $in: ['open', 'snoozed'] } },
    { 'links.intentId': 1 },
  ).lean<Array<{ links?: { intentId?: Types.ObjectId | null } | null }>>();
  return new Set(tasks.flatMap((t) => (t.links?.intentId ? [t.links.intentId.toHexString()] : [])));
}

export type StaleIntent = {
  id: string;
  topic: string;
  stage: IntentStage;
  ownerId: string | null;
  /** Last logged contact, or when the stage was entered if none since. */
  lastContactAt: string | null;
  /** Days since the last logged contact (or since entering the stage). */
  daysSilent: number;
  /** The stage's threshold. */
  staleDays: number;
};

/**
 * Active intents gone cold, longest silent first: for 我的待办 (`ownerId`), the secretariat's
 * digest (no owner) and the stale job. Capped, since a digest lists names, not thousands.
 */
export async function listStaleIntents(
  options: { ownerId?: Types.ObjectId | string; limit?: number } = {},
  now: Date = new Date(),
): Promise<StaleIntent[]> {
  const days = await staleDays();
  const filter: Record<string, unknown> = staleFilter(days, now);
  if (options.ownerId) filter.ownerId = options.ownerId;
  const docs = await IntentModel.find(filter, {
    topic: 1,
    stage: 1,
    status: 1,
    ownerId: 1,
    lastContactAt: 1,
    stageEnteredAt: 1,
  })
    .sort({ stageEnteredAt: 1, _id: 1 })
    .limit(options.limit ?? 200)
    .lean<IntentLean[]>();
  return docs
    .map((doc) => ({
      id: doc._id.toHexString(),
      topic: doc.topic,
      stage: doc.stage,
      ownerId: doc.ownerId?.toHexString() ?? null,
      lastContactAt: lastSignOfLife(doc).toISOString(),
      daysSilent: Math.floor((now.getTime() - lastSignOfLife(doc).getTime()) / DAY_MS),
      staleDays: isStaleStage(doc.stage) ? days[doc.stage] : 0,
    }))
    .sort((a, b) => b.daysSilent - a.daysSilent);
}

/**
 * An interaction linked to the intent was logged: lastContactAt moves forward only (a late
 * entry about last month never hides this week's visit). Not a versioned write on purpose: a
 * logged visit is no edit of the intent, so it must not make a coordinator's open form stale.
 */
export async function noteContact(intentId: Types.ObjectId, at: Date): Promise<void> {
  await IntentModel.updateOne(
    { _id: intentId, $or: [{ lastContactAt: null }, { lastContactAt: { $lt: at } }] },
    // A contact ends the stale spell: the next one is alerted afresh.
    { $set: { lastContactAt: at }, $unset: { staleNotifiedAt: 1 } },
    { timestamps: false },
  );
}

/**
 * The scheduled stale alert: each intent that went cold since it was last alerted puts a
 * follow-up in its owner's 我的待办, due now, so the due-reminder job sends the in-app reminder
 * (and the WeChat message where a credit allows). Once per stale spell: the task's client key
 * names the spell, so a crash between the two steps repeats nothing.
 */
export async function alertStaleIntents(now: Date, batch = 200): Promise<number> {
  const days = await staleDays();
  const docs = await IntentModel.find(
    // Contacts and stage moves clear staleNotifiedAt, so "not yet alerted" is a plain null.
    { $and: [staleFilter(days, now), { ownerId: { $ne: null }, staleNotifiedAt: null }] },
    { topic: 1, stage: 1, status: 1, ownerId: 1, lastContactAt: 1, stageEnteredAt: 1, staleNotifiedAt: 1 },
  )
    .sort({ stageEnteredAt: 1, _id: 1 })
    .limit(batch)
    .lean<IntentLean[]>();
  let alerted = 0;
  for (const doc of docs) {
    const spell = lastSignOfLife(doc);
    const clientId = `intent-stale:${doc._id.toHexString()}:${spell.getTime()}`;
    try {
      await TaskModel.create({
        title: `跟进停滞的意向：${doc.topic}`.slice(0, 60),
        note: '这条合作意向已超过设定天数没有联系记录，请联系双方并记一笔',
        dueAt: now,
        remindAt: now,
        ownerId: doc.ownerId ?? undefined,
        links: { intentId: doc._id },
        clientId,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    await IntentModel.updateOne({ _id: doc._id }, { $set: { staleNotifiedAt: now } }, { timestamps: false });
    alerted++;
  }
  return alerted;
}
