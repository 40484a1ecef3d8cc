import { Types } from 'mongoose';
import { IMPORT_CANCELLABLE_STATUSES, type ImportJobView } from '@alliance-hub/types';
import { notFound } from '../../errors';
import type { Logger } from '../../logger';
import type { Actor } from '../../policy/policy';
import { notReady } from './import.errors';
import { dropFile, hasFile, importLeaseMs, leaseFields, setImportLeaseMs } from './import.lease';
import { ImportModel, ImportRowModel, type ImportJob } from './import.model';
import { presentImport } from './import.presenter';
import { analyseInBackground, commit, commitAs, type ImportOptions } from './import.service';

/**
 * Jobs that outlive the process that ran them: the sweeper resumes or fails a job whose runner
 * died (its lease ran out), and the secretariat can cancel a job or retry a failed one.
 */

/** A dry run or commit interrupted this often is stopped with a reason instead of being resumed forever. */
export const MAX_ATTEMPTS = 3;
/** Twice per lease (at most every 30 s), so a dead runner's job waits at most 1.5 leases. */
const sweepEveryMs = () => Math.min(30_000, importLeaseMs() / 2);
const SWEEP_BATCH = 20;

const expired = (now: Date) => ({ $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] });

export type SweepResult = {
  resumed: string[];
  failed: string[];
  /** Commits whose runner died, taken over and continued by this process. */
  commitsResumed: string[];
  /** Commits left for the secretariat to continue: resumed too often, or confirmed by nobody on record. */
  commitsReleased: number;
};

/** One pass: at boot, then every 30 s in every process (a lease makes sure only one resumes a job). */
export async function sweepImportJobs(logger: Logger): Promise<SweepResult> {
  const now = new Date();
  const result: SweepResult = { resumed: [], failed: [], commitsResumed: [], commitsReleased: 0 };
  const stale = await ImportModel.find({ status: 'parsing', ...expired(now) }, { _id: 1, attempts: 1 })
    .limit(SWEEP_BATCH)
    .lean<Array<Pick<ImportJob, '_id' | 'attempts'>>>();
  for (const job of stale) {
    if ((job.attempts ?? 0) >= MAX_ATTEMPTS) {
      const failed = await ImportModel.updateOne(
        { _id: job._id, status: 'parsing', ...expired(now) },
        {
          $set: {
            status: 'failed',
            error: {
              code: 'IMPORT_INTERRUPTED',
              message: `分析文件时服务中断了 ${MAX_ATTEMPTS} 次，已停止。请点击“重试”，或重新上传文件`,
            },
          },
          $unset: { leaseOwner: 1, leaseUntil: 1 },
        },
      );
      if (failed.modifiedCount) result.failed.push(job._id.toHexString());
    } else {
      logger.warn({ importId: job._id.toHexString() }, 'resuming an interrupted import analysis');
      void analyseInBackground(job._id, logger);
      result.resumed.push(job._id.toHexString());
    }
  }
  // A commit whose runner died (its lease ran out, or a shutdown handed it back) is continued here
  // in the name of whoever confirmed it: the commit re-evaluates and its records carry unique
  // import keys, so what the dead runner wrote is found, not written again. The claim inside
  // commitAs is atomic, so of several sweeping processes exactly one resumes it. A commit that
  // failed with an error (error.code set) waits for the secretariat's 重试 instead.
  const interrupted = await ImportModel.find(
    { status: 'committing', leaseUntil: { $lte: now }, 'error.code': null },
    { _id: 1, committedBy: 1, commitAttempts: 1 },
  )
    .limit(SWEEP_BATCH)
    .lean<Array<Pick<ImportJob, '_id' | 'committedBy' | 'commitAttempts'>>>();
  for (const job of interrupted) {
    const id = job._id.toHexString();
    if (job.committedBy && (job.commitAttempts ?? 0) < MAX_ATTEMPTS) {
      logger.warn(
        { importId: id, attempt: (job.commitAttempts ?? 0) + 1 },
        'resuming an interrupted import commit',
      );
      const { started } = await commitAs(job.committedBy, id, { logger }).catch((err: unknown) => {
        logger.error({ err, importId: id }, 'resuming an import commit failed');
        return { started: false };
      });
      if (started) result.commitsResumed.push(id);
      continue;
    }
    // Say so, and leave it to the secretariat to continue (重试 or 确认导入 again).
    const released = await ImportModel.updateOne(
      { _id: job._id, status: 'committing', leaseUntil: { $lte: now }, 'error.code': null },
      {
        $set: {
          leaseUntil: new Date(0),
          error: {
            code: 'IMPORT_INTERRUPTED',
            message: '导入过程中服务多次中断，请点击“重试”继续，已导入的内容不会重复',
          },
        },
        $unset: { leaseOwner: 1 },
      },
    );
    result.commitsReleased += released.modifiedCount;
  }
  return result;
}

