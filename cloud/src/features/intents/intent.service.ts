import { Types } from 'mongoose';
import {
  INTENT_STAGE_LABELS,
  needsContract,
  registrationNoWarning,
  stageIndex,
  type ContractInput,
  type FundingInput,
  type IntentChainView,
  type IntentCreateInput,
  type IntentReportSignedBody,
  type IntentStage,
  type IntentStageInput,
  type IntentStatus,
  type IntentUpdateInput,
  type IntentView,
} from '@alliance-hub/types';
import { AppError, conflict, forbidden, notFound, validation } from '../../errors';
import type { Clock } from '../../lib/clock';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { can, type Actor } from '../../policy/policy';
import { recordAudit } from '../audit/audit.service';
import { InteractionModel } from '../interactions/interaction.model';
import { SelectionModel } from '../selections/selection.model';
import { createFollowUp } from '../tasks/task.service';
import { IntentModel, columnKey, type IntentLean } from './intent.model';
import { forgetBoardTotals } from './intent.queries';
import { intentFacts, presentChainNode, presentOne, shanghaiYear } from './intent.presenter';
import {
  CHAIN_MAX,
  checkFieldCodes,
  checkOwner,
  checkParent,
  lastContactOf,
  oid,
  resolveCreate,
  resolveLinks,
  resolveParties,
} from './intent.refs';

type Id = Types.ObjectId;
const DAY_MS = 24 * 3600_000;
/** Phone clocks drift: a few minutes "in the future" is now. */
const CLOCK_SKEW_MS = 10 * 60_000;

const OPEN: readonly IntentStatus[] = ['active', 'on_hold'];

// ---- small rules ---------------------------------------------------------------------------

/**
 * When a change happened. Work entered more than a day late is back-dated and flagged, so the
 * yearly figures can show what was recorded after the fact.
 */
