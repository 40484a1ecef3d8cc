import { Types } from 'mongoose';
import type {
  SynonymCreateBody,
  SynonymGroupView,
  SynonymListView,
  SynonymUpdateBody,
} from '@alliance-hub/types';
import { AppError, conflict, forbidden, notFound } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { normalizeTerm } from './matching-text';
import { seedSynonyms } from './match-catalog';
import { SynonymGroupModel } from './synonym.model';

type GroupLean = { _id: Types.ObjectId; terms: string[]; version: number; updatedAt: Date };

const present = (g: GroupLean): SynonymGroupView => ({
  id: g._id.toHexString(),
  terms: g.terms,
  version: g.version,
  updatedAt: g.updatedAt.toISOString(),
});

const live = { deletedAt: { $exists: false } };

/** The whole table (a few hundred groups at most), filtered by a term when asked. */
export async function listSynonyms(actor: Actor, q?: string): Promise<SynonymListView> {
  if (!can(actor, 'synonym.read')) throw forbidden('只有联盟工作人员可以查看同义词表');
  await seedSynonyms();
  const rows = await SynonymGroupModel.find(live, { terms: 1, keys: 1, version: 1, updatedAt: 1 })
    .sort({ _id: 1 })
    .lean<Array<GroupLean & { keys: string[] }>>();
  const needle = q ? normalizeTerm(q) : '';
  return { items: rows.filter((r) => !needle || r.keys.some((k) => k.includes(needle))).map(present) };
}

/** A term means one thing: it may belong to one group only. */
async function checkTermsFree(keys: string[], except?: Types.ObjectId): Promise<void> {
  const taken = await SynonymGroupModel.findOne(
    { ...live, keys: { $in: keys }, ...(except ? { _id: { $ne: except } } : {}) },
    { terms: 1, keys: 1 },
  ).lean();
  if (!taken) return;
  const term = keys.find((k) => taken.keys.includes(k)) ?? keys[0];
  throw new AppError(
    409,
    'SYNONYM_TERM_TAKEN',
    `“${term}”已在同义词组“${taken.terms[0]}”中，一个词只能属于一组`,
    {
      groupId: taken._id.toHexString(),
    },
  );
}

export async function createSynonymGroup(actor: Actor, body: SynonymCreateBody): Promise<SynonymGroupView> {
  if (!can(actor, 'synonym.manage')) throw forbidden('只有秘书处可以修改同义词表');
  const terms = body.terms;
  const keys = terms.map(normalizeTerm);
  await checkTermsFree(keys);
  const created = await SynonymGroupModel.create({
    terms,
    keys,
    version: 0,
    createdBy: actor.id,
    updatedBy: actor.id,
  });
  await recordAudit({
    actorId: actor.id,
    action: 'synonym.create',
    entity: { type: 'synonym', id: created._id },
    after: { terms },
  });
  return present(created.toObject() as GroupLean);
}

/** Replaces a group's terms if nobody changed it since `version` was read (409 with the current one). */
export async function updateSynonymGroup(
  actor: Actor,
  id: string,
  body: SynonymUpdateBody,
): Promise<SynonymGroupView> {
  if (!can(actor, 'synonym.manage')) throw forbidden('只有秘书处可以修改同义词表');
  const _id = new Types.ObjectId(id);
  const before = await SynonymGroupModel.findOne({ _id, ...live }).lean<GroupLean>();
  if (!before) throw notFound('同义词组');
  const keys = body.terms.map(normalizeTerm);
  await checkTermsFree(keys, _id);
  const after = await SynonymGroupModel.findOneAndUpdate(
    { _id, version: body.version, ...live },
    { $set: { terms: body.terms, keys, updatedBy: actor.id }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean<GroupLean>();
  if (!after) {
    const current = await SynonymGroupModel.findById(_id).lean<GroupLean>();
    throw conflict('这组同义词刚被其他人修改过，请查看最新内容后再保存', {
      current: current ? present(current) : null,
    });
  }
  await recordAudit({
    actorId: actor.id,
    action: 'synonym.update',
    entity: { type: 'synonym', id: _id },
    before: { terms: before.terms },
    after: { terms: body.terms },
  });
  return present(after);
}

/** Soft delete, so every process polling the table notices. Deleting twice is not an error. */
export async function deleteSynonymGroup(actor: Actor, id: string): Promise<void> {
  if (!can(actor, 'synonym.manage')) throw forbidden('只有秘书处可以修改同义词表');
  const _id = new Types.ObjectId(id);
  const before = await SynonymGroupModel.findOneAndUpdate(
    { _id, ...live },
    { $set: { deletedAt: new Date(), updatedBy: actor.id, keys: [] }, $inc: { version: 1 } },
  ).lean<GroupLean>();
  if (!before) {
    if (await SynonymGroupModel.exists({ _id })) return;
    throw notFound('同义词组');
  }
  await recordAudit({
    actorId: actor.id,
    action: 'synonym.delete',
    entity: { type: 'synonym', id: _id },
    before: { terms: before.terms },
  });
}
