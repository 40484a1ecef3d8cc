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
import { conflict } from '../../errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
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
    /** Bumped by every save; a document saved before versions existed reads as 1. */
    version: { type: Number, required: true, default: 1 },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, strict: 'throw' },
);
const IntentSettingsModel = model('IntentSettings', settingsSchema, 'intent_settings');
const KEY = 'intents';

export type StaleDays = Record<StaleStage, number>;
type StoredSettings = {
  staleDays: StaleDays;
  version?: number;
  updatedAt?: Date;
  updatedBy?: Types.ObjectId | null;
};

const pick = (days: StaleDays): StaleDays =>
  Object.fromEntries(STALE_STAGES.map((s) => [s, days[s]])) as StaleDays;

export async function staleDays(): Promise<StaleDays> {
  const doc = await IntentSettingsModel.findById(KEY).lean<StoredSettings>();
  return doc ? pick(doc.staleDays) : { ...DEFAULT_STALE_DAYS };
}

async function present(doc: StoredSettings | null): Promise<IntentSettingsView> {
  if (!doc) return { version: 0, staleDays: { ...DEFAULT_STALE_DAYS }, updatedAt: null, updatedBy: null };
  const names = await lookupNames({ users: [doc.updatedBy] });
  return {
    version: doc.version ?? 1,
    staleDays: pick(doc.staleDays),
    updatedAt: doc.updatedAt?.toISOString() ?? null,
    updatedBy: names.user(doc.updatedBy),
  };
}

export async function getIntentSettings(): Promise<IntentSettingsView> {
  return present(await IntentSettingsModel.findById(KEY).lean<StoredSettings>());
}

const staleSettings = async () =>
  conflict('停滞天数刚被其他人修改，请查看最新设置后再保存', { current: await getIntentSettings() });

/**
 * Saves the stale days. `version` is what the editor loaded: 0 creates the settings (none
 * saved yet), anything else must still be the stored version, so two secretariat members
 * editing at once never overwrite each other silently.
 */
export async function saveIntentSettings(
  actor: Actor,
  body: IntentSettingsBody,
  clock: Clock,
): Promise<IntentSettingsView> {
  const before = await staleDays();
  const fields = { staleDays: body.staleDays, updatedBy: actor.id, updatedAt: clock() };
  let saved: StoredSettings | null;
  if (body.version === 0) {
    // Created only if absent: someone who saved first turns this into a 409, not an overwrite.
    const inserted = await IntentSettingsModel.updateOne(
      { _id: KEY },
      { $setOnInsert: { ...fields, createdAt: clock(), version: 1 } },
      { upsert: true, timestamps: false },
    ).catch((err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    });
    if (inserted.upsertedCount !== 1) throw await staleSettings();
    saved = await IntentSettingsModel.findById(KEY).lean<StoredSettings>();
    if (!saved) throw await staleSettings();
  } else {
    // A document from before versions has none: it answers to version 1, as present() shows it.
    const versionMatch = body.version === 1 ? { $in: [1, null] } : body.version;
    saved = await IntentSettingsModel.findOneAndUpdate(
      { _id: KEY, version: versionMatch },
      { $set: { ...fields, version: body.version + 1 } },
      { returnDocument: 'after', timestamps: false },
    ).lean<StoredSettings>();
    if (!saved) throw await staleSettings();
  }
  await recordAudit({
    actorId: actor.id,
    action: 'intent.settings',
    // The settings have no ObjectId of their own; the audit trail keys them by the actor.
    entity: { type: 'intent', id: actor.id },
    before: { staleDays: before },
    after: { staleDays: body.staleDays, version: saved.version },
  });
  return present(saved);
}