function effectiveDate(raw: string | undefined, now: Date, notBefore: Date | null, path = 'body.at') {
  const at = raw ? new Date(raw) : now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw validation([{ path, message: '日期不能晚于现在' }], '日期不能晚于现在');
  if (notBefore && at.getTime() < notBefore.getTime()) {
    const day = new Date(notBefore.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    throw validation(
      [{ path, message: `日期不能早于上一次变更（${day}）` }],
      `日期不能早于上一次变更（${day}），请核对`,
    );
  }
  return { at, backdated: now.getTime() - at.getTime() > DAY_MS };
}

const contractRequired = (stage: IntentStage) =>
  new AppError(
    400,
    'INTENT_CONTRACT_REQUIRED',
    `进入「${INTENT_STAGE_LABELS[stage]}」阶段需要先填写合同信息（类型、成交额、签订日期）`,
    [{ path: 'body.contract', message: '请填写合同类型、成交额和签订日期' }],
  );

function storedContract(input: ContractInput) {
  return {
    type: input.type,
    amount: input.amount,
    techAmount: input.techAmount,
    signedAt: new Date(input.signedAt),
    termMonths: input.termMonths,
    registrationNo: input.registrationNo,
    registrationNoWarning: registrationNoWarning(input.registrationNo) ?? undefined,
  };
}

function storedFunding(list: FundingInput[], existing: IntentLean['funding'] = []) {
  const known = new Set(existing.map((f) => f._id.toHexString()));
  return list.map((f, i) => {
    if (f.id && !known.has(f.id.toLowerCase()))
      throw validation([{ path: `body.funding.${i}.id`, message: '这项资金记录不存在，请刷新后重试' }]);
    return {
      _id: f.id ? oid(f.id) : new Types.ObjectId(),
      programme: f.programme,
      amount: f.amount,
      status: f.status,
      at: new Date(f.at),
    };
  });
}

const furthest = (a: IntentStage, b: IntentStage) => (stageIndex(a) >= stageIndex(b) ? a : b);

/** What the audit trail keeps of an intent: enough to see what a change did. */
const snapshot = (doc: IntentLean) => ({
  topic: doc.topic,
  stage: doc.stage,
  status: doc.status,
  ownerId: doc.ownerId ?? null,
  parentId: doc.parentId ?? null,
  contract: doc.contract ?? null,
  lostReason: doc.lostReason ?? null,
  version: doc.version,
});

async function audited(actor: Actor, action: string, before: IntentLean | null, after: IntentLean) {
  // Every write is audited: the one place to let this process's board totals go.
  forgetBoardTotals();
  await recordAudit({
    actorId: actor.id,
    action,
    entity: { type: 'intent', id: after._id },
    before: before ? snapshot(before) : undefined,
    after: snapshot(after),
  });
}

// ---- reading -------------------------------------------------------------------------------

/** The intent if the actor may see it; another organization's is 404, not 403. */
export async function loadVisible(actor: Actor, id: string | Id): Promise<IntentLean> {
  const doc = await IntentModel.findById(id).lean<IntentLean>();
  if (!doc || !can(actor, 'intent.read', { intent: intentFacts(doc) })) throw notFound('合作意向');
  return doc;
}

async function loadChangeable(actor: Actor, id: string, version: number, clock: Clock): Promise<IntentLean> {
  const doc = await loadVisible(actor, id);
  if (!can(actor, 'intent.update', { intent: intentFacts(doc) }))
    throw forbidden('只有负责人、创建人或秘书处可以修改这条意向');
  if (doc.version !== version) throw await versionConflict(actor, doc, clock);
  return doc;
}

async function versionConflict(actor: Actor, current: IntentLean, clock: Clock) {
  return new AppError(409, 'CONFLICT', '这条意向刚被其他人修改过，请查看最新内容后再操作', {
    current: await presentOne(actor, current, clock()),
  });
}

export async function getIntent(actor: Actor, id: string, clock: Clock): Promise<IntentView> {
  return presentOne(actor, await loadVisible(actor, id), clock());
}

/**
 * The one way an intent changes: only if it still has the version the change was decided on,
 * bumping it. A concurrent writer that got there first makes this a 409 with the current state.
 */
async function writeVersioned(
  actor: Actor,
  doc: IntentLean,
  update: Record<string, unknown>,
  clock: Clock,
): Promise<IntentLean> {
  const after = await IntentModel.findOneAndUpdate(
    { _id: doc._id, version: doc.version },
    { ...update, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean<IntentLean>();
  if (after) return after;
  const current = await IntentModel.findById(doc._id).lean<IntentLean>();
  if (!current) throw notFound('合作意向');
  throw await versionConflict(actor, current, clock);
}

// ---- create --------------------------------------------------------------------------------

const clientIdTaken = () => conflict('这个客户端编号已被其他记录使用，请重新提交');

/**
 * Creates the intent once per clientId (a retried request answers with the same intent). From
 * a 点菜式 selection, the selection is marked handled; from an interaction, it is linked back
 * so the interaction shows on the intent's timeline.
 */
export async function createIntent(
  actor: Actor,
  input: IntentCreateInput,
  clock: Clock,
  options: { importKey?: string } = {},
): Promise<{ created: boolean; intent: IntentView; doc: IntentLean }> {
  if (!can(actor, 'intent.create')) throw forbidden('只有联盟工作人员可以登记合作意向');
  const existing = await IntentModel.findOne({ clientId: input.clientId }).lean<IntentLean>();
  if (existing) return answerExisting(actor, existing, clock);

  const now = clock();
  const refs = await resolveCreate(input);
  const ownerId = input.ownerUserId ? oid(input.ownerUserId) : actor.id;
  if (!ownerId.equals(actor.id)) await checkOwner(actor, ownerId);
  const { at, backdated } = effectiveDate(input.at, now, null);
  if (needsContract(input.stage) && !input.contract) throw contractRequired(input.stage);
  const contract = input.contract ? storedContract(input.contract) : null;
  const lastContactAt = await lastContactOf(refs.links.interactionIds);

  let doc: IntentLean;
  try {
    const made = await IntentModel.create({
      topic: input.topic,
      topicSort: input.topic.toLowerCase(),
      description: input.description,
      fields: input.fields,
      parties: refs.parties,
      partyOrgIds: refs.partyOrgIds,
      ownerId,
      stage: input.stage,
      status: 'active',
      stageReached: input.stage,
      column: columnKey('active', input.stage),
      stageEnteredAt: at,
      stageHistory: [
        { from: null, to: input.stage, at, recordedAt: now, backdated, actorId: actor.id, note: input.note },
      ],
      statusHistory: [],
      years: [shanghaiYear(at)],
      links: {
        ...refs.links,
        selectionId: refs.source.selectionId,
        match: refs.source.match ?? null,
      },
      source: refs.source.source,
      contract,
      dealAmount: contract?.amount ?? 0,
      funding: storedFunding(input.funding),
      parentId: input.parentId ? oid(input.parentId) : undefined,
      lastContactAt,
      createdBy: actor.id,
      clientId: input.clientId,
      importKey: options.importKey,
    });
    doc = made.toObject() as IntentLean;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await IntentModel.findOne({ clientId: input.clientId }).lean<IntentLean>();
    if (!winner) throw err;
    return answerExisting(actor, winner, clock);
  }
  await afterCreate(actor, doc, now);
  await audited(actor, 'intent.create', null, doc);
  return { created: true, intent: await presentOne(actor, doc, now), doc };
}

async function answerExisting(actor: Actor, doc: IntentLean, clock: Clock) {
  if (!doc.createdBy?.equals(actor.id)) throw clientIdTaken();
  // A retry after a crash between the insert and the follow-through finishes it (both idempotent).
  await afterCreate(actor, doc, clock());
  return { created: false, intent: await presentOne(actor, doc, clock()), doc };
}

/** What creating from a selection or an interaction does to them; safe to repeat. */
async function afterCreate(actor: Actor, doc: IntentLean, now: Date): Promise<void> {
  if (doc.links.selectionId) {
    const result = await SelectionModel.updateOne(
      { _id: doc.links.selectionId, handledAt: { $exists: false } },
      { $set: { handledAt: now, handledBy: actor.id } },
    );
    if (result.modifiedCount > 0) {
      await recordAudit({
        actorId: actor.id,
        action: 'selection.handle',
        entity: { type: 'selection', id: doc.links.selectionId },
        after: { handled: true, intentId: doc._id },
      });
    }
  }
  if (doc.links.interactionIds.length > 0) {
    // Linked interactions without an intent of their own point back at it (the timeline filter).
    await InteractionModel.updateMany(
      { _id: { $in: doc.links.interactionIds }, intentId: null },
      { $set: { intentId: doc._id } },
      { timestamps: false },
    );
  }
}

// ---- update --------------------------------------------------------------------------------

export async function updateIntent(
  actor: Actor,
  id: string,
  input: IntentUpdateInput,
  clock: Clock,
): Promise<IntentView> {
  const before = await loadChangeable(actor, id, input.version, clock);
  const set: Record<string, unknown> = {};
  const unset: Record<string, 1> = {};
  if (input.topic !== undefined)
    Object.assign(set, { topic: input.topic, topicSort: input.topic.toLowerCase() });
  if (input.description === null) unset.description = 1;
  else if (input.description !== undefined) set.description = input.description;
  if (input.staffNote === null) unset.staffNote = 1;
  else if (input.staffNote !== undefined) set.staffNote = input.staffNote;
  if (input.fields !== undefined) {
    await checkFieldCodes(input.fields);
    set.fields = input.fields;
  }
  if (input.parties !== undefined) Object.assign(set, await resolveParties(input.parties));
  if (input.ownerUserId !== undefined && !before.ownerId?.equals(input.ownerUserId)) {
    if (!can(actor, 'intent.reassign', { intent: intentFacts(before) }))
      throw forbidden('只有负责人或秘书处可以转交这条意向');
    await checkOwner(actor, oid(input.ownerUserId));
    set.ownerId = oid(input.ownerUserId);
  }
  if (input.links !== undefined) {
    const links = await resolveLinks(input.links);
    for (const [key, ids] of Object.entries(links)) set[`links.${key}`] = ids;
    set.lastContactAt = (await lastContactOf(links.interactionIds)) ?? null;
  }
  if (input.parentId === null) unset.parentId = 1;
  else if (input.parentId !== undefined) {
    await checkParent(oid(input.parentId), before._id);
    set.parentId = oid(input.parentId);
  }
  if (input.contract === null) {
    if (needsContract(before.stage)) throw contractRequired(before.stage);
    Object.assign(set, { contract: null, dealAmount: 0 });
  } else if (input.contract !== undefined) {
    const contract = storedContract(input.contract);
    Object.assign(set, { contract, dealAmount: contract.amount });
  }
  if (input.funding !== undefined) set.funding = storedFunding(input.funding, before.funding);
  const update: Record<string, unknown> = { $set: set };
  if (Object.keys(unset).length) update.$unset = unset;
  const after = await writeVersioned(actor, before, update, clock);
  if (input.links) await afterCreate(actor, after, clock());
  await audited(actor, 'intent.update', before, after);
  return presentOne(actor, after, clock());
}

// ---- stage and status ----------------------------------------------------------------------

const transitionRefused = (message: string, path = 'body.status') =>
  new AppError(400, 'INVALID_STATUS_TRANSITION', message, [{ path, message }]);

/**
 * Moves the stage (any direction; every move is a history entry) and/or the status:
 * - lost only from an open status (active, on hold), with a reason and a note; the stage and
 *   the stage reached are kept;
 * - done once signed (before that an intent is lost or on hold, not done);
 * - active reopens an on-hold, lost or done intent; a lost or done one moves only reopened;
 * - 签约 and later need a contract (stored, or sent with the move).
 */
export async function moveStage(
  actor: Actor,
  id: string,
  input: IntentStageInput,
  clock: Clock,
): Promise<IntentView> {
  const before = await loadChangeable(actor, id, input.version, clock);
  const now = clock();
  const stageChange = input.to !== undefined && input.to !== before.stage ? input.to : undefined;
  const statusChange =
    input.status !== undefined && input.status !== before.status ? input.status : undefined;
  if (!stageChange && !statusChange) {
    throw transitionRefused(
      input.to ? `已处于「${INTENT_STAGE_LABELS[input.to]}」阶段` : '状态没有变化',
      input.to ? 'body.to' : 'body.status',
    );
  }
  const statusAfter = statusChange ?? before.status;
  const stageAfter = stageChange ?? before.stage;
  if (stageChange && !OPEN.includes(statusAfter))
    throw transitionRefused('已未成或已完成的意向请先恢复推进，再变更阶段', 'body.to');
  if (statusChange === 'lost' && (!OPEN.includes(before.status) || stageChange))
    throw transitionRefused(
      stageChange ? '标记未成时不能同时变更阶段' : '只有推进中或暂缓的意向可以标记为未成',
    );
  if (statusChange === 'on_hold' && before.status !== 'active')
    throw transitionRefused('只有推进中的意向可以暂缓');
  if (statusChange === 'done' && !needsContract(stageAfter))
    throw transitionRefused('签约之前的意向不能标记为已完成，请标记为未成或暂缓');
  if (statusChange === 'done' && !OPEN.includes(before.status))
    throw transitionRefused('只有推进中或暂缓的意向可以标记为已完成');

  const contractInput = input.contract ? storedContract(input.contract) : undefined;
  if (stageChange && needsContract(stageChange) && !contractInput && !before.contract)
    throw contractRequired(stageChange);

  const lastEntry = [...before.stageHistory, ...before.statusHistory].reduce<Date | null>(
    (latest, h) => (!latest || h.at > latest ? h.at : latest),
    null,
  );
  const { at, backdated } = effectiveDate(input.at, now, lastEntry);
  const set: Record<string, unknown> = {};
  const unset: Record<string, 1> = {};
  const push: Record<string, unknown> = {};
  if (contractInput) Object.assign(set, { contract: contractInput, dealAmount: contractInput.amount });
  if (stageChange) {
    push.stageHistory = {
      from: before.stage,
      to: stageChange,
      at,
      recordedAt: now,
      backdated,
      actorId: actor.id,
      note: input.note,
    };
    Object.assign(set, {
      stage: stageChange,
      stageEnteredAt: at,
      stageReached: furthest(before.stageReached, stageChange),
    });
    // A new stage starts a new stale spell; reaching 签约 confirms a member's report.
    unset.staleNotifiedAt = 1;
    if (needsContract(stageChange)) set.memberReportedSigned = null;
  }
  set.column = columnKey(statusAfter, stageAfter);
  if (statusChange) {
    push.statusHistory = {
      from: before.status,
      to: statusChange,
      at,
      recordedAt: now,
      backdated,
      actorId: actor.id,
      lostReason: input.lostReason,
      note: statusChange === 'lost' ? input.lostNote : input.note,
    };
    set.status = statusChange;
    if (statusChange === 'active') unset.staleNotifiedAt = 1;
    if (statusChange === 'lost')
      Object.assign(set, { lostReason: input.lostReason, lostNote: input.lostNote });
    else Object.assign(unset, { lostReason: 1, lostNote: 1 });
  }
  // Empty operator objects are an error on MongoDB before 5.0: send only the ones in use.
  const update: Record<string, unknown> = { $set: set, $push: push, $addToSet: { years: shanghaiYear(at) } };
  if (Object.keys(unset).length) update.$unset = unset;
  if (Object.keys(set).length === 0) delete update.$set;
  const after = await writeVersioned(actor, before, update, clock);
  await audited(actor, stageChange ? 'intent.stage' : 'intent.status', before, after);
  return presentOne(actor, after, now);
}

// ---- member report -------------------------------------------------------------------------

/**
 * A party's representative says "we signed". Stored for a coordinator to confirm (by moving it
 * to 签约 with the contract), and put in the owner's 我的待办, once per reporter.
 */
export async function reportSigned(
  actor: Actor,
  id: string,
  input: IntentReportSignedBody,
  clock: Clock,
): Promise<IntentView> {
  const doc = await loadVisible(actor, id);
  if (!can(actor, 'intent.reportSigned', { intent: intentFacts(doc) }))
    throw forbidden('只有参与单位的成员可以报告签约');
  const now = clock();
  const signedAt = input.signedAt ? new Date(input.signedAt) : undefined;
  if (signedAt && signedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw validation([{ path: 'body.signedAt', message: '签约日期不能晚于现在' }]);
  const after = await IntentModel.findOneAndUpdate(
    { _id: doc._id, status: { $in: OPEN }, stage: { $in: ['lead', 'intent', 'negotiating'] } },
    {
      $set: { memberReportedSigned: { reportedAt: now, reportedBy: actor.id, signedAt, note: input.note } },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  ).lean<IntentLean>();
  if (!after) throw transitionRefused('这条意向已签约或已结束，无需再报告');
  if (after.ownerId) {
    await createFollowUp(actor, {
      title: `确认签约：${after.topic}`.slice(0, 60),
      dueAt: new Date(now.getTime() + 2 * DAY_MS).toISOString(),
      ownerUserId: after.ownerId.toHexString(),
      clientKey: `intent-signed:${after._id.toHexString()}:${actor.id.toHexString()}`,
      links: { intentId: after._id, organizationId: actor.orgId ?? undefined },
    });
  }
  await audited(actor, 'intent.reportSigned', doc, after);
  return presentOne(actor, after, now);
}

// ---- chain ---------------------------------------------------------------------------------

const CHAIN_FIELDS = {
  topic: 1,
  stage: 1,
  status: 1,
  parentId: 1,
  partyOrgIds: 1,
  ownerId: 1,
  createdBy: 1,
  contract: 1,
  stageHistory: 1,
  createdAt: 1,
} as const;

/**
 * The rolling chain the intent belongs to, from its root, depth first (children oldest first).
 * Intents the viewer may not see stay in the chain as restricted nodes, so its shape is true.
 */
export async function getChain(actor: Actor, id: string): Promise<IntentChainView> {
  const self = await loadVisible(actor, id);
  let root = self;
  const seen = new Set([self._id.toHexString()]);
  for (let hops = 0; root.parentId && hops < CHAIN_MAX; hops++) {
    const parent = await IntentModel.findById(root.parentId, CHAIN_FIELDS).lean<IntentLean>();
    if (!parent || seen.has(parent._id.toHexString())) break;
    seen.add(parent._id.toHexString());
    root = parent;
  }
  const children = new Map<string, IntentLean[]>();
  const inChain = new Set([root._id.toHexString()]);
  let frontier: Id[] = [root._id];
  for (let depth = 0; frontier.length > 0 && depth < CHAIN_MAX; depth++) {
    const docs = await IntentModel.find({ parentId: { $in: frontier } }, CHAIN_FIELDS)
      .sort({ createdAt: 1, _id: 1 })
      .lean<IntentLean[]>();
    frontier = [];
    for (const doc of docs) {
      if (inChain.has(doc._id.toHexString())) continue;
      inChain.add(doc._id.toHexString());
      const key = doc.parentId!.toHexString();
      children.set(key, [...(children.get(key) ?? []), doc]);
      frontier.push(doc._id);
    }
  }
  const nodes: IntentChainView['nodes'] = [];
  const walk = (doc: IntentLean, depth: number) => {
    nodes.push(presentChainNode(actor, doc, depth));
    for (const child of children.get(doc._id.toHexString()) ?? []) walk(child, depth + 1);
  };
  walk(root, 0);
  return { rootId: root._id.toHexString(), currentId: self._id.toHexString(), nodes };
}

// ---- from a match --------------------------------------------------------------------------

/**
 * For the matching feature: a match marked 已对接 becomes a 线索 between the demand's enterprise
 * (demand side) and the achievement's owner (supply side). One intent per match, however often
 * it is marked (the client id is the pair), owned by whoever marked it.
 */
export async function createIntentFromMatch(
  actor: Actor,
  match: { demandId: string; achievementId: string; note?: string },
  clock: Clock,
): Promise<{ created: boolean; intent: IntentView }> {
  const [demand, achievement] = await Promise.all([
    IntentModel.db
      .collection('demands')
      .findOne({ _id: oid(match.demandId) }, { projection: { title: 1, ownerOrgId: 1, fields: 1 } }),
    IntentModel.db
      .collection('achievements')
      .findOne({ _id: oid(match.achievementId) }, { projection: { title: 1, ownerOrgId: 1, fields: 1 } }),
  ]);
  if (!demand || !achievement) throw notFound('对接的需求或成果');
  // Another coordinator marking the same pair gets the intent already made, not a conflict.
  const clientId = `match-${match.demandId}-${match.achievementId}`;
  const existing = await IntentModel.findOne({ clientId }).lean<IntentLean>();
  if (existing) return { created: false, intent: await presentOne(actor, existing, clock()) };
  const demandOrg = String(demand.ownerOrgId);
  const supplyOrg = String(achievement.ownerOrgId);
  const parties =
    demandOrg === supplyOrg
      ? [{ organizationId: demandOrg, role: 'demand' as const, personIds: [] }]
      : [
          { organizationId: demandOrg, role: 'demand' as const, personIds: [] },
          { organizationId: supplyOrg, role: 'supply' as const, personIds: [] },
        ];
  const fields = [...new Set([...(demand.fields ?? []), ...(achievement.fields ?? [])])].slice(
    0,
    5,
  ) as string[];
  const { created, intent } = await createIntent(
    actor,
    {
      clientId,
      topic: `${String(demand.title)} × ${String(achievement.title)}`.slice(0, 80),
      fields,
      parties,
      stage: 'lead',
      note: match.note,
      links: { achievementIds: [], demandIds: [], eventIds: [], interactionIds: [] },
      from: { kind: 'match', demandId: match.demandId, achievementId: match.achievementId },
      funding: [],
    },
    clock,
  );
  return { created, intent };
}
