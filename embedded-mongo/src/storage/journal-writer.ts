import { promises as fsp } from 'node:fs';
import { frameRecord } from './record-file';

type Doc = Record<string, unknown>;
interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Append-only journal with group commit: records appended while an fsync is in flight are written
 * and fsynced together by the next batch, so concurrent writers share one fsync.
 */
export class JournalWriter {
  readonly path: string;
  private readonly fh: fsp.FileHandle;
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private inflight: Promise<void> | null = null;
  private failed: Error | null = null;
  size: number;

  private constructor(path: string, fh: fsp.FileHandle, size: number) {
    this.path = path;
    this.fh = fh;
    this.size = size;
  }

  static async open(path: string): Promise<JournalWriter> {
    const fh = await fsp.open(path, 'a');
    const { size } = await fh.stat();
    return new JournalWriter(path, fh, size);
  }

  /** Queues the record for the next flush; returns its offset in the file. */
  append(record: Doc): number {
    const buf = frameRecord(record);
    const at = this.size;
    this.pending.push(buf);
    this.size += buf.length;
    return at;
  }

  /** Resolves once every record appended before this call is on disk. */
  flush(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.pending.length === 0) return this.inflight ?? Promise.resolve();
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.inflight) this.inflight = this.drain();
    return p;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const bufs = this.pending;
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        try {
          await this.fh.writev(bufs);
          await this.fh.datasync();
        } catch (err) {
          // A failed fsync leaves the file in an unknown state; refuse further acknowledgements.
          this.failed = err as Error;
          waiters.forEach((w) => w.reject(this.failed!));
          this.waiters.forEach((w) => w.reject(this.failed!));
          this.waiters = [];
          return;
        }
        waiters.forEach((w) => w.resolve());
      }
    } finally {
      this.inflight = null;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh.close();
  }
}
