import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import {
  IMPORT_CONFLICT_CHOICES,
  IMPORT_CONFLICT_FIELDS,
  IMPORT_DECISIONS,
  IMPORT_ROW_STATUSES,
  IMPORT_STATUSES,
  IMPORT_TARGETS,
  IMPORT_TERM_ACTIONS,
} from '@alliance-hub/types';

/**
 * One uploaded file and its dry run. The rows live in `import_rows`, one document each, so a
 * 50,000-row preview never approaches MongoDB's 16 MB document limit.
 */
const importSchema = new Schema(
  {
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    status: { type: String, enum: IMPORT_STATUSES, required: true },
    target: { type: String, enum: IMPORT_TARGETS, required: true },
    file: {
      name: { type: String, required: true },
      type: { type: String, enum: ['xlsx', 'csv'], required: true },
      encoding: { type: String },
      sheetName: { type: String },
      size: { type: Number, required: true },
    },
    headerRow: { type: Number, required: true },
    headers: { type: [String], default: [] },
    /** field → 0-based column index; stored as an object because field names are fixed identifiers. */
    mapping: { type: Schema.Types.Mixed, default: {} },
    headerProblems: {
      type: [new Schema({ column: String, header: String, code: String, message: String }, { _id: false })],
      default: [],
    },
    totalRows: { type: Number, required: true },
    /** Bumped by every mapping change or decision; a dry run only publishes results for the latest. */
    revision: { type: Number, default: 0 },
    progress: {
      phase: { type: String, enum: ['analysing', 'committing'], default: 'analysing' },
      processed: { type: Number, default: 0 },
      total: { type: Number, default: 0 },
    },
    counts: { type: Schema.Types.Mixed, default: {} },
    result: { type: Schema.Types.Mixed },
    error: { code: { type: String }, message: { type: String } },
    /**
     * The secretariat's answers to conflicts (row + field → keep or take the file's value) and to
     * unknown industry-field terms; the dry run and the commit apply only these.
     */
    conflictChoices: {
      type: [
        new Schema(
          {
            row: { type: Number, required: true },
            field: { type: String, enum: IMPORT_CONFLICT_FIELDS, required: true },
            choice: { type: String, enum: IMPORT_CONFLICT_CHOICES, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    termChoices: {
      type: [
        new Schema(
          {
            key: { type: String, required: true },
            term: { type: String, required: true },
            action: { type: String, enum: IMPORT_TERM_ACTIONS, required: true },
            fieldCode: { type: String },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /**
     * While `parsing` or `committing`: which process runs the work and until when. The runner
     * renews the lease as it goes; an expired lease means that process died (a restart, a crash),
     * and the sweeper resumes the job or fails it with a reason (import.lease.ts, import.recovery.ts).
     */
    leaseOwner: { type: String },
    leaseUntil: { type: Date },
    /** Runs started for the current phase; after a few interrupted ones the job fails instead of looping. */
    attempts: { type: Number, default: 0 },
    /** Every row is in `import_rows`: a resumed dry run reads them instead of the stored file. */
    rowsStored: { type: Boolean, default: false },
    cancelledAt: { type: Date },
    /** Who confirmed the import: a commit resumed by another process writes (and audits) in their name. */
    committedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** Commit runs started; the sweeper resumes an interrupted commit only a few times on its own. */
    commitAttempts: { type: Number, default: 0 },
    committedAt: { type: Date },
  },
  { timestamps: true, strict: 'throw', minimize: false },
);
importSchema.index({ createdBy: 1, _id: -1 });
// The sweeper's question: which running jobs have a lease that ran out?
importSchema.index({ status: 1, leaseUntil: 1 });

const partSchema = new Schema(
  {
    action: { type: String, enum: ['create', 'update', 'unchanged', 'skip'] },
    matchId: { type: Schema.Types.ObjectId },
    matchName: { type: String },
    matchDetail: { type: String },
    changes: { type: [String], default: undefined },
    sameAsRow: { type: Number },
  },
  { _id: false },
);

const importRowSchema = new Schema(
  {
    importId: { type: Schema.Types.ObjectId, required: true },
    row: { type: Number, required: true },
    raw: { type: [String], default: [] },
    /** Cells that could not be read (a formula without a saved result, an Excel error value). */
    cellProblems: { type: [String], default: undefined },
    status: { type: String, enum: IMPORT_ROW_STATUSES },
    values: { type: Schema.Types.Mixed },
    reasons: { type: [String], default: [] },
    organization: { type: partSchema },
    person: { type: partSchema },
    publication: { type: partSchema },
    question: {
      type: new Schema(
        {
          part: { type: String, enum: ['organization', 'person'] },
          candidates: [{ _id: false, id: Schema.Types.ObjectId, name: String, detail: String }],
        },
        { _id: false },
      ),
    },
    /** The secretariat's answer to `question`; for an organization it covers every row of that organization. */
    decision: {
      type: new Schema(
        {
          part: { type: String, enum: ['organization', 'person'] },
          action: { type: String, enum: IMPORT_DECISIONS },
          targetId: { type: Schema.Types.ObjectId },
        },
        { _id: false },
      ),
    },
    undecided: { type: Boolean, default: false },
    conflicts: {
      type: [
        new Schema(
          {
            field: { type: String, enum: IMPORT_CONFLICT_FIELDS },
            label: String,
            existing: String,
            incoming: String,
            reason: String,
            choice: { type: String, enum: IMPORT_CONFLICT_CHOICES },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    hasConflicts: { type: Boolean },
    /** Hash of the evaluated result: a re-run rewrites only the rows whose outcome changed. */
    digest: { type: String },
    groupKey: { type: String },
    revision: { type: Number, default: 0 },
    committed: { type: Boolean, default: false },
  },
  { strict: 'throw', minimize: false },
);
importRowSchema.index({ importId: 1, row: 1 }, { unique: true });
importRowSchema.index({ importId: 1, status: 1, row: 1 });
importRowSchema.index({ importId: 1, groupKey: 1 });

/**
 * The uploaded file itself, in chunks below MongoDB's 16 MB document limit, so a dry run
 * interrupted before its rows were stored can read the file again. Removed once the job is
 * committed or cancelled.
 */
const importFileChunkSchema = new Schema(
  {
    importId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { strict: 'throw' },
);
importFileChunkSchema.index({ importId: 1, seq: 1 }, { unique: true });

export type ImportJob = InferSchemaType<typeof importSchema> & { _id: Types.ObjectId; createdAt: Date };
export type ImportRow = InferSchemaType<typeof importRowSchema> & { _id: Types.ObjectId };
export const ImportModel = model('Import', importSchema, 'imports');
export const ImportRowModel = model('ImportRow', importRowSchema, 'import_rows');
export const ImportFileChunkModel = model('ImportFileChunk', importFileChunkSchema, 'import_files');
