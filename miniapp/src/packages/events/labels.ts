import type { RegistrationStatus } from '@alliance-hub/types';

/** Tag colour per registration status. */
export const STATUS_TONE: Record<RegistrationStatus, string> = {
  registered: 'success',
  pending: 'warning',
  waitlisted: 'warning',
  cancelled: 'muted',
  rejected: 'muted',
};

export const TRANSPORT_LABELS = { pickup: '需要接站', self: '自行前往' } as const;

export const eventUrl = (page: 'detail' | 'edit' | 'entry' | 'door' | 'attendees' | 'list', id?: string) =>
  `/packages/events/${page}/index${id ? `?id=${encodeURIComponent(id)}` : ''}`;
