import Taro from '@tarojs/taro';
import { ApiError } from '../utils/api-error';

/**
 * The app's one outbox for writes made without a network: door check-ins, quick logs and
 * follow-ups. Each item carries the client id the server deduplicates on, so a retry after a
 * lost answer stores nothing twice. Items are persisted in Taro storage (they survive a reload)
 * and sent oldest first; a kind that has a batch endpoint sends the head item together with the
 * later items of its group (the same event's check-ins), as the door always did.
 *
 * Only items the server answered for leave the queue. A network failure or a 5xx stops the flush
 * with everything still queued (order kept); an item the server refused for good (a 4xx) is
 * moved to `rejected` so it cannot block the queue, and its message is kept to show the user.
 */

export interface OutboxItem {
  clientId: string;
  /** Which handler sends it, e.g. 'check-in', 'interaction'. */
  kind: string;
  /** Items of one kind and group may go in one batch (the check-ins of one event). */
  group: string;
  payload: unknown;
  /** What the screen shows for it (a name, a title); null when there is nothing to say. */
  label: string | null;
  queuedAt: string;
}

export interface RejectedItem extends OutboxItem {
  error: { code: string; message: string };
}

/** The server's answer for one item. */
export type OutboxAnswer =
  { clientId: string; result: unknown } | { clientId: string; rejected: { code: string; message: string } };

export interface OutboxHandler {
  /** Most items per call; 1 = one request per item. */
  batchSize: number;
  /** Sends items (all of one kind and group, oldest first); throws when nothing was delivered. */
  send(items: OutboxItem[]): Promise<OutboxAnswer[]>;
}

export interface OutboxFlushReport {
  sent: number;
  answers: Array<{ item: OutboxItem; result: unknown }>;
  rejected: RejectedItem[];
  /** Set when a call failed; its items and everything after them stay queued. */
  error: Error | null;
}

export const OUTBOX_KEY = 'ah.outbox';
/** Where the door's check-in queue lived before the outbox served every kind; read once, then moved. */
export const LEGACY_CHECK_IN_KEY = 'ah.outbox.check-ins';
const REJECTED_KEPT = 50;

type Listener = (items: OutboxItem[]) => void;

interface LegacyCheckIn {
  eventId: string;
  body: { clientId: string; at?: string };
  personName: string | null;
}

interface Stored {
  items: OutboxItem[];
  rejected: RejectedItem[];
}

/**
 * A 4xx other than 401 (re-login is retried by the request wrapper), 408 and 429 will answer the
 * same on every retry: the item is rejected, not retried.
 */
export function isPermanentRejection(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 408, 429].includes(error.status)
  );
}

/** A handler for an endpoint taking one item per request, idempotent by client id. */
export function singleItemHandler(send: (item: OutboxItem) => Promise<unknown>): OutboxHandler {
  return {
    batchSize: 1,
    async send([item]) {
      try {
        return [{ clientId: item.clientId, result: await send(item) }];
      } catch (error) {
        if (isPermanentRejection(error)) {
          return [{ clientId: item.clientId, rejected: { code: error.code, message: error.message } }];
        }
        throw error;
      }
    },
  };
}

export class Outbox {
  private state: Stored;
  private readonly listeners = new Set<Listener>();
  private flushing: Promise<OutboxFlushReport> | null = null;

  constructor(
    private readonly handlers: Record<string, OutboxHandler>,
    private readonly storageKey = OUTBOX_KEY,
  ) {
    this.state = this.load();
  }

  /** Everything queued, oldest first; optionally of one kind (and group). */
  pending(kind?: string, group?: string): OutboxItem[] {
    return this.state.items.filter(
      (item) => (!kind || item.kind === kind) && (group === undefined || item.group === group),
    );
  }

  count(kind?: string, group?: string): number {
    return this.pending(kind, group).length;
  }

  /** Items the server refused, newest last, until the user dismisses them. */
  rejected(): RejectedItem[] {
    return [...this.state.rejected];
  }

  dismissRejected(): void {
    this.state = { ...this.state, rejected: [] };
    this.save();
  }

