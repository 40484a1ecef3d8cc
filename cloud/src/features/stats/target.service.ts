import type { Types } from 'mongoose';
import {
  MANUAL_KPI_DEFINITIONS,
  STAT_KPIS,
  type ManualKpiView,
  type StatKpi,
  type TargetsPutInput,
  type TargetsView,
} from '@alliance-hub/types';
import { conflict } from '../../errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { UserModel } from '../users/user.model';
import { TargetModel, type Target } from './target.model';

type TargetLean = Target & { _id: Types.ObjectId; updatedAt?: Date };

function manualView(entry: Target['manual'][number]): ManualKpiView {
  const definition = MANUAL_KPI_DEFINITIONS[entry.key];
  return {
    key: entry.key,
    label: entry.label || definition.label,
    unit: entry.unit ?? definition.unit,
    target: entry.target ?? null,
    value: entry.value ?? null,
    source: entry.source ?? '',
    asOf: entry.asOf ?? null,
  };
}

function targetsOf(doc: TargetLean | null): Partial<Record<StatKpi, number>> {
  const out: Partial<Record<StatKpi, number>> = {};
  if (!doc?.targets) return out;
  // Lean documents hold the Map as a plain object.
  const stored = doc.targets instanceof Map ? Object.fromEntries(doc.targets) : (doc.targets as object);
  for (const [key, value] of Object.entries(stored)) {
    if ((STAT_KPIS as readonly string[]).includes(key) && typeof value === 'number')
      out[key as StatKpi] = value;
  }
  return out;
}

async function present(year: number, doc: TargetLean | null): Promise<TargetsView> {
  const user = doc?.updatedBy ? await UserModel.findById(doc.updatedBy, { displayName: 1 }).lean() : null;
  return {
    year,
    version: doc?.version ?? 0,
    targets: targetsOf(doc),
    manual: (doc?.manual ?? []).map(manualView),
    updatedAt: doc?.updatedAt?.toISOString() ?? null,
    updatedBy: user ? { id: user._id.toHexString(), displayName: user.displayName } : null,
  };
}

export async function getTargets(year: number): Promise<TargetsView> {
  return present(year, await TargetModel.findOne({ year }).lean<TargetLean>());
}

const staleTargets = async (year: number) =>
  conflict('目标已被他人修改，请查看最新内容后再保存', { current: await getTargets(year) });

/**
 * Saves the whole year's targets. `version` is what the editor started from: 0 creates the
 * year, anything else must still be the stored version, so two editors never overwrite each
 * other silently.
 */
export async function putTargets(actor: Actor, year: number, body: TargetsPutInput): Promise<TargetsView> {
  const targets: Record<string, number> = {};
  for (const [key, value] of Object.entries(body.targets))
    if (value !== null && value !== undefined) targets[key] = value;
  const manual = body.manual.map((entry) => ({
    key: entry.key,
    label: entry.label,
    unit: entry.unit,
    target: entry.target ?? undefined,
    value: entry.value ?? undefined,
    source: entry.source,
    asOf: entry.asOf ?? undefined,
  }));
  const before = await TargetModel.findOne({ year }).lean<TargetLean>();
  let saved: TargetLean | null;
  if (body.version === 0) {
    if (before) throw await staleTargets(year);
    try {
      saved = (
        await TargetModel.create({ year, targets, manual, version: 1, updatedBy: actor.id })
      ).toObject();
    } catch (err) {
      if (isDuplicateKey(err)) throw await staleTargets(year);
      throw err;
    }
  } else {
    saved = await TargetModel.findOneAndUpdate(
      { year, version: body.version },
      { $set: { targets, manual, updatedBy: actor.id }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean<TargetLean>();
    if (!saved) throw await staleTargets(year);
  }
  await recordAudit({
    actorId: actor.id,
    action: 'targets.update',
    entity: { type: 'target', id: saved._id },
    before: before ? { targets: targetsOf(before), manual: before.manual, version: before.version } : null,
    after: { targets, manual, version: saved.version },
  });
  return present(year, saved);
}
