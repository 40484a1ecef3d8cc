import { PUBLICATION_STATUS_LABELS, type PublicationStatus } from '@alliance-hub/types';
import { AppError } from '../../errors';

/**
 * draft → pending → published | rejected → archived. A rejected item is edited and submitted
 * again; anything not yet archived can be archived (withdrawn) by its owner or the staff.
 */
export const TRANSITIONS = {
  submit: { from: ['draft', 'rejected'], to: 'pending', verb: '提交审核' },
  approve: { from: ['pending'], to: 'published', verb: '审核通过' },
  reject: { from: ['pending'], to: 'rejected', verb: '退回' },
  archive: { from: ['draft', 'pending', 'published', 'rejected'], to: 'archived', verb: '下架' },
} as const satisfies Record<string, { from: PublicationStatus[]; to: PublicationStatus; verb: string }>;
export type Transition = keyof typeof TRANSITIONS;

export function invalidTransition(status: PublicationStatus, verb: string): AppError {
  return new AppError(
    409,
    'INVALID_STATUS_TRANSITION',
    `当前状态为「${PUBLICATION_STATUS_LABELS[status]}」，不能${verb}`,
    { status },
  );
}

export function assertTransition(status: PublicationStatus, transition: Transition): void {
  const rule = TRANSITIONS[transition];
  if (!(rule.from as readonly PublicationStatus[]).includes(status))
    throw invalidTransition(status, rule.verb);
}

/** Fields whose change makes a published item a different offer: it goes back to review. */
export const SHARED_SUBSTANTIVE_KEYS = ['title', 'fields', 'keywords'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The keys of `body` whose value differs from the stored one. */
export function changedKeys(before: Record<string, unknown>, body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((key) => body[key] !== undefined && !same(before[key], body[key]));
}
