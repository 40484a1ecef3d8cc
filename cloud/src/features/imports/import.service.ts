import { createHash } from 'node:crypto';
import { Types, type UpdateQuery } from 'mongoose';
import type {
  ImportDecision,
  ImportJobView,
  ImportMappingBody,
  ImportRowPage,
  ImportRowView,
  ImportRowsQuery,
  ImportTarget,
} from '@alliance-hub/types';
import { isDirectoryTarget, ROW_CURSOR, type ImportMapping } from '@alliance-hub/types';
import { notFound, validation } from '../../errors';
import { encodeCursor, readCursor } from '../../lib/pagination';
import type { Logger } from '../../logger';
import type { Actor } from '../../policy/policy';
import { inferTarget, mappingProblems } from './import.columns';
import { MAX_IMPORT_ROWS, notReady, undecidedDuplicates } from './import.errors';
import {
  evaluateRows,
  type Evaluation,
  type PartOutcome,
  type RowInput,
  type RowResult,
} from './import.evaluate';
import { writeEvaluation, type CommitResult } from './import.commit';
import { choicesOf, type Choices } from './import.conflicts';
import {
  evaluatePublicationRows,
  writePublications,
  type PublicationEvaluation,
  type PublicationTarget,
} from './import.publications';
import type { SheetRow } from './import.file';
import { evaluateIntentRows, writeIntents, type IntentEvaluation } from './import.intents';
import { parseSpreadsheet } from './import.parse';
import {
  importLeaseMs,
  LeaseLost,
  RUNNER_ID,
  dropFile,
  leaseFields,
  loadFile,
  storeFile,
  takeLease,
  type Lease,
} from './import.lease';
import { ImportModel, ImportRowModel, type ImportJob, type ImportRow } from './import.model';
import { presentImport, presentImportRow } from './import.presenter';

export type ImportOptions = {
  logger: Logger;
  /** Data rows accepted in one file (50,000 in production; tests lower it). */
  maxRows?: number;
};

const WRITE_CHUNK = 500;

// ---- the kinds of import: the member directory, achievements, demands ----

/** The job machinery (upload, rows, leases, decisions, commit) is shared; only these two differ. */
type AnyEvaluation = Evaluation | PublicationEvaluation | IntentEvaluation;

function evaluateFor(
  target: ImportTarget,
  mapping: ImportMapping,
  inputs: RowInput[],
  choices?: Choices,
): Promise<AnyEvaluation> {
  if (target === 'intents') return evaluateIntentRows(mapping, inputs);
  return isDirectoryTarget(target)
    ? evaluateRows(target, mapping, inputs, choices)
    : evaluatePublicationRows(target as PublicationTarget, mapping, inputs);
}

function writeFor(
  importId: Types.ObjectId,
  actorId: Types.ObjectId,
  evaluation: AnyEvaluation,
  onProgress: (processed: number, total: number) => Promise<void>,
): Promise<CommitResult> {
  if ('kind' in evaluation && evaluation.kind === 'intents')
    return writeIntents(importId, actorId, evaluation, onProgress);
  return 'kind' in evaluation
    ? writePublications(importId, actorId, evaluation, onProgress)
    : writeEvaluation(importId, actorId, evaluation, onProgress);
}

// ---- background work, one chain per job inside this process ----

const running = new Map<string, Promise<unknown>>();

/** Serialises work on one job in this process (a dry run, a decision, a commit never interleave). */
function exclusive<T>(id: Types.ObjectId, work: () => Promise<T>): Promise<T> {
  const key = id.toHexString();
  const previous = running.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  running.set(key, next);
  void next
    .finally(() => {
      if (running.get(key) === next) running.delete(key);
    })
    .catch(() => undefined);
  return next;
}

/** Resolves when no background work is pending for the job (used by tests and the benchmark). */
export async function settled(id: string): Promise<void> {
  await running.get(id)?.catch(() => undefined);
}

