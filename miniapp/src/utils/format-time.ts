const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * ISO-8601 (UTC on the wire) → "2025-03-01 09:30" in Asia/Shanghai. Seconds only where the
 * exact moment is the point (the audit log, the service status): elsewhere they are noise in a
 * table column and on a phone line.
 * China has no daylight saving, so a fixed +08:00 offset is exact — and it avoids relying on
 * `Intl` time-zone data, which some mini-program runtimes lack.
 */
export function formatShanghaiTime(iso: string, options: { seconds?: boolean } = {}): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return '—';
  const d = new Date(millis + SHANGHAI_OFFSET_MS);
  const minutes =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return options.seconds ? `${minutes}:${pad(d.getUTCSeconds())}` : minutes;
}
