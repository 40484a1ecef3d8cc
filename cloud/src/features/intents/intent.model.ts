import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import {
  CONTRACT_TYPES,
  FUNDING_STATUSES,
  INTENT_PARTY_ROLES,
  INTENT_SOURCE_KINDS,
  INTENT_STAGES,
  INTENT_STATUSES,
  LOST_REASONS,
  type ContractType,
  type FundingStatus,
  type IntentPartyRole,
  type IntentSourceKind,
  type IntentStage,
  type IntentStatus,
  type LostReason,
} from '@alliance-hub/types';

const { ObjectId } = Schema.Types;

const partySchema = new Schema(
  {
    organizationId: { type: ObjectId, ref: 'Organization', required: true },
    role: { type: String, enum: INTENT_PARTY_ROLES, required: true },
    personIds: { type: [ObjectId], default: [] },
  },
  { _id: false },
);

/**
 * One stage entry. `at` is when it happened (statistics count the entry in that year), which
 * may be earlier than `recordedAt` for work entered late: then `backdated` is set.
 */
const stageEntrySchema = new Schema({
  from: { type: String, enum: [...INTENT_STAGES, null], default: null },
  to: { type: String, enum: INTENT_STAGES, required: true },
  at: { type: Date, required: true },
  recordedAt: { type: Date, required: true },
  backdated: { type: Boolean, required: true, default: false },
  actorId: { type: ObjectId, ref: 'User' },
  note: { type: String },
});

/** Status changes (on hold, lost with its reason, done, reopened), kept apart from stage entries. */
const statusEntrySchema = new Schema({
  from: { type: String, enum: [...INTENT_STATUSES, null], default: null },
  to: { type: String, enum: INTENT_STATUSES, required: true },
  at: { type: Date, required: true },
  recordedAt: { type: Date, required: true },
  backdated: { type: Boolean, required: true, default: false },
  actorId: { type: ObjectId, ref: 'User' },
  lostReason: { type: String, enum: LOST_REASONS },
  note: { type: String },
});

const contractSchema = new Schema(
  {
    type: { type: String, enum: CONTRACT_TYPES, required: true },
    /** 成交额, 万元. */
    amount: { type: Number, required: true },
    /** 技术交易额, 万元. */
    techAmount: { type: Number },
    signedAt: { type: Date, required: true },
    termMonths: { type: Number },
    registrationNo: { type: String },
    registrationNoWarning: { type: String },
  },
  { _id: false },
);

const fundingSchema = new Schema({
  programme: { type: String, required: true },
  amount: { type: Number, required: true },
  status: { type: String, enum: FUNDING_STATUSES, required: true },
  at: { type: Date, required: true },
});

/**
 * A cooperation intent (合作意向). Every write goes through findOneAndUpdate on { _id, version }
 * and bumps `version`, so two coordinators moving it at once never lose an update: the second
 * gets 409 with the current state.
 */
