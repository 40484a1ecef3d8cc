import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One figure: a KPI's value in one month (Asia/Shanghai) for one cell — the whole alliance
 * (`all`), a sub-row (`sub`: event kind, contract type, interaction type), an organization
 * (`org`), a coordinator (`coord`), an industry field (`field`), or a day count (`days`, the
 * funnel's dwell-time histogram). Maintained by $inc from the ledger's differences
 * (stat-sync.ts), so the dashboard reads a few hundred small documents instead of counting.
 */
const statCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    kpi: { type: String, required: true },
    year: { type: Number, required: true },
    month: { type: Number, required: true },
    dim: { type: String, required: true },
    dv: { type: String, required: true, default: '' },
    v: { type: Number, required: true, default: 0 },
  },
  { versionKey: false, strict: 'throw' },
);
statCounterSchema.index({ year: 1, dim: 1, dv: 1 });
statCounterSchema.index({ year: 1, kpi: 1, dim: 1 });

export type StatCounter = InferSchemaType<typeof statCounterSchema>;
export const StatCounterModel = model('StatCounter', statCounterSchema, 'stat_counters');

/**
 * What each source record currently adds to the counters (its cells). A record's change is
 * applied as the difference between its new cells and these, under a compare-and-set on `h`,
 * so two processes catching up on the same record never both apply it. Drill-down reads it too:
 * the records behind a figure are exactly the ledger entries holding that figure's cell.
 */
const statLedgerSchema = new Schema(
  {
    _id: { type: String, required: true },
    src: { type: String, required: true },
    rid: { type: Schema.Types.ObjectId, required: true },
    /** The source record's updatedAt when these cells were computed: an older read never wins. */
    u: { type: Date, required: true },
    h: { type: String, required: true },
    c: {
      type: [new Schema({ k: String, v: Number, a: Date }, { _id: false })],
      default: [],
    },
  },
  { versionKey: false, strict: 'throw' },
);
statLedgerSchema.index({ 'c.k': 1, _id: 1 });

export type StatLedger = InferSchemaType<typeof statLedgerSchema>;
export const StatLedgerModel = model('StatLedger', statLedgerSchema, 'stat_ledger');

/**
 * The drill-down's order (newest first): one entry per ledger entry and date its cells count at,
 * with the cell keys of that date. A ledger entry cannot serve it itself: its cells are an array,
 * and MongoDB sorts a document by an array's extreme element, not by the one a query matched.
 * Kept beside the ledger by the catch-up (stat-record-dates.ts); `r` (the record) breaks ties.
 */
const statRecordDateSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The ledger entry (`<source>:<record id>`). */
    l: { type: String, required: true },
    r: { type: Schema.Types.ObjectId, required: true },
    a: { type: Date, required: true },
    ks: { type: [String], default: [] },
  },
  { versionKey: false, strict: 'throw' },
);
statRecordDateSchema.index({ ks: 1, a: -1, r: -1 });

export const StatRecordDateModel = model('StatRecordDate', statRecordDateSchema, 'stat_record_dates');

/**
 * Per source: when the last completed catch-up started (every record committed before it, give
 * or take the overlap, is applied) and the version of the counting rule it applied.
 */
const statSyncStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    watermark: { type: Date, required: true },
    rules: { type: Number },
  },
  { versionKey: false, strict: 'throw' },
);
export const StatSyncStateModel = model('StatSyncState', statSyncStateSchema, 'stat_sync_state');
