import type { Collection, Types } from 'mongoose';
import { INTENT_STAGES, type IntentStage } from '@alliance-hub/types';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { EventModel } from '../events/event.model';
import { RegistrationModel } from '../events/registration.model';
import { InteractionModel } from '../interactions/interaction.model';
import { IntentModel } from '../intents/intent.model';
import { MatchFeedbackModel } from '../matching/match-feedback.model';
import { OrganizationModel } from '../organizations/organization.model';
import { InterestModel } from '../selections/interest.model';
import { SelectionModel } from '../selections/selection.model';
import { cellsOf, type Cell, type Fact } from './stat-cells';
import { DAY_MS } from './stat-time';

type Id = Types.ObjectId;
type Doc = { _id: Id; updatedAt: Date };

/**
 * A collection the statistics count from, and the rule turning one of its records into facts.
 * `cells` takes a batch so rules that need another record (a registration's event) load them once.
 */
export type StatSource = {
  name: SourceName;
  /** Read through the driver: the rules only read, and each source has its own document type. */
  collection: () => Collection;
  cells(docs: Doc[]): Promise<Map<string, Cell[]>>;
};

export const SOURCE_NAMES = [
  'events',
  'registrations',
  'organizations',
  'achievements',
  'demands',
  'selections',
  'interests',
  'match_feedback',
  'interactions',
  'intents',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/**
 * The version of each source's counting rule. A change of rule (demands solved by solvedAt
 * instead of updatedAt) bumps it: the next catch-up then re-reads that whole source instead of
 * only its recent changes, and the ledger turns the new cells into exact differences.
 */
export const RULES_VERSION: Record<SourceName, number> = {
  events: 1,
  registrations: 1,
  organizations: 1,
  achievements: 1,
  demands: 2,
  selections: 2,
  interests: 1,
  // 2: 不合适 marks also count under their reason (#15).
  match_feedback: 2,
  interactions: 1,
  intents: 1,
};

const byId = <D extends { _id: Id }>(docs: D[], facts: (doc: D) => Fact[]) =>
  new Map(docs.map((doc) => [doc._id.toHexString(), cellsOf(facts(doc))]));

// ---- counting rules (their words are in types/src/stats.ts, KPI_DEFINITIONS) --------------

type EventDoc = { _id: Id; kind: string; startsAt: Date; fields?: string[] };
export const eventFacts = (e: EventDoc): Fact[] => [
  { kpi: 'events_held', at: e.startsAt, sub: e.kind, fields: e.fields },
];

type RegistrationDoc = {
  _id: Id;
  eventId: Id;
  orgId?: Id | null;
  status: string;
  checkIn?: { at: Date } | null;
};
/** Registrations and check-ins count in the month the event takes place. */
export const registrationFacts = (r: RegistrationDoc, eventStartsAt: Date | undefined): Fact[] => {
  if (!eventStartsAt) return [];
  const facts: Fact[] = [];
  if (r.status === 'registered') facts.push({ kpi: 'registrations', at: eventStartsAt, orgIds: [r.orgId] });
  if (r.checkIn?.at) facts.push({ kpi: 'check_ins', at: eventStartsAt, orgIds: [r.orgId] });
  return facts;
};

type OrganizationDoc = { _id: Id; fields?: string[]; membership?: { joinedAt?: Date | null } | null };
export const organizationFacts = (o: OrganizationDoc): Fact[] =>
  o.membership?.joinedAt
    ? [{ kpi: 'members_joined', at: o.membership.joinedAt, orgIds: [o._id], fields: o.fields }]
    : [];

type PublicationDoc = {
  _id: Id;
  ownerOrgId: Id;
  fields?: string[];
  publishedAt?: Date | null;
  progress?: string;
  solvedAt?: Date | null;
  updatedAt: Date;
};
export const achievementFacts = (a: PublicationDoc): Fact[] =>
  a.publishedAt
    ? [{ kpi: 'achievements_published', at: a.publishedAt, orgIds: [a.ownerOrgId], fields: a.fields }]
    : [];
export const demandFacts = (d: PublicationDoc): Fact[] => {
  const facts: Fact[] = [];
  if (d.publishedAt) {
    facts.push({ kpi: 'demands_collected', at: d.publishedAt, orgIds: [d.ownerOrgId], fields: d.fields });
  }
  if (d.progress === 'solved') {
    // Solved in the year it was marked solved; a demand solved before solvedAt existed and not
    // yet backfilled falls back to its last change.
    const at = d.solvedAt ?? d.updatedAt;
    facts.push({ kpi: 'demands_solved', at, orgIds: [d.ownerOrgId], fields: d.fields });
  }
  return facts;
};

type SelectionDoc = { _id: Id; orgId?: Id | null; createdAt: Date };
/** 点菜 ticks at an event and 我感兴趣 outside one are both selections, split by where they were made. */
export const selectionFacts = (s: SelectionDoc): Fact[] => [
  { kpi: 'selections', at: s.createdAt, sub: 'event', orgIds: [s.orgId] },
];
export const interestFacts = (s: SelectionDoc): Fact[] => [
  { kpi: 'selections', at: s.createdAt, sub: 'interest', orgIds: [s.orgId] },
];

type MatchFeedbackDoc = { _id: Id; verdict: string; reason?: string | null; createdAt: Date };
/** Not a KPI of its own: the 不合适 sub-row of matches_acted split by reason (the funnel's `stage:` is alike). */
export const MATCH_REASON_KPI = 'match_reason';
/**
 * One per (subject, result): answering again (不合适 after 已对接) replaces the verdict and
 * moves the record to the other sub-row, but it stays one, in the month it was first marked.
 * A 不合适 also counts under its reason, dated the same, so the reasons add up to the sub-row;
 * a changed reason moves it, a mark from before reasons were required counts as 其他原因.
 */
export const matchFeedbackFacts = (f: MatchFeedbackDoc): Fact[] => [
  { kpi: 'matches_acted', at: f.createdAt, sub: f.verdict },
  ...(f.verdict === 'dismissed'
    ? [{ kpi: MATCH_REASON_KPI, at: f.createdAt, sub: f.reason || 'other' }]
    : []),
];

type InteractionDoc = {
  _id: Id;
  type: string;
  at: Date;
  orgIds?: Id[];
  createdBy?: Id | null;
  deletedAt?: Date | null;
};
export const interactionFacts = (i: InteractionDoc): Fact[] =>
  i.deletedAt
    ? []
    : [{ kpi: 'interactions_logged', at: i.at, sub: i.type, orgIds: i.orgIds, coord: i.createdBy }];

type IntentDoc = {
  _id: Id;
  createdAt: Date;
  ownerId?: Id | null;
  fields?: string[];
  partyOrgIds?: Id[];
  parties?: Array<{ organizationId: Id }>;
  stageHistory?: Array<{ to: IntentStage; at: Date; recordedAt?: Date }>;
  contract?: { type: string; amount: number; techAmount?: number | null; signedAt: Date } | null;
  funding?: Array<{ amount: number; status: string; at: Date }>;
};

/** Stage name → the KPI counting first entries into it (the funnel reads `stage:<s>`). */
const STAGE_KPIS: Partial<Record<IntentStage, string>> = {
  negotiating: 'intents_negotiating',
  industrialised: 'industrialised',
};

/**
 * The first time an intent reaches each stage, walking its history in the order things
 * happened. A jump (lead → negotiating) reaches the skipped stages on the same day; a move
 * back and forward again does not reach a stage twice; losing the intent removes nothing.
 */
export function firstEntries(history: IntentDoc['stageHistory']): Map<IntentStage, Date> {
  const entries = [...(history ?? [])].sort(
    (x, y) =>
      x.at.getTime() - y.at.getTime() || (x.recordedAt?.getTime() ?? 0) - (y.recordedAt?.getTime() ?? 0),
  );
  const reached = new Map<IntentStage, Date>();
  let furthest = -1;
  for (const entry of entries) {
    const index = INTENT_STAGES.indexOf(entry.to);
    for (let s = furthest + 1; s <= index; s++) reached.set(INTENT_STAGES[s], entry.at);
    furthest = Math.max(furthest, index);
  }
  return reached;
}

export function intentFacts(i: IntentDoc): Fact[] {
  const orgIds = i.partyOrgIds?.length ? i.partyOrgIds : (i.parties ?? []).map((p) => p.organizationId);
  const who = { orgIds, coord: i.ownerId, fields: i.fields };
  const facts: Fact[] = [];
  const reached = firstEntries(i.stageHistory);
  const created =
    [...(i.stageHistory ?? [])].sort((x, y) => x.at.getTime() - y.at.getTime())[0]?.at ?? i.createdAt;
  facts.push({ kpi: 'intents_created', at: created, ...who });
  INTENT_STAGES.forEach((stage, index) => {
    const at = reached.get(stage);
    if (!at) return;
    facts.push({ kpi: `stage:${stage}`, at, orgIds, coord: i.ownerId });
    const kpi = STAGE_KPIS[stage];
    if (kpi) facts.push({ kpi, at, ...who });
    const previous = index > 0 ? reached.get(INTENT_STAGES[index - 1]) : undefined;
    if (previous) {
      const days = Math.max(0, Math.floor((at.getTime() - previous.getTime()) / DAY_MS));
      facts.push({ kpi: `dwell:${INTENT_STAGES[index - 1]}`, at, days });
    }
  });
  if (i.contract?.signedAt) {
    const c = i.contract;
    facts.push({ kpi: 'contracts_signed', at: c.signedAt, sub: c.type, ...who });
    facts.push({ kpi: 'contract_amount', at: c.signedAt, v: c.amount ?? 0, sub: c.type, ...who });
    facts.push({ kpi: 'tech_amount', at: c.signedAt, v: c.techAmount ?? 0, sub: c.type, ...who });
  }
  for (const funding of i.funding ?? []) {
    if (funding.status === 'approved' || funding.status === 'received') {
      facts.push({ kpi: 'funding_won', at: funding.at, v: funding.amount, ...who });
    }
  }
  return facts;
}

// ---- sources --------------------------------------------------------------------------------

const simple = <D extends { _id: Id }>(
  name: SourceName,
  model: { collection: Collection },
  facts: (doc: D) => Fact[],
): StatSource => ({
  name,
  collection: () => model.collection,
  cells: async (docs) => byId(docs as unknown as D[], facts),
});

export const SOURCES: Record<SourceName, StatSource> = {
  events: simple<EventDoc>('events', EventModel, eventFacts),
  registrations: {
    name: 'registrations',
    collection: () => RegistrationModel.collection,
    async cells(docs) {
      const regs = docs as unknown as RegistrationDoc[];
      const eventIds = [...new Set(regs.map((r) => r.eventId.toHexString()))];
      const events = await EventModel.find({ _id: { $in: eventIds } }, { startsAt: 1 }).lean();
      const startsAt = new Map(events.map((e) => [e._id.toHexString(), e.startsAt]));
      return byId(regs, (r) => registrationFacts(r, startsAt.get(r.eventId.toHexString())));
    },
  },
  organizations: simple<OrganizationDoc>('organizations', OrganizationModel, organizationFacts),
  achievements: simple<PublicationDoc>('achievements', AchievementModel, achievementFacts),
  demands: simple<PublicationDoc>('demands', DemandModel, demandFacts),
  selections: simple<SelectionDoc>('selections', SelectionModel, selectionFacts),
  interests: simple<SelectionDoc>('interests', InterestModel, interestFacts),
  match_feedback: simple<MatchFeedbackDoc>('match_feedback', MatchFeedbackModel, matchFeedbackFacts),
  interactions: simple<InteractionDoc>('interactions', InteractionModel, interactionFacts),
  intents: simple<IntentDoc>('intents', IntentModel, intentFacts),
};

/** Fields each source's rule reads: catch-up loads only these. */
export const SOURCE_PROJECTIONS: Record<SourceName, Record<string, 1>> = {
  events: { kind: 1, startsAt: 1, fields: 1, updatedAt: 1 },
  registrations: { eventId: 1, orgId: 1, status: 1, checkIn: 1, updatedAt: 1 },
  organizations: { fields: 1, membership: 1, updatedAt: 1 },
  achievements: { ownerOrgId: 1, fields: 1, publishedAt: 1, updatedAt: 1 },
  demands: { ownerOrgId: 1, fields: 1, publishedAt: 1, progress: 1, solvedAt: 1, updatedAt: 1 },
  selections: { orgId: 1, createdAt: 1, updatedAt: 1 },
  interests: { orgId: 1, createdAt: 1, updatedAt: 1 },
  match_feedback: { verdict: 1, reason: 1, createdAt: 1, updatedAt: 1 },
  interactions: { type: 1, at: 1, orgIds: 1, createdBy: 1, deletedAt: 1, updatedAt: 1 },
  intents: {
    createdAt: 1,
    ownerId: 1,
    fields: 1,
    partyOrgIds: 1,
    parties: 1,
    stageHistory: 1,
    contract: 1,
    funding: 1,
    updatedAt: 1,
  },
};