/** Only while the job is still this runner's dry run: a cancelled or taken-over job stays as it is. */
const failAnalysis = (id: Types.ObjectId) =>
  ImportModel.updateOne(
    { _id: id, status: 'parsing', leaseOwner: RUNNER_ID },
    {
      $set: {
        status: 'failed',
        error: {
          code: 'INTERNAL',
          message: '分析文件时出错，请点击“重试”；如果反复出现请重新上传或联系管理员',
        },
      },
      $unset: { leaseOwner: 1, leaseUntil: 1 },
    },
  );

/** A failed commit stays `committing` with its lease released, so "导入" can simply be pressed again. */
const releaseCommit = (id: Types.ObjectId) =>
  ImportModel.updateOne(
    { _id: id, status: 'committing' },
    {
      $set: {
        leaseUntil: new Date(0),
        error: { code: 'INTERNAL', message: '导入中断，请再次点击“确认导入”继续，已导入的内容不会重复' },
      },
    },
  );

function inBackground(
  id: Types.ObjectId,
  logger: Logger,
  work: () => Promise<void>,
  onFailure = failAnalysis,
) {
  void exclusive(id, work).catch(async (err: unknown) => {
    logger.error({ err, importId: id.toHexString() }, 'import job failed');
    await onFailure(id).catch(() => undefined);
  });
}

// ---- storing evaluated rows ----

function storedPart(part: PartOutcome | null) {
  if (!part) return undefined;
  return {
    action: part.action,
    matchId: part.match?.id,
    matchName: part.match?.name,
    matchDetail: part.match?.detail ?? undefined,
    changes: part.changes,
    sameAsRow: part.sameAsRow ?? undefined,
  };
}

function storedResult(r: RowResult) {
  const stored = {
    status: r.status,
    values: r.values,
    reasons: r.reasons,
    organization: storedPart(r.organization),
    person: storedPart(r.person),
    publication: storedPart(r.publication ?? null),
    question: r.question ?? undefined,
    undecided: r.undecided,
    groupKey: r.groupKey ?? undefined,
    conflicts: r.conflicts.length ? r.conflicts : undefined,
    hasConflicts: r.conflicts.length > 0 || undefined,
  };
  const digest = createHash('sha1').update(JSON.stringify(stored)).digest('base64url');
  return { ...stored, digest };
}

function countsOf(rows: RowResult[]) {
  const counts = { new: 0, update: 0, unchanged: 0, duplicate: 0, invalid: 0, undecided: 0, conflicts: 0 };
  for (const r of rows) {
    counts[r.status]++;
    if (r.undecided) counts.undecided++;
    if (r.conflicts.length > 0) counts.conflicts++;
  }
  return counts;
}

async function loadInputs(importId: Types.ObjectId): Promise<Array<RowInput & { digest?: string | null }>> {
  const rows = await ImportRowModel.find(
    { importId },
    { row: 1, raw: 1, cellProblems: 1, decision: 1, digest: 1 },
  )
    .sort({ row: 1 })
    .lean();
  return rows.map((r) => ({
    row: r.row,
    raw: r.raw,
    cellProblems: r.cellProblems,
    decision:
      r.decision?.part && r.decision.action
        ? { part: r.decision.part, action: r.decision.action, targetId: r.decision.targetId }
        : null,
    digest: r.digest,
  }));
}

async function evaluateJob(
  job: Pick<ImportJob, '_id' | 'target' | 'mapping' | 'conflictChoices' | 'termChoices'>,
) {
  const inputs = await loadInputs(job._id);
  const evaluation = await evaluateFor(job.target, job.mapping ?? {}, inputs, choicesOf(job));
  return { inputs, evaluation };
}

async function markReady(importId: Types.ObjectId, revision: number, evaluation: AnyEvaluation) {
  await ImportModel.updateOne(
    { _id: importId, revision, status: { $in: ['parsing', 'ready'] } },
    {
      $set: { status: 'ready', counts: countsOf(evaluation.rows), rowsStored: true },
      $unset: { leaseOwner: 1, leaseUntil: 1 },
    },
  );
}

