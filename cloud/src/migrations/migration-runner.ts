import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { Logger } from '../logger';
import { MigrationModel } from './migration.model';

export type MigrationDefinition = {
  /** Stable and unique, e.g. '2026-11-regions-official-names': recorded once it has run. */
  id: string;
  /** Idempotent (a run cut short by a crash is run again from the start) and safe to run on live data. */
  run: (logger: Logger) => Promise<unknown>;
};

export type MigrationOptions = {
  /** How long a holder may run one migration before another process may take it over. */
  leaseMs?: number;
  /** How often a process waiting for another's migration looks again. */
  pollMs?: number;
};

const DEFAULT_LEASE_MS = 10 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs, in order, the migrations this database has not run yet, each exactly once across every
 * cloud process sharing it: a start on migrated data costs one small read per migration instead
 * of re-scanning collections that only grow. Processes starting together take turns through a
 * lease; the others wait for it to finish, so none serves requests on half-migrated data. A
 * failed migration is not recorded as done: this start fails with it, and the next one retries.
 */
export async function runMigrations(
  migrations: MigrationDefinition[],
  logger: Logger,
  options: MigrationOptions = {},
): Promise<string[]> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? 500;
  const holder = randomUUID();
  const done = new Set(
    (await MigrationModel.find({ doneAt: { $exists: true } }, { _id: 1 }).lean()).map((m) => m._id),
  );
  const ran: string[] = [];
  for (const migration of migrations) {
    while (!done.has(migration.id)) {
      if (await takeLease(migration.id, holder, leaseMs)) {
        const started = Date.now();
        try {
          await migration.run(logger);
        } catch (err) {
          await MigrationModel.updateOne(
            { _id: migration.id, lockedBy: holder },
            { $set: { lastError: (err as Error).message }, $unset: { lockedBy: 1, lockedUntil: 1 } },
          );
          throw err;
        }
        await MigrationModel.updateOne(
          { _id: migration.id, lockedBy: holder },
          { $set: { doneAt: new Date() }, $unset: { lockedBy: 1, lockedUntil: 1, lastError: 1 } },
        );
        logger.info({ migration: migration.id, ms: Date.now() - started }, 'migration done');
        ran.push(migration.id);
        done.add(migration.id);
      } else {
        // Another process holds it: wait until it is done (or its lease runs out).
        await sleep(pollMs);
        if (await MigrationModel.exists({ _id: migration.id, doneAt: { $exists: true } })) {
          done.add(migration.id);
        }
      }
    }
  }
  return ran;
}

/** One atomic write: the migration is not done and nobody (alive) holds it. */
async function takeLease(id: string, holder: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  try {
    const taken = await MigrationModel.findOneAndUpdate(
      {
        _id: id,
        doneAt: { $exists: false },
        $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: { $lte: now } }],
      },
      {
        $set: { lockedBy: holder, lockedUntil: new Date(now.getTime() + leaseMs) },
        $inc: { attempts: 1 },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return taken?.lockedBy === holder;
  } catch (err) {
    // The document exists and does not match (done, or leased by someone else): not ours.
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
