import type { Types } from 'mongoose';
import {
  registrationNoWarning,
  type IntentChainNode,
  type IntentSummaryView,
  type IntentView,
} from '@alliance-hub/types';
import { lookupNames, type Names } from '../../lib/named';
import { can, type Actor } from '../../policy/policy';
import { TaskModel } from '../tasks/task.model';
import type { IntentLean } from './intent.model';
import { isStale, withOpenFollowUp } from './intent.stale';
import { staleDays, type StaleDays } from './intent-settings';

const DAY_MS = 24 * 3600_000;
type Id = Types.ObjectId;

/** What presenting a batch needs, looked up once per list. */
export type PresentContext = {
  names: Names;
  days: StaleDays;
  openFollowUps: Set<string>;
  now: Date;
};

export async function presentContext(docs: IntentLean[], now: Date, full = false): Promise<PresentContext> {
  const [names, days, openFollowUps] = await Promise.all([
    lookupNames({
      orgs: docs.flatMap((d) => d.parties.map((p) => p.organizationId)),
      people: docs.flatMap((d) => d.parties.flatMap((p) => p.personIds)),
      users: docs.flatMap((d) => [
        d.ownerId,
        ...(full
          ? [
              ...d.stageHistory.map((h) => h.actorId),
              ...d.statusHistory.map((h) => h.actorId),
              d.memberReportedSigned?.reportedBy,
            ]
          : []),
      ]),
      achievements: full ? docs.flatMap((d) => d.links.achievementIds) : [],
      demands: full ? docs.flatMap((d) => d.links.demandIds) : [],
      events: full ? docs.flatMap((d) => d.links.eventIds) : [],
    }),
    staleDays(),
    withOpenFollowUp(docs.map((d) => d._id)),
  ]);
  return { names, days, openFollowUps, now };
}

