import { getHeapStatistics } from 'node:v8';
import type { Logger } from '../logger';

/** Shares of V8's heap limit at which a warning is logged (each once, until usage falls back). */
const LEVELS = [0.6, 0.8] as const;

export interface HeapReading {
  used: number;
  limit: number;
}

/**
 * Every document and index entry lives in the JavaScript heap, whose size V8 caps
 * (heap_size_limit). Running into the cap ends the process with an out-of-memory crash, so the
 * server says early, and plainly, that the data has outgrown the embedded default.
 */
export class HeapWatch {
  private warned = 0;

  constructor(
    private readonly logger: Logger,
    private readonly documents: () => number,
    private readonly read: () => HeapReading = () => {
      const s = getHeapStatistics();
      return { used: s.used_heap_size, limit: s.heap_size_limit };
    },
  ) {}

  /** Logs a warning when usage crosses the next level; returns the level index warned (or -1). */
  check(): number {
    const { used, limit } = this.read();
    const share = used / limit;
    let level = 0;
    while (level < LEVELS.length && share >= LEVELS[level]) level++;
    if (level <= this.warned) {
      // Fallen well below the last warning: a later climb is worth saying again.
      if (level < this.warned && share < LEVELS[this.warned - 1] - 0.1) this.warned = level;
      return -1;
    }
    this.warned = level;
    const mb = (n: number): number => Math.round(n / 1024 / 1024);
    this.logger.warn(
      `the embedded database uses ${Math.round(share * 100)}% of the JavaScript heap limit ` +
        `(${mb(used)} of ${mb(limit)} MB, ${this.documents().toLocaleString('en-US')} documents). ` +
        'Past the limit the process crashes out of memory. The embedded server is meant for development ' +
        'and small deployments: set MONGODB_URI to a real MongoDB for data this size ' +
        '(or raise the limit for now with NODE_OPTIONS=--max-old-space-size=<MB>).',
      { usedMb: mb(used), limitMb: mb(limit), documents: this.documents() },
    );
    return level - 1;
  }
}