/** Also the cheap per-chunk check of a dry run: a cancel or a newer revision stops it. */
async function reportProgress(
  importId: Types.ObjectId,
  revision: number,
  processed: number,
  total: number,
  lease?: Lease,
) {
  const res = await ImportModel.updateOne(
    { _id: importId, revision },
    { $set: { progress: { phase: 'analysing', processed, total } } },
  );
  lease?.check();
  if (lease && res.matchedCount === 0) throw new LeaseLost();
}

/** The first dry run of an upload: evaluates the rows in memory and stores them with their results. */
async function firstDryRun(
  importId: Types.ObjectId,
  job: Pick<ImportJob, 'target' | 'mapping'>,
  rows: SheetRow[],
  revision: number,
  lease: Lease,
) {
  const inputs = rows.map((r) => ({
    row: r.row,
    raw: r.cells,
    cellProblems: r.problems.length ? r.problems : null,
  }));
  const evaluation = await evaluateFor(job.target, job.mapping ?? {}, inputs);
  const total = inputs.length;
  for (let i = 0; i < total; i += WRITE_CHUNK) {
    const docs = evaluation.rows.slice(i, i + WRITE_CHUNK).map((r, j) => ({
      importId,
      row: r.row,
      raw: inputs[i + j].raw,
      cellProblems: inputs[i + j].cellProblems ?? undefined,
      ...storedResult(r),
    }));
    await ImportRowModel.insertMany(docs, { ordered: false, lean: true });
    await reportProgress(importId, revision, Math.min(i + WRITE_CHUNK, total), total, lease);
  }
  await markReady(importId, revision, evaluation);
}

/**
 * Runs the dry run again for the job's current revision (after a mapping change or a decision)
 * and publishes it: only rows whose outcome changed are rewritten, and the job becomes `ready`
 * unless a newer revision superseded this one meanwhile.
 */
async function dryRun(
  importId: Types.ObjectId,
  revision: number,
  lease?: Lease,
): Promise<AnyEvaluation | null> {
  const job = await ImportModel.findById(importId).lean<ImportJob>();
  if (!job || job.revision !== revision) return null;
  const { inputs, evaluation } = await evaluateJob(job);
  const digests = new Map(inputs.map((i) => [i.row, i.digest]));
  const total = evaluation.rows.length;
  for (let i = 0; i < total; i += WRITE_CHUNK) {
    const ops = evaluation.rows
      .slice(i, i + WRITE_CHUNK)
      .map((r) => ({ r, stored: storedResult(r) }))
      .filter(({ r, stored }) => digests.get(r.row) !== stored.digest)
      .map(({ r, stored }) => {
        const fields: Record<string, unknown> = { ...stored, revision, decision: r.decision ?? undefined };
        const gone = Object.keys(fields).filter((k) => fields[k] === undefined);
        for (const k of gone) delete fields[k];
        return {
          updateOne: {
            filter: { importId, row: r.row },
            update: {
              $set: fields,
              ...(gone.length ? { $unset: Object.fromEntries(gone.map((k) => [k, 1])) } : {}),
            },
          },
        };
      });
    if (ops.length) await ImportRowModel.bulkWrite(ops, { ordered: false });
    if (total > WRITE_CHUNK)
      await reportProgress(importId, revision, Math.min(i + WRITE_CHUNK, total), total, lease);
  }
  await markReady(importId, revision, evaluation);
  return evaluation;
}

/**
 * Runs, or resumes, the dry run of a `parsing` job under this process's lease: the rows of a
 * fresh upload from memory; after an interruption before every row was stored, from the stored
 * file; otherwise from the stored rows. A lease held elsewhere, a cancel or a newer revision
 * makes it stop quietly.
 */
