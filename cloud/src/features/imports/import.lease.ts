import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Types } from 'mongoose';
import { ImportFileChunkModel, ImportModel } from './import.model';

/**
 * Who runs an import job's background work, stored on the job itself so it survives the process.
 *
 * A runner takes the lease with one atomic findOneAndUpdate (only when it is free, expired or
 * already its own) and renews it while it works. When the process dies — a restart, a crash,
 * a deploy — the lease simply runs out, and the sweeper (import.recovery.ts) of any process
 * resumes the job or fails it with a reason. Several cloud processes can share one database.
 */

/** This process, as a lease owner: unique across hosts, processes and restarts. */
export const RUNNER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
let leaseMs = 60_000;

/** How long a runner holds a job without renewing it (IMPORT_LEASE_SECONDS; set once at boot). */
export const importLeaseMs = () => leaseMs;

export function setImportLeaseMs(ms: number): void {
  leaseMs = ms;
}

/** Renewed three times per lease, so one slow database round trip does not lose it. */
const heartbeatMs = () => leaseMs / 3;

/** The job was cancelled or taken over by another runner: stop quietly, it is not a failure. */
export class LeaseLost extends Error {
  constructor() {
    super('import lease lost');
    this.name = 'LeaseLost';
  }
}

export type Lease = {
  /** Throws LeaseLost once a renewal found the job no longer ours. */
  check(): void;
  release(): Promise<void>;
};

/** Matches a job whose lease anyone may take now. */
export const leaseFree = (now: Date) => ({
  $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }, { leaseOwner: RUNNER_ID }],
});

export const leaseFields = (now = Date.now()) => ({
  leaseOwner: RUNNER_ID,
  leaseUntil: new Date(now + leaseMs),
});

/** Takes the lease of a job in `status` and keeps renewing it until released; null if not free. */
export async function takeLease(id: Types.ObjectId, status: 'parsing' | 'committing'): Promise<Lease | null> {
  const now = new Date();
  const claimed = await ImportModel.findOneAndUpdate(
    { _id: id, status, ...leaseFree(now) },
    { $set: leaseFields(now.getTime()), $inc: { attempts: 1 } },
    { returnDocument: 'after', lean: true, projection: { _id: 1 } },
  );
  if (!claimed) return null;
  let lost = false;
  const timer = setInterval(() => {
    void ImportModel.updateOne(
      { _id: id, status, leaseOwner: RUNNER_ID },
      { $set: { leaseUntil: new Date(Date.now() + leaseMs) } },
    ).then(
      (res) => {
        if (res.matchedCount === 0) lost = true;
      },
      () => undefined, // a missed renewal is retried at the next beat; the lease is three beats long
    );
  }, heartbeatMs());
  timer.unref();
  return {
    check() {
      if (lost) throw new LeaseLost();
    },
    async release() {
      clearInterval(timer);
      await ImportModel.updateOne(
        { _id: id, leaseOwner: RUNNER_ID },
        { $unset: { leaseOwner: 1, leaseUntil: 1 } },
      ).catch(() => undefined);
    },
  };
}

/**
 * Graceful shutdown: hands every job this process holds back at once (lease expired, owner gone),
 * so another process's sweeper takes it over at its next pass instead of a minute later. The
 * heartbeat here then finds the job no longer ours and the runner stops at its next check.
 */
export async function releaseImportLeases(): Promise<number> {
  const res = await ImportModel.updateMany(
    { leaseOwner: RUNNER_ID },
    { $set: { leaseUntil: new Date(0) }, $unset: { leaseOwner: 1 } },
  );
  return res.modifiedCount;
}

// ---- the uploaded file, kept so an interrupted first dry run can read it again ----

const CHUNK_BYTES = 4 * 1024 * 1024;

export async function storeFile(importId: Types.ObjectId, buffer: Buffer): Promise<void> {
  const docs = [];
  for (let seq = 0; seq * CHUNK_BYTES < buffer.length || seq === 0; seq++) {
    docs.push({ importId, seq, data: buffer.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES) });
  }
  await ImportFileChunkModel.insertMany(docs, { ordered: true, lean: true });
}

export async function loadFile(importId: Types.ObjectId): Promise<Buffer | null> {
  // Hydrated, not lean: lean gives the driver's Binary, hydrated gives a Buffer.
  const chunks = await ImportFileChunkModel.find({ importId }).sort({ seq: 1 });
  if (chunks.length === 0) return null;
  return Buffer.concat(chunks.map((c) => c.data));
}

export async function hasFile(importId: Types.ObjectId): Promise<boolean> {
  return (await ImportFileChunkModel.countDocuments({ importId })) > 0;
}

export async function dropFile(importId: Types.ObjectId): Promise<void> {
  await ImportFileChunkModel.deleteMany({ importId });
}
