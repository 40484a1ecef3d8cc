import type { InteractionCreateBody } from '@alliance-hub/types';
import { checkInBatch } from '../services/events';
import { logInteraction } from '../services/interactions';
import { CHECK_IN_KIND, CheckInOutbox, checkInHandler } from './check-in-outbox';
import { isOnline, onNetworkChange } from './network-status';
import { Outbox, singleItemHandler } from './outbox';

export * from './check-in-outbox';
export * from './client-id';
export * from './network-status';
export * from './outbox';
export * from './roster-cache';

export const INTERACTION_KIND = 'interaction';

let shared: Outbox | null = null;
let sharedCheckIns: CheckInOutbox | null = null;

/** The app's one outbox (one queue in storage, one flush at a time) for every queued write. */
export function appOutbox(): Outbox {
  shared ??= new Outbox({
    [CHECK_IN_KIND]: checkInHandler(checkInBatch),
    // A quick log and its follow-up travel as one request, idempotent by the log's client id.
    [INTERACTION_KIND]: singleItemHandler((item) => logInteraction(item.payload as InteractionCreateBody)),
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
