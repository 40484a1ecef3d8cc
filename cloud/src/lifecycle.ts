import type { IndexReportView } from '@alliance-hub/types';

/**
 * What this process knows about its own fitness for traffic: server.ts moves it (indexes checked
 * after listening, draining on SIGTERM) and GET /api/v1/health/ready reads it.
 */
export type Lifecycle = {
  /** Set on shutdown: readiness turns 503 so a load balancer stops sending new requests. */
  draining: boolean;
  /** Null until the start-up index pass has run. */
  indexes: IndexReportView | null;
};

export const createLifecycle = (): Lifecycle => ({ draining: false, indexes: null });
