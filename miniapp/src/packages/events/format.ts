import { formatShanghaiTime } from '../../utils/format-time';

/** "09:12" in Asia/Shanghai. */
export function clockOf(iso: string): string {
  return formatShanghaiTime(iso).slice(11, 16);
}

/** "3月1日 09:00–17:30", or both dates when the event spans days. */
export function timeRange(startsAt: string, endsAt: string): string {
  const start = formatShanghaiTime(startsAt);
  const end = formatShanghaiTime(endsAt);
  const day = (s: string) => `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  const head = `${start.slice(0, 4)}年${day(start)} ${start.slice(11, 16)}`;
  return sameDay ? `${head}–${end.slice(11, 16)}` : `${head} – ${day(end)} ${end.slice(11, 16)}`;
}
