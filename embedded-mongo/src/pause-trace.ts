import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';

/**
 * Where the event loop's time goes, for finding what holds other requests up (#19's pauses).
 * Off unless EMBEDDED_MONGO_TRACE names a file: then every command's and background step's
 * synchronous stretches, each GC and each stall of the event loop are noted with wall-clock times
 * (ms since the epoch, comparable with another process's on the same machine) and written to
 * that file as JSON when the process exits. Costs nothing when off (one boolean test per call).
 */
export interface TraceSpan {
  /** What ran: `cmd:<name>`, `gc:<kind>`, `stall`, or a background step's name. */
  what: string;
  /** Start and end, ms since the epoch. */
  start: number;
  end: number;
  /**
   * For a stall: of its wall time, ms the event loop's thread ran on a core and ms it waited,
   * runnable, for one (the kernel's schedstat): a stall mostly waiting is the machine's, not ours.
   */
  ran?: number;
  waited?: number;
  /** For a command: when its message was framed off the socket and when its reply was written. */
  recv?: number;
  written?: number;
  conn?: number;
}

const file = process.env.EMBEDDED_MONGO_TRACE;
export const tracing = typeof file === 'string' && file !== '';
const spans: TraceSpan[] = [];
const origin = performance.timeOrigin;

/** Now as ms since the epoch, at performance.now()'s resolution. */
export const wallNow = (): number => origin + performance.now();

export function traceSpan(span: TraceSpan): void {
  if (tracing) spans.push(span);
}

/** Notes a synchronous step `what` that began at `startedAt` (performance.now()) and ends now. */
export function traceStep(what: string, startedAt: number): void {
  if (tracing) spans.push({ what, start: origin + startedAt, end: wallNow() });
}

/**
 * The event loop's thread's time on a core and time runnable but waiting for one, in ms since it
 * started (Linux; zeros elsewhere).
 */
export function schedstat(): [number, number] {
  try {
    const [ran, waited] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return [Number(ran) / 1e6, Number(waited) / 1e6];
  } catch {
    return [0, 0];
  }
}

if (tracing) {
  const gcKinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      spans.push({
        what: `gc:${gcKinds[kind] ?? kind}`,
        start: origin + e.startTime,
        end: origin + e.startTime + e.duration,
      });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  // A timer every 2 ms: a gap well over that is a stretch the event loop could not run anything.
  let last = performance.now();
  let lastSched = schedstat();
  const tick = setInterval(() => {
    const now = performance.now();
    const sched = schedstat();
    if (now - last > 12)
      spans.push({
        what: 'stall',
        start: origin + last,
        end: origin + now,
        ran: sched[0] - lastSched[0],
        waited: sched[1] - lastSched[1],
      });
    last = now;
    lastSched = sched;
  }, 2);
  tick.unref();
  process.on('exit', () => {
    writeFileSync(`${file!}.${process.pid}`, JSON.stringify(spans));
  });
}
