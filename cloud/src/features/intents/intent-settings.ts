import { Schema, model, type Types } from 'mongoose';
import {
  DEFAULT_STALE_DAYS,
  STALE_STAGES,
  type IntentSettingsBody,
  type IntentSettingsView,
  type StaleStage,
} from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { lookupNames } from '../../lib/named';
import type { Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';

/**
 * The secretariat's intent settings: one document. Absent until first saved, so the defaults
 * of the issue (lead 14, intent 30, negotiating 21, signed 60, executing 90) apply meanwhile.
 */
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    staleDays: {
      lead: { type: Number, required: true },
      intent: { type: Number, required: true },
      negotiating: { type: Number, required: true },
      signed: { type: Number, required: true },
      executing: { type: Number, required: true },
    },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, strict: 'throw' },
);
const IntentSettingsModel = model('IntentSettings', settingsSchema, 'intent_settings');
const KEY = 'intents';

export type StaleDays = Record<StaleStage, number>;
type StoredSettings = { staleDays: StaleDays; updatedAt?: Date; updatedBy?: Types.ObjectId | null };

export async function staleDays(): Promise<StaleDays> {
  const doc = await IntentSettingsModel.findById(KEY).lean<StoredSettings>();
  if (!doc) return { ...DEFAULT_STALE_DAYS };
  return Object.fromEntries(STALE_STAGES.map((s) => [s, doc.staleDays[s]])) as StaleDays;
}

async function present(doc: StoredSettings): Promise<IntentSettingsView> {
  const names = await lookupNames({ users: [doc.updatedBy] });
  return {
    staleDays: { ...doc.staleDays },
    updatedAt: doc.updatedAt?.toISOString() ?? null,
    updatedBy: names.user(doc.updatedBy),
  };
}

export async function getIntentSettings(): Promise<IntentSettingsView> {
  const doc = await IntentSettingsModel.findById(KEY).lean<StoredSettings>();
  return doc ? present(doc) : present({ staleDays: { ...DEFAULT_STALE_DAYS } });
}

export async function saveIntentSettings(
  actor: Actor,
  body: IntentSettingsBody,
  clock: Clock,
): Promise<IntentSettingsView> {
  const before = await staleDays();
  const doc = await IntentSettingsModel.findOneAndUpdate(
    { _id: KEY },
    { $set: { staleDays: body.staleDays, updatedBy: actor.id, updatedAt: clock() } },
    { upsert: true, returnDocument: 'after', timestamps: false },
  ).lean<StoredSettings>();
  await recordAudit({
    actorId: actor.id,
    action: 'intent.settings',
    // The settings have no ObjectId of their own; the audit trail keys them by the actor.
    entity: { type: 'intent', id: actor.id },
    before: { staleDays: before },
    after: { staleDays: body.staleDays },
  });
  return present(doc!);
}