export function analyseInBackground(id: Types.ObjectId, logger: Logger, rows?: SheetRow[]): Promise<void> {
  const run = exclusive(id, async () => {
    const lease = await takeLease(id, 'parsing');
    if (!lease) return;
    try {
      const job = await ImportModel.findById(id).lean<ImportJob>();
      if (!job || job.status !== 'parsing') return;
      const revision = job.revision ?? 0;
      if (rows) {
        await firstDryRun(id, job, rows, revision, lease);
      } else if (!job.rowsStored) {
        const buffer = await loadFile(id);
        if (!buffer) throw new Error('the uploaded file is not stored');
        const file = await parseSpreadsheet(
          buffer,
          job.file?.name ?? 'upload',
          Math.max(MAX_IMPORT_ROWS, job.totalRows),
          job.target,
        );
        // Rows of the interrupted run: stored again from the file, in one piece.
        await ImportRowModel.deleteMany({ importId: id });
        await firstDryRun(id, job, file.rows, revision, lease);
      } else {
        await dryRun(id, revision, lease);
      }
    } catch (err) {
      if (err instanceof LeaseLost) return;
      logger.error({ err, importId: id.toHexString() }, 'import analysis failed');
      await failAnalysis(id).catch(() => undefined);
    } finally {
      await lease.release();
    }
  });
  return run.catch(() => undefined);
}

// ---- the API ----

async function loadJob(id: string | Types.ObjectId): Promise<ImportJob> {
  const job = await ImportModel.findById(id).lean<ImportJob>();
  if (!job) throw notFound('导入任务');
  return job;
}

export async function getImport(id: string): Promise<ImportJobView> {
  return presentImport(await loadJob(id));
}

export async function createImport(
  actor: Actor,
  upload: { buffer: Buffer; fileName: string; target?: ImportTarget },
  options: ImportOptions,
): Promise<ImportJobView> {
  const file = await parseSpreadsheet(
    upload.buffer,
    upload.fileName,
    options.maxRows ?? MAX_IMPORT_ROWS,
    upload.target,
  );
  const target = upload.target ?? inferTarget(file.mapping);
  const missing = mappingProblems(target, file.mapping, file.headers.length).map((message) => ({
    column: '',
    header: '',
    code: 'MAPPING_INCOMPLETE',
    message,
  }));
  // The file is stored before the job exists: a job never lacks the file it may need to resume.
  const importId = new Types.ObjectId();
  await storeFile(importId, upload.buffer);
  const job = await ImportModel.create({
    _id: importId,
    createdBy: actor.id,
    status: 'parsing',
    ...leaseFields(),
    target,
    file: {
      name: upload.fileName,
      type: file.type,
      encoding: file.encoding ?? undefined,
      sheetName: file.sheetName ?? undefined,
      size: upload.buffer.length,
    },
    headerRow: file.headerRow,
    headers: file.headers,
    mapping: file.mapping,
    headerProblems: [...missing, ...file.headerProblems],
    totalRows: file.rows.length,
    progress: { phase: 'analysing', processed: 0, total: file.rows.length },
  });
  void analyseInBackground(job._id, options.logger, file.rows);
  return presentImport(job.toObject() as ImportJob);
}

export async function listRows(id: string, query: ImportRowsQuery): Promise<ImportRowPage> {
  const job = await loadJob(id);
  const [after] = readCursor(ROW_CURSOR, query.cursor) ?? [0];
  const filter = {
    importId: job._id,
    row: { $gt: after },
    ...(query.status ? { status: query.status } : {}),
    ...(query.undecided ? { undecided: true } : {}),
    ...(query.conflicts ? { hasConflicts: true } : {}),
  };
  const rows = await ImportRowModel.find(filter)
    .sort({ row: 1 })
    .limit(query.limit + 1)
    .lean<ImportRow[]>();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(presentImportRow),
    nextCursor: rows.length > query.limit ? encodeCursor(ROW_CURSOR, [page[page.length - 1].row]) : null,
  };
}

