import type { InteractionCreateBody } from '@alliance-hub/types';
import { checkInBatch } from '../services/events';
import { logInteractionBatch } from '../services/interactions';
import { CHECK_IN_KIND, CheckInOutbox, checkInHandler } from './check-in-outbox';
import { isOnline, onNetworkChange } from './network-status';
import { Outbox, type OutboxHandler } from './outbox';

export * from './check-in-outbox';
export * from './client-id';
export * from './network-status';
export * from './outbox';
export * from './roster-cache';

export const INTERACTION_KIND = 'interaction';

/** Queued logs per request: the server's limit (INTERACTION_BATCH_MAX). */
const INTERACTION_BATCH = 50;

/**
 * Queued quick logs (each with its follow-up) go up to 50 a request, in order, each idempotent by
 * its client id; an item the server refuses is set aside with its message, the rest are done.
 */
export function interactionHandler(send: typeof logInteractionBatch): OutboxHandler {
  return {
    batchSize: INTERACTION_BATCH,
    async send(items) {
      const { results } = await send(items.map((item) => item.payload as InteractionCreateBody));
      return results.map((result, i) =>
        result.outcome === 'rejected' && result.error
          ? {
              clientId: items[i].clientId,
              rejected: { code: result.error.code, message: result.error.message },
            }
          : { clientId: items[i].clientId, result },
      );
    },
  };
}

let shared: Outbox | null = null;
let sharedCheckIns: CheckInOutbox | null = null;

/** The app's one outbox (one queue in storage, one flush at a time) for every queued write. */
export function appOutbox(): Outbox {
  shared ??= new Outbox({
    [CHECK_IN_KIND]: checkInHandler(checkInBatch),
    [INTERACTION_KIND]: interactionHandler(logInteractionBatch),
  });
  return shared;
}

/** The door's view of the app outbox; one instance, so screens can depend on it in effects. */
export function checkInOutbox(): CheckInOutbox {
  sharedCheckIns ??= new CheckInOutbox(appOutbox());
  return sharedCheckIns;
}

export const RETRY_INTERVAL_MS = 15_000;

interface Flushable<R> {
  count(): number;
  flush(): Promise<R>;
}

/**
 * Flushes the outbox when the network comes back, and on a timer while items wait (the
 * network events do not fire when Wi-Fi is up but the venue's uplink is not).
 * Returns a stop function.
 */
export function startOutboxSync<R>(outbox: Flushable<R>, onFlushed?: (report: R) => void) {
  const run = () => {
    if (outbox.count() === 0) return;
    void outbox.flush().then((report) => onFlushed?.(report));
  };
  const stopNetwork = onNetworkChange((online) => {
    if (online) run();
  });
  const timer = setInterval(() => {
    if (isOnline() || outbox.count() > 0) run();
  }, RETRY_INTERVAL_MS);
  if (isOnline()) run();
  return () => {
    stopNetwork();
    clearInterval(timer);
  };
}

/** For tests: a fresh outbox read again from storage. */
export function resetOutbox(): void {
  shared = null;
  sharedCheckIns = null;
}

/** For tests written before the outbox served every kind. */
export const resetCheckInOutbox = resetOutbox;