/**
 * Sweeps now and then periodically; returns the stop function for shutdown. `leaseMs` (config
 * IMPORT_LEASE_SECONDS) sets how long every runner in this process holds a job without renewing.
 */
export function startImportSweeper(logger: Logger, options: { leaseMs?: number } = {}): () => void {
  if (options.leaseMs) setImportLeaseMs(options.leaseMs);
  let sweeping = false;
  const sweep = () => {
    if (sweeping) return;
    sweeping = true;
    sweepImportJobs(logger)
      .catch((err: unknown) => logger.error({ err }, 'import sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  };
  sweep();
  const timer = setInterval(sweep, sweepEveryMs());
  timer.unref();
  return () => clearInterval(timer);
}

async function loadJob(id: string): Promise<ImportJob> {
  const job = await ImportModel.findById(id).lean<ImportJob>();
  if (!job) throw notFound('导入任务');
  return job;
}

const cancellable = (status: ImportJob['status']) => IMPORT_CANCELLABLE_STATUSES.includes(status);

/**
 * Drops a job that has written nothing yet (parsing, ready or failed). Cancelling twice answers
 * the cancelled job again; a running or finished commit cannot be cancelled.
 */
export async function cancelImport(id: string): Promise<ImportJobView> {
  const job = await loadJob(id);
  if (job.status === 'cancelled') return presentImport(job);
  const cancelled = cancellable(job.status)
    ? await ImportModel.findOneAndUpdate(
        { _id: job._id, status: { $in: IMPORT_CANCELLABLE_STATUSES } },
        {
          $set: { status: 'cancelled', cancelledAt: new Date() },
          // A newer revision makes a dry run still running for this job publish nothing.
          $inc: { revision: 1 },
          $unset: { leaseOwner: 1, leaseUntil: 1, error: 1 },
        },
        { returnDocument: 'after', lean: true },
      )
    : null;
  if (!cancelled) {
    const now = await loadJob(id);
    if (now.status === 'cancelled') return presentImport(now);
    throw notReady(
      now.status,
      now.status === 'committed'
        ? '该导入任务已导入完成，不能取消'
        : '正在写入名录，不能取消；请等待导入完成',
    );
  }
  // Nothing can use them any more.
  await ImportRowModel.deleteMany({ importId: job._id });
  await dropFile(job._id);
  return presentImport(cancelled as ImportJob);
}

/**
 * Runs a failed dry run again (from the stored rows, or the stored file if the rows were not all
 * stored), or continues an interrupted commit. Retrying what is already running again, or what
 * has nothing to retry, answers the job as it is: a double tap never starts the work twice.
 */
export async function retryImport(
  actor: Actor,
  id: string,
  options: ImportOptions,
): Promise<{ view: ImportJobView; started: boolean }> {
  const job = await loadJob(id);
  if (job.status === 'committing') return commit(actor, id, options);
  if (job.status === 'cancelled') {
    throw notReady(job.status, '该导入任务已取消，不能重试；如需导入请重新上传文件');
  }
  if (job.status !== 'failed') return { view: presentImport(job), started: false };
  if (!job.rowsStored && !(await hasFile(job._id))) {
    throw notReady(job.status, '原文件没有保存，无法重试，请重新上传文件');
  }
  const retried = await ImportModel.findOneAndUpdate(
    { _id: job._id, status: 'failed' },
    {
      $set: {
        status: 'parsing',
        ...leaseFields(),
        attempts: 0,
        progress: { phase: 'analysing', processed: 0, total: job.totalRows },
      },
      $inc: { revision: 1 },
      $unset: { error: 1 },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!retried) return { view: presentImport(await loadJob(id)), started: false };
  void analyseInBackground(new Types.ObjectId(id), options.logger);
  return { view: presentImport(retried as ImportJob), started: true };
}
