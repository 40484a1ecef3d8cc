import type { Clock } from '../../lib/clock';
import type { Logger } from '../../logger';
import { createScheduler, type Scheduler } from '../../jobs/scheduler';
import { stopStatsPasses, syncStats } from './stat-sync';

/** How often the counters catch up in the background; the dashboard's own check covers the gap. */
export const STATS_CATCH_UP_EVERY_MS = 5_000;

/**
 * The statistics catch-up on the shared MongoDB-backed scheduler: one process at a time (the
 * lease) reads what changed since the last pass, so a dashboard request only ever has the last
 * few seconds of writes to apply. Its own scheduler, polled every few seconds, so a first pass
 * over a province's records (minutes) never holds up the reminders' ticks. A first pass longer
 * than the lease is taken over by another process; the ledger keeps the two from counting twice.
 */
export function createStatsScheduler(deps: { clock: Clock; logger: Logger }): Scheduler {
  const scheduler = createScheduler({
    clock: deps.clock,
    logger: deps.logger,
    pollMs: STATS_CATCH_UP_EVERY_MS,
    jobs: [
      {
        name: 'stats.catch-up',
        everyMs: STATS_CATCH_UP_EVERY_MS,
        leaseMs: 15 * 60_000,
        run: () => syncStats(),
      },
    ],
  });
  return {
    ...scheduler,
    // A pass stops at its next batch rather than holding the shutdown for minutes.
    async stop() {
      stopStatsPasses();
      await scheduler.stop();
    },
  };
}
