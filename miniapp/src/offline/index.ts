import { checkInBatch } from '../services/events';
import { CheckInOutbox } from './check-in-outbox';
import { isOnline, onNetworkChange } from './network-status';

export * from './check-in-outbox';
export * from './client-id';
export * from './network-status';
export * from './roster-cache';

let shared: CheckInOutbox | null = null;

/** The app's one check-in outbox (one queue in storage, one flush at a time). */
export function checkInOutbox(): CheckInOutbox {
  shared ??= new CheckInOutbox(checkInBatch);
  return shared;
}

export const RETRY_INTERVAL_MS = 15_000;

/**
 * Flushes the outbox when the network comes back, and on a timer while items wait (the
 * network events do not fire when Wi-Fi is up but the venue's uplink is not).
 * Returns a stop function.
 */
export function startOutboxSync(
  outbox: CheckInOutbox,
  onFlushed?: (r: Awaited<ReturnType<CheckInOutbox['flush']>>) => void,
) {
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
export function resetCheckInOutbox(): void {
  shared = null;
}