export const intentFacts = (doc: Pick<IntentLean, 'ownerId' | 'createdBy' | 'partyOrgIds'>) => ({
  ownerId: doc.ownerId ?? null,
  createdBy: doc.createdBy ?? null,
  partyOrgIds: doc.partyOrgIds,
});

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentSummary(actor: Actor, doc: IntentLean, ctx: PresentContext): IntentSummaryView {
  const staff = can(actor, 'intent.readInternal');
  const { names } = ctx;
  return {
    id: doc._id.toHexString(),
    topic: doc.topic,
    stage: doc.stage,
    status: doc.status,
    stageReached: doc.stageReached,
    parties: doc.parties.map((p) => ({
      organization: names.org(p.organizationId) ?? {
        id: p.organizationId.toHexString(),
        name: '（已删除的单位）',
      },
      role: p.role,
      people: p.personIds.flatMap((id) => {
        const person = names.person(id);
        return person ? [{ id: person.id, name: person.name }] : [];
      }),
    })),
    owner: names.user(doc.ownerId),
    fields: doc.fields,
    stageEnteredAt: doc.stageEnteredAt.toISOString(),
    daysInStage: Math.max(0, Math.floor((ctx.now.getTime() - doc.stageEnteredAt.getTime()) / DAY_MS)),
    lastContactAt: iso(doc.lastContactAt),
    amount: doc.contract ? doc.contract.amount : null,
    stale: isStale(doc, ctx.days, ctx.now),
    noFollowUp: staff ? doc.status === 'active' && !ctx.openFollowUps.has(doc._id.toHexString()) : null,
    lostReason: doc.lostReason ?? null,
    memberReportedSigned: !!doc.memberReportedSigned,
    parentId: doc.parentId?.toHexString() ?? null,
    version: doc.version,
    canEdit: can(actor, 'intent.update', { intent: intentFacts(doc) }),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export function presentIntent(actor: Actor, doc: IntentLean, ctx: PresentContext): IntentView {
  const staff = can(actor, 'intent.readInternal');
  const { names } = ctx;
  const titled = (ids: Id[], find: (id: Id) => { id: string; title: string } | null) =>
    ids.map((id) => find(id) ?? { id: id.toHexString(), title: '（已删除）' });
  const report = doc.memberReportedSigned;
  return {
    ...presentSummary(actor, doc, ctx),
    description: doc.description ?? null,
    staffNote: staff ? (doc.staffNote ?? null) : null,
    lostNote: staff ? (doc.lostNote ?? null) : null,
    links: {
      achievements: titled(doc.links.achievementIds, names.achievement),
      demands: titled(doc.links.demandIds, names.demand),
      events: titled(doc.links.eventIds, names.event),
      interactionIds: doc.links.interactionIds.map((id) => id.toHexString()),
      selectionId: doc.links.selectionId?.toHexString() ?? null,
      match:
        doc.links.match?.demandId && doc.links.match.achievementId
          ? {
              demandId: doc.links.match.demandId.toHexString(),
              achievementId: doc.links.match.achievementId.toHexString(),
            }
          : null,
    },
    source: { kind: doc.source.kind, refId: doc.source.refId?.toHexString() ?? null },
    contract: doc.contract
      ? {
          type: doc.contract.type,
          amount: doc.contract.amount,
          techAmount: doc.contract.techAmount ?? null,
          signedAt: doc.contract.signedAt.toISOString(),
          termMonths: doc.contract.termMonths ?? null,
          registrationNo: doc.contract.registrationNo ?? null,
          registrationNoWarning: registrationNoWarning(doc.contract.registrationNo),
        }
      : null,
    funding: doc.funding.map((f) => ({
      id: f._id.toHexString(),
      programme: f.programme,
      amount: f.amount,
      status: f.status,
      at: f.at.toISOString(),
    })),
    stageHistory: doc.stageHistory.map((h) => ({
      id: h._id.toHexString(),
      from: h.from ?? null,
      to: h.to,
      at: h.at.toISOString(),
      recordedAt: h.recordedAt.toISOString(),
      backdated: h.backdated,
      actor: names.user(h.actorId),
      note: staff ? (h.note ?? null) : null,
    })),
    statusHistory: doc.statusHistory.map((h) => ({
      id: h._id.toHexString(),
      from: h.from ?? null,
      to: h.to,
      at: h.at.toISOString(),
      recordedAt: h.recordedAt.toISOString(),
      backdated: h.backdated,
      actor: names.user(h.actorId),
      lostReason: h.lostReason ?? null,
      note: staff ? (h.note ?? null) : null,
    })),
    memberReport: report?.reportedAt
      ? {
          reportedAt: report.reportedAt.toISOString(),
          reportedBy: names.user(report.reportedBy),
          signedAt: iso(report.signedAt),
          note: report.note ?? null,
        }
      : null,
    openTaskIds: [],
    canReportSigned: canReportSigned(actor, doc),
  };
}

/** Before 签约 and still open, to a party's representative. */
export function canReportSigned(actor: Actor, doc: IntentLean): boolean {
  return (
    can(actor, 'intent.reportSigned', { intent: intentFacts(doc) }) &&
    (doc.status === 'active' || doc.status === 'on_hold') &&
    !['signed', 'executing', 'industrialised'].includes(doc.stage)
  );
}

export async function presentOne(actor: Actor, doc: IntentLean, now: Date): Promise<IntentView> {
  const view = presentIntent(actor, doc, await presentContext([doc], now, true));
  if (can(actor, 'intent.readInternal')) view.openTaskIds = await openTaskIds(doc._id);
  return view;
}

async function openTaskIds(intentId: Id): Promise<string[]> {
  const tasks = await TaskModel.find(
    { 'links.intentId': intentId, state: { $in: ['open', 'snoozed'] } },
    { _id: 1 },
  ).lean();
  return tasks.map((t) => t._id.toHexString());
}

export function presentChainNode(actor: Actor, doc: IntentLean, depth: number): IntentChainNode {
  const visible = can(actor, 'intent.read', { intent: intentFacts(doc) });
  const first = doc.stageHistory[0]?.at ?? doc.createdAt;
  return {
    id: doc._id.toHexString(),
    parentId: doc.parentId?.toHexString() ?? null,
    depth,
    topic: visible ? doc.topic : null,
    stage: doc.stage,
    status: doc.status,
    year: shanghaiYear(first),
    amount: visible && doc.contract ? doc.contract.amount : null,
    restricted: !visible,
  };
}

/** The Asia/Shanghai calendar year (UTC+8, no daylight saving) of an instant. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}
