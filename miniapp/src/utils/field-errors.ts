import type { z } from '@alliance-hub/types';
import { ApiError } from './api-error';

/** Field path (e.g. "applicant.mobile") → message, for FormField's `error`. */
export type FieldErrors = Record<string, string>;

/**
 * Errors from the same zod schema the server uses, keyed like the server's details
 * (without the "body." prefix), so client and server messages land on the same fields.
 */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}

/** The server's 400 details (`[{ path: 'body.applicant.mobile', message }]`) as FieldErrors. */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: FieldErrors = {};
  for (const item of error.details as Array<{ path?: unknown; message?: unknown }>) {
    if (typeof item?.path !== 'string' || typeof item.message !== 'string') continue;
    out[item.path.replace(/^(body|query|params)\./, '')] ??= item.message;
  }
  return out;
}
