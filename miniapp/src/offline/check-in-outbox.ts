import Taro from '@tarojs/taro';
import type { CheckInBody, CheckInResultView } from '@alliance-hub/types';
import type { ApiError } from '../utils/api-error';

/**
 * The door phone's outbox: check-ins recorded without a network, persisted in Taro storage so
 * they survive a reload, and sent in order through the batch endpoint once the phone is back.
 * Only the items the server answered for are removed — a failure keeps the whole queue.
 */

export interface QueuedCheckIn {
  eventId: string;
  body: CheckInBody;
  /** Who the phone thought it was (from the cached roster), for the screen; null = unknown code. */
  personName: string | null;
}

export type SendBatch = (eventId: string, items: CheckInBody[]) => Promise<{ results: CheckInResultView[] }>;

export interface FlushReport {
  sent: number;
  results: CheckInResultView[];
  /** Set when a batch failed; its items stay queued. */
  error: ApiError | Error | null;
}

export const OUTBOX_STORAGE_KEY = 'ah.outbox.check-ins';
/** The server takes up to 1000; smaller batches keep one request short on venue Wi-Fi. */
export const BATCH_SIZE = 200;

type Listener = (items: QueuedCheckIn[]) => void;

export class CheckInOutbox {
  private items: QueuedCheckIn[];
  private readonly listeners = new Set<Listener>();
  private flushing: Promise<FlushReport> | null = null;

  constructor(
    private readonly send: SendBatch,
    private readonly storageKey = OUTBOX_STORAGE_KEY,
  ) {
    this.items = this.load();
  }

  /** Everything queued, oldest first; optionally for one event. */
  pending(eventId?: string): QueuedCheckIn[] {
    return eventId ? this.items.filter((item) => item.eventId === eventId) : [...this.items];
  }

  count(eventId?: string): number {
    return this.pending(eventId).length;
  }

  /** The queued check-in for this entry code or registration, so a second offline scan is not queued twice. */
  findQueued(eventId: string, key: { entryCode?: string; registrationId?: string }): QueuedCheckIn | null {
    return (
      this.items.find(
        (item) =>
          item.eventId === eventId &&
          ((key.entryCode && item.body.entryCode === key.entryCode) ||
            (key.registrationId && item.body.registrationId === key.registrationId)),
      ) ?? null
    );
  }

  enqueue(item: QueuedCheckIn): void {
    if (this.items.some((queued) => queued.body.clientId === item.body.clientId)) return;
    this.items = [...this.items, item];
    this.save();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the queue event by event, in order; one flush at a time (later callers share it). */
  flush(): Promise<FlushReport> {
    if (!this.flushing) {
      this.flushing = this.flushAll().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async flushAll(): Promise<FlushReport> {
    const report: FlushReport = { sent: 0, results: [], error: null };
    while (this.items.length > 0) {
      const eventId = this.items[0].eventId;
      const batch = this.items.filter((item) => item.eventId === eventId).slice(0, BATCH_SIZE);
      let results: CheckInResultView[];
      try {
        ({ results } = await this.send(
          eventId,
          batch.map((item) => item.body),
        ));
      } catch (failure) {
        report.error = failure instanceof Error ? failure : new Error(String(failure));
        return report;
      }
      const answered = new Set(results.map((result) => result.clientId));
      const before = this.items.length;
      this.items = this.items.filter((item) => !answered.has(item.body.clientId));
      this.save();
      report.sent += before - this.items.length;
      report.results.push(...results);
      // A server that answered for none of them would loop forever; stop and retry later.
      if (before === this.items.length) return report;
    }
    return report;
  }

  private load(): QueuedCheckIn[] {
    try {
      const stored: unknown = Taro.getStorageSync(this.storageKey);
      const parsed: unknown = typeof stored === 'string' && stored ? JSON.parse(stored) : stored;
      return Array.isArray(parsed) ? (parsed as QueuedCheckIn[]) : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    Taro.setStorageSync(this.storageKey, JSON.stringify(this.items));
    const snapshot = [...this.items];
    this.listeners.forEach((listener) => listener(snapshot));
  }
}