export async function changeMapping(
  id: string,
  body: ImportMappingBody,
  options: ImportOptions,
): Promise<ImportJobView> {
  const job = await loadJob(id);
  if (job.status !== 'ready') throw notReady(job.status, '只有分析完成、尚未导入的任务可以修改列对应关系');
  const target = body.target ?? job.target;
  // The columns were read with the headers of the kind chosen at upload; another kind is another file.
  if (
    isDirectoryTarget(target) !== isDirectoryTarget(job.target) ||
    (!isDirectoryTarget(target) && target !== job.target)
  )
    throw validation(
      [
        {
          path: 'body.target',
          message: '成员名录、科技成果和技术需求不能互相切换，请重新选择类型并上传文件',
        },
      ],
      '导入类型不能更改',
    );
  const mapping = Object.fromEntries(Object.entries(body.mapping).filter(([, v]) => v != null));
  const problems = mappingProblems(target, mapping, job.headers.length);
  if (problems.length)
    throw validation(
      problems.map((message) => ({ path: 'body.mapping', message })),
      '列对应关系有误',
    );
  const updated = await ImportModel.findOneAndUpdate(
    { _id: job._id, status: 'ready' },
    {
      $set: {
        target,
        mapping,
        status: 'parsing',
        ...leaseFields(),
        attempts: 0,
        progress: { phase: 'analysing', processed: 0, total: job.totalRows },
        headerProblems: job.headerProblems.filter((p) => p.code !== 'MAPPING_INCOMPLETE'),
      },
      $inc: { revision: 1 },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!updated) throw notReady((await loadJob(id)).status);
  // Earlier answers were about other columns; the secretariat decides again. Done before
  // answering, so a dry run resumed after a restart never sees the old answers.
  await ImportRowModel.updateMany({ importId: job._id }, { $unset: { decision: 1 } });
  void analyseInBackground(job._id, options.logger);
  return presentImport(updated as ImportJob);
}

export async function decide(
  id: string,
  rowNumber: number,
  action: ImportDecision,
  targetId?: string,
): Promise<ImportRowView> {
  const job = await loadJob(id);
  if (job.status !== 'ready') throw notReady(job.status, '只有分析完成、尚未导入的任务可以处理疑似重复');
  const row = await ImportRowModel.findOne({ importId: job._id, row: rowNumber }).lean<ImportRow>();
  if (!row) throw notFound('该行');
  if (!row.question?.part) throw notReady(row.status ?? 'invalid', '这一行不是疑似重复，无需选择');
  if (targetId && !row.question.candidates.some((c) => c.id?.toHexString() === targetId)) {
    throw validation([{ path: 'body.targetId', message: '只能合并到列出的候选记录之一' }]);
  }
  const decision = {
    part: row.question.part,
    action,
    ...(targetId && action === 'merge' ? { targetId: new Types.ObjectId(targetId) } : {}),
  };
  // An organization answer covers every row naming that organization.
  const scope =
    decision.part === 'organization' && row.groupKey ? { groupKey: row.groupKey } : { row: rowNumber };
  await exclusive(job._id, async () => {
    await ImportRowModel.updateMany({ importId: job._id, ...scope }, { $set: { decision } });
    const updated = await ImportModel.findOneAndUpdate(
      { _id: job._id, status: 'ready' },
      { $inc: { revision: 1 } },
      { returnDocument: 'after', lean: true },
    );
    if (!updated) throw notReady(job.status);
    await dryRun(job._id, updated.revision ?? 0);
  });
  const fresh = await ImportRowModel.findOne({ importId: job._id, row: rowNumber }).lean<ImportRow>();
  return presentImportRow(fresh!);
}

/**
 * Records a choice on a ready job (a conflict answer, a term choice: `change` builds the update
 * from the job as read) and runs the dry run again, as a decision does. The revision guards
 * against two choices made at once overwriting each other's arrays.
 */
export async function reviseReadyJob(
  id: string,
  change: (job: ImportJob) => UpdateQuery<ImportJob>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const job = await loadJob(id);
    if (job.status !== 'ready') throw notReady(job.status, '只有分析完成、尚未导入的任务可以修改选择');
    const updated = await exclusive(job._id, async () => {
      const next = await ImportModel.findOneAndUpdate(
        { _id: job._id, status: 'ready', revision: job.revision },
        { ...change(job), $inc: { revision: 1 } },
        { returnDocument: 'after', lean: true },
      );
      if (next) await dryRun(job._id, next.revision ?? 0);
      return next;
    });
    if (updated) return;
    if (attempt >= 3) throw notReady((await loadJob(id)).status);
  }
}

