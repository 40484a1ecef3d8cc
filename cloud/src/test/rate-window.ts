/**
 * Rate limits count in fixed windows (middleware/rate-limit.ts, one minute in the product). A test
 * that spends a budget and then expects a refusal fails when a window ends between the two, as
 * CI's run once did (the third web-ticket request landed in a fresh minute and got 201). Such a
 * test starts with this: it waits for the next window when less than `neededMs` of this one is
 * left, at most `neededMs`, so the test's own timeout must allow for the wait.
 */
export async function withinOneWindow(windowSeconds = 60, neededMs = 10_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** A test timeout that leaves room for withinOneWindow's wait. */
export const RATE_WINDOW_TEST_TIMEOUT_MS = 45_000;
