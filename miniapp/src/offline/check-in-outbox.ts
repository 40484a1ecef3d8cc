import type { CheckInBody, CheckInResultView } from '@alliance-hub/types';
import type { ApiError } from '../utils/api-error';
import type { Outbox, OutboxHandler } from './outbox';

/**
 * The door's view of the app's one outbox: check-ins recorded without a network, sent in order
 * through the batch endpoint once the phone is back (the same event's check-ins in one call).
 */

export const CHECK_IN_KIND = 'check-in';

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

/** The server takes up to 1000; smaller batches keep one request short on venue Wi-Fi. */
export const BATCH_SIZE = 200;

/** Sends one event's queued check-ins through the batch endpoint; the server answers per client id. */
export function checkInHandler(send: SendBatch): OutboxHandler {
  return {
    batchSize: BATCH_SIZE,
    async send(items) {
      const { results } = await send(
        items[0].group,
        items.map((item) => item.payload as CheckInBody),
      );
      return results.map((result) => ({ clientId: result.clientId, result }));
    },
  };
}

export class CheckInOutbox {
  constructor(private readonly outbox: Outbox) {}

  /** Queued check-ins, oldest first; optionally for one event. */
  pending(eventId?: string): QueuedCheckIn[] {
    return this.outbox.pending(CHECK_IN_KIND, eventId).map((item) => ({
      eventId: item.group,
      body: item.payload as CheckInBody,
      personName: item.label,
    }));
  }

  count(eventId?: string): number {
    return this.outbox.count(CHECK_IN_KIND, eventId);
  }

  /** The queued check-in for this entry code or registration, so a second offline scan is not queued twice. */
  findQueued(eventId: string, key: { entryCode?: string; registrationId?: string }): QueuedCheckIn | null {
    return (
      this.pending(eventId).find(
        (item) =>
          (key.entryCode && item.body.entryCode === key.entryCode) ||
          (key.registrationId && item.body.registrationId === key.registrationId),
      ) ?? null
    );
  }

  enqueue(item: QueuedCheckIn): void {
    this.outbox.enqueue({
      clientId: item.body.clientId,
      kind: CHECK_IN_KIND,
      group: item.eventId,
      payload: item.body,
      label: item.personName,
      queuedAt: item.body.at,
    });
  }

  subscribe(listener: (items: QueuedCheckIn[]) => void): () => void {
    return this.outbox.subscribe(() => listener(this.pending()));
  }

  /** Flushes the whole outbox (in order) and reports what happened to the check-ins. */
  async flush(): Promise<FlushReport> {
    const report = await this.outbox.flush();
    const results = report.answers
      .filter((answer) => answer.item.kind === CHECK_IN_KIND)
      .map((answer) => answer.result as CheckInResultView);
    return { sent: results.length, results, error: report.error };
  }
}