const intentSchema = new Schema(
  {
    topic: { type: String, required: true },
    description: { type: String },
    fields: { type: [String], default: [] },
    parties: { type: [partySchema], default: [] },
    /** The parties' organizations, flat, so "intents my organization is a party to" is one index. */
    partyOrgIds: { type: [ObjectId], default: [] },
    ownerId: { type: ObjectId, ref: 'User' },
    stage: { type: String, enum: INTENT_STAGES, required: true },
    status: { type: String, enum: INTENT_STATUSES, required: true, default: 'active' },
    /** The furthest stage ever entered: kept when the intent is lost or moved back. */
    stageReached: { type: String, enum: INTENT_STAGES, required: true },
    /**
     * `status/stage` (e.g. `active/intent`): a board column as one equality, which both servers
     * answer from a single posting list (the embedded one slows down intersecting two).
     */
    column: { type: String, required: true },
    /** When the current stage was entered (the latest stage entry's `at`). */
    stageEnteredAt: { type: Date, required: true },
    stageHistory: { type: [stageEntrySchema], default: [] },
    statusHistory: { type: [statusEntrySchema], default: [] },
    /** Calendar years (Asia/Shanghai) of the stage entries: the year filter is an index lookup. */
    years: { type: [Number], default: [] },
    lostReason: { type: String, enum: LOST_REASONS },
    lostNote: { type: String },
    staffNote: { type: String },
    links: {
      achievementIds: { type: [ObjectId], default: [] },
      demandIds: { type: [ObjectId], default: [] },
      eventIds: { type: [ObjectId], default: [] },
      interactionIds: { type: [ObjectId], default: [] },
      selectionId: { type: ObjectId },
      match: {
        type: new Schema({ demandId: ObjectId, achievementId: ObjectId }, { _id: false }),
        default: null,
      },
    },
    source: {
      kind: { type: String, enum: INTENT_SOURCE_KINDS, required: true, default: 'manual' },
      refId: { type: ObjectId },
    },
    contract: { type: contractSchema, default: null },
    /** contract.amount, or 0: sorts and sums without a null case. */
    dealAmount: { type: Number, required: true, default: 0 },
    funding: { type: [fundingSchema], default: [] },
    parentId: { type: ObjectId, ref: 'Intent' },
    /** The latest `at` of a linked interaction (kept by the interactions service). */
    lastContactAt: { type: Date },
    /** When the owner was last told it went stale: told once per stale spell. */
    staleNotifiedAt: { type: Date },
    memberReportedSigned: {
      type: new Schema(
        { reportedAt: Date, reportedBy: ObjectId, signedAt: Date, note: String },
        { _id: false },
      ),
      default: null,
    },
    version: { type: Number, required: true, default: 0 },
    createdBy: { type: ObjectId, ref: 'User' },
    /** Idempotency key of the create (the offline outbox and retried requests resend it). */
    clientId: { type: String, required: true },
    /** Lower-cased topic for sorting by name (the table's 名称 column). */
    topicSort: { type: String },
    /** Import job and row that wrote it: a retried import commit finds it instead of writing twice. */
    importKey: { type: String },
  },
  { timestamps: true, strict: 'throw', minimize: false },
);
intentSchema.index({ clientId: 1 }, { unique: true });
intentSchema.index({ importKey: 1 }, { unique: true, sparse: true });
// The board: one column = (status, stage) in stageEnteredAt order. Both servers walk the
// { column, stageEnteredAt, _id } range of each status in order and stop after the cards shown.
intentSchema.index({ status: 1, stage: 1, stageEnteredAt: 1, _id: 1 });
intentSchema.index({ column: 1, stageEnteredAt: 1, _id: 1 });
intentSchema.index({ stageEnteredAt: 1, _id: 1 });
intentSchema.index({ ownerId: 1, status: 1, stage: 1, stageEnteredAt: 1, _id: 1 });
intentSchema.index({ partyOrgIds: 1, status: 1, stage: 1, stageEnteredAt: 1 });
// The board filtered by owner or by party (a member's board is always by party): equality on
// the filter and the column, then the column order, so both servers read only the cards shown.
intentSchema.index({ ownerId: 1, column: 1, stageEnteredAt: 1, _id: 1 });
intentSchema.index({ partyOrgIds: 1, column: 1, stageEnteredAt: 1, _id: 1 });
// A year or field filter on the board: equality on the filter, the columns as a $in on `column`,
// then the column order — both servers merge the (year, column) ranges in stageEnteredAt order
// and read only the cards shown.
intentSchema.index({ years: 1, column: 1, stageEnteredAt: 1, _id: 1 });
intentSchema.index({ fields: 1, column: 1, stageEnteredAt: 1, _id: 1 });
// The table's sorts (each index's first field is the sort key, which both servers can walk).
intentSchema.index({ updatedAt: -1, _id: -1 });
intentSchema.index({ createdAt: -1, _id: -1 });
intentSchema.index({ dealAmount: -1, _id: -1 });
intentSchema.index({ topicSort: 1, _id: 1 });
intentSchema.index({ parentId: 1 }, { sparse: true });
intentSchema.index({ 'links.interactionIds': 1 });

export type Intent = InferSchemaType<typeof intentSchema>;

type Id = Types.ObjectId;
type HistoryEntry<T> = {
  _id: Id;
  from?: T | null;
  to: T;
  at: Date;
  recordedAt: Date;
  backdated: boolean;
  actorId?: Id | null;
  note?: string | null;
};

/**
 * A stored intent as read with lean(): spelled out, because the inferred type makes every
 * nested object optional (mongoose cannot tell a defaulted sub-object from an absent one).
 */
export type IntentLean = {
  _id: Id;
  topic: string;
  topicSort?: string | null;
  description?: string | null;
  fields: string[];
  parties: Array<{ organizationId: Id; role: IntentPartyRole; personIds: Id[] }>;
  partyOrgIds: Id[];
  ownerId?: Id | null;
  stage: IntentStage;
  status: IntentStatus;
  stageReached: IntentStage;
  column: string;
  stageEnteredAt: Date;
  stageHistory: Array<HistoryEntry<IntentStage>>;
  statusHistory: Array<HistoryEntry<IntentStatus> & { lostReason?: LostReason | null }>;
  years: number[];
  lostReason?: LostReason | null;
  lostNote?: string | null;
  staffNote?: string | null;
  links: {
    achievementIds: Id[];
    demandIds: Id[];
    eventIds: Id[];
    interactionIds: Id[];
    selectionId?: Id | null;
    match?: { demandId?: Id | null; achievementId?: Id | null } | null;
  };
  source: { kind: IntentSourceKind; refId?: Id | null };
  contract?: {
    type: ContractType;
    amount: number;
    techAmount?: number | null;
    signedAt: Date;
    termMonths?: number | null;
    registrationNo?: string | null;
    registrationNoWarning?: string | null;
  } | null;
  dealAmount: number;
  funding: Array<{ _id: Id; programme: string; amount: number; status: FundingStatus; at: Date }>;
  parentId?: Id | null;
  lastContactAt?: Date | null;
  staleNotifiedAt?: Date | null;
  memberReportedSigned?: {
    reportedAt?: Date | null;
    reportedBy?: Id | null;
    signedAt?: Date | null;
    note?: string | null;
  } | null;
  version: number;
  createdBy?: Id | null;
  clientId: string;
  importKey?: string | null;
  createdAt: Date;
  updatedAt: Date;
};
export const IntentModel = model('Intent', intentSchema);

/** The board column an intent sits in (see `column` above). */
export const columnKey = (status: IntentStatus, stage: IntentStage): string => `${status}/${stage}`;