  /** Queues a write; the same client id twice is queued once. */
  enqueue(item: Omit<OutboxItem, 'queuedAt'> & { queuedAt?: string }): void {
    if (this.state.items.some((queued) => queued.clientId === item.clientId)) return;
    const queued: OutboxItem = { ...item, queuedAt: item.queuedAt ?? new Date().toISOString() };
    this.state = { ...this.state, items: [...this.state.items, queued] };
    this.save();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the queue oldest first; one flush at a time (later callers share the one in flight). */
  flush(): Promise<OutboxFlushReport> {
    if (!this.flushing) {
      this.flushing = this.flushAll().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async flushAll(): Promise<OutboxFlushReport> {
    const report: OutboxFlushReport = { sent: 0, answers: [], rejected: [], error: null };
    while (this.state.items.length > 0) {
      const head = this.state.items[0];
      const handler = this.handlers[head.kind];
      if (!handler) {
        report.error = new Error(`没有处理 ${head.kind} 的同步方式`);
        return report;
      }
      const batch = this.state.items
        .filter((item) => item.kind === head.kind && item.group === head.group)
        .slice(0, Math.max(1, handler.batchSize));
      let answers: OutboxAnswer[];
      try {
        answers = await handler.send(batch);
      } catch (failure) {
        report.error = failure instanceof Error ? failure : new Error(String(failure));
        return report;
      }
      const byId = new Map(answers.map((answer) => [answer.clientId, answer]));
      const done = batch.filter((item) => byId.has(item.clientId));
      // A server that answered for none of them would loop forever; stop and retry later.
      if (done.length === 0) return report;
      const rejectedNow: RejectedItem[] = [];
      for (const item of done) {
        const answer = byId.get(item.clientId);
        if (!answer) continue;
        if ('rejected' in answer) rejectedNow.push({ ...item, error: answer.rejected });
        else report.answers.push({ item, result: answer.result });
      }
      const doneIds = new Set(done.map((item) => item.clientId));
      this.state = {
        items: this.state.items.filter((item) => !doneIds.has(item.clientId)),
        rejected: [...this.state.rejected, ...rejectedNow].slice(-REJECTED_KEPT),
      };
      this.save();
      report.sent += done.length;
      report.rejected.push(...rejectedNow);
    }
    return report;
  }

  private load(): Stored {
    const stored = readJson(this.storageKey);
    const items = fieldOf(stored, 'items');
    const rejected = fieldOf(stored, 'rejected');
    const state: Stored = {
      items: Array.isArray(items) ? (items as OutboxItem[]) : [],
      rejected: Array.isArray(rejected) ? (rejected as RejectedItem[]) : [],
    };
    if (this.storageKey !== OUTBOX_KEY) return state;
    // Check-ins queued by an older version of the app, before there was one outbox for all.
    const legacy = readJson(LEGACY_CHECK_IN_KEY);
    if (!Array.isArray(legacy)) return state;
    const known = new Set(state.items.map((item) => item.clientId));
    for (const old of legacy as LegacyCheckIn[]) {
      if (!old?.body?.clientId || known.has(old.body.clientId)) continue;
      state.items.push({
        clientId: old.body.clientId,
        kind: 'check-in',
        group: old.eventId,
        payload: old.body,
        label: old.personName ?? null,
        queuedAt: old.body.at ?? new Date().toISOString(),
      });
    }
    Taro.setStorageSync(this.storageKey, JSON.stringify(state));
    Taro.removeStorageSync(LEGACY_CHECK_IN_KEY);
    return state;
  }

  private save(): void {
    Taro.setStorageSync(this.storageKey, JSON.stringify(this.state));
    const snapshot = [...this.state.items];
    this.listeners.forEach((listener) => listener(snapshot));
  }
}

function readJson(key: string): unknown {
  try {
    const stored: unknown = Taro.getStorageSync(key);
    return typeof stored === 'string' && stored ? JSON.parse(stored) : stored;
  } catch {
    return null;
  }
}

const fieldOf = (value: unknown, key: string): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
