/** Asia/Shanghai has no daylight saving: a fixed +8 h turns UTC instants into Beijing dates. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The Beijing calendar year and month (1–12) an instant falls in. */
export function shanghaiMonth(at: Date): { year: number; month: number } {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

/** The instant a Beijing year starts. */
export function shanghaiYearStart(year: number): Date {
  return new Date(Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS);
}

/** The instant a Beijing month starts (month 1–12; 13 is next January). */
export function shanghaiMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS);
}

/** How much of a Beijing year has passed at `now`: 0 before it starts, 1 after it ends. */
export function yearElapsed(year: number, now: Date): number {
  const start = shanghaiYearStart(year).getTime();
  const end = shanghaiYearStart(year + 1).getTime();
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
}

/** YYYY-MM-DD in Beijing. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