const NOT_COMMITTABLE: Partial<Record<ImportJob['status'], string>> = {
  parsing: '文件还在分析中，请稍候再导入',
  failed: '该导入任务分析失败，请点击“重试”或重新上传文件',
  cancelled: '该导入任务已取消，不能再导入；如需导入请重新上传文件',
};

/**
 * Commit re-evaluates against the database as it is now, refuses while suspected duplicates are
 * undecided, then writes in the background. Committing twice, or again after a crash, is safe.
 */
export async function commit(
  actor: Actor,
  id: string,
  options: ImportOptions,
): Promise<{ view: ImportJobView; started: boolean }> {
  return commitAs(actor.id, id, options);
}

/**
 * The commit itself, in the name of `actorId`: the secretariat member who confirms it, or, when
 * the sweeper resumes a commit whose process died, the one who confirmed it then.
 */
export async function commitAs(
  actorId: Types.ObjectId,
  id: string,
  options: ImportOptions,
): Promise<{ view: ImportJobView; started: boolean }> {
  const job = await loadJob(id);
  const now = new Date();
  const leaseLive = job.status === 'committing' && job.leaseUntil && job.leaseUntil > now;
  if (job.status === 'committed' || leaseLive) return { view: presentImport(job), started: false };
  if (job.status !== 'ready' && job.status !== 'committing') {
    throw notReady(job.status, NOT_COMMITTABLE[job.status] ?? '导入任务当前状态不能导入');
  }
  const claimed = await ImportModel.findOneAndUpdate(
    {
      _id: job._id,
      revision: job.revision,
      $or: [{ status: 'ready' }, { status: 'committing', leaseUntil: { $lte: now } }],
    },
    {
      $set: {
        status: 'committing',
        ...leaseFields(now.getTime()),
        progress: { phase: 'committing', processed: 0, total: 0 },
        committedBy: actorId,
      },
      $inc: { commitAttempts: 1 },
      // A taken-over commit is running again: its interruption notice no longer applies.
      $unset: { error: 1 },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!claimed) return { view: presentImport(await loadJob(id)), started: false };

  let evaluation: AnyEvaluation;
  try {
    evaluation = await exclusive(job._id, async () => (await evaluateJob(job)).evaluation);
  } catch (err) {
    // A job that was ready goes back to ready. One that was already committing (a retry, or a
    // take-over by the sweeper) stays committing, released with an error for the secretariat's
    // 重试: without a lease date no claim could ever match it again.
    if (job.status === 'committing') await releaseCommit(job._id);
    else {
      await ImportModel.updateOne(
        { _id: job._id, status: 'committing' },
        { $set: { status: job.status }, $unset: { leaseUntil: 1 } },
      );
    }
    throw err;
  }
  const undecided = evaluation.rows.filter((r) => r.undecided).map((r) => r.row);
  if (undecided.length > 0) {
    await ImportModel.updateOne(
      { _id: job._id, status: 'committing' },
      { $set: { status: 'ready' }, $unset: { leaseUntil: 1 } },
    );
    throw undecidedDuplicates(undecided);
  }

  inBackground(
    job._id,
    options.logger,
    async () => {
      const result = await writeFor(job._id, actorId, evaluation, async (processed, total) => {
        await ImportModel.updateOne(
          { _id: job._id, status: 'committing' },
          {
            $set: {
              progress: { phase: 'committing', processed, total },
              leaseUntil: new Date(Date.now() + importLeaseMs()),
            },
          },
        );
      });
      await ImportModel.updateOne(
        { _id: job._id, status: 'committing' },
        {
          $set: { status: 'committed', result, committedAt: new Date(), counts: countsOf(evaluation.rows) },
          $unset: { leaseOwner: 1, leaseUntil: 1, error: 1 },
        },
      );
      await dropFile(job._id);
    },
    releaseCommit,
  );
  return { view: presentImport(claimed as ImportJob), started: true };
}
