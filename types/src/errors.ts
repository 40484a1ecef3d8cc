import { z } from './zod';

/** Every non-2xx response body: `{ error: { code, message, details? } }`. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Stable error codes shared by cloud and the mini-program. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'BODY_TOO_DEEP',
  'BODY_ENCODING_INVALID',
  'INVALID_CURSOR',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
  'NETWORK',
  'WECHAT_CODE_INVALID',
  'WECHAT_UNAVAILABLE',
  'ACCOUNT_DISABLED',
  'DEV_LOGIN_DISABLED',
  'SWAP_TOKEN_INVALID',
  'SWAP_TOKEN_EXPIRED',
  'SWAP_TOKEN_USED',
  'PERSON_HAS_NO_ACCOUNT',
  // Import of Excel/CSV files (cloud/src/features/imports/README.md).
  'IMPORT_FILE_UNSUPPORTED',
  'IMPORT_FILE_CORRUPT',
  'IMPORT_FILE_EMPTY',
  'IMPORT_HEADER_NOT_FOUND',
  'IMPORT_HEADER_DUPLICATE',
  'IMPORT_TOO_MANY_ROWS',
  'IMPORT_NOT_READY',
  'IMPORT_UNDECIDED_DUPLICATES',
  // Achievements and demands (publishing and review).
  'PUBLISH_FOR_OTHER_ORG',
  'REVIEW_OWN_ITEM',
  'INVALID_STATUS_TRANSITION',
  // Cooperation intents: entering 签约 without a contract; a parent that would close a loop.
  'INTENT_CONTRACT_REQUIRED',
  'INTENT_CHAIN_CYCLE',
  // Matching: a synonym already belongs to another group of the table.
  'SYNONYM_TERM_TAKEN',
  // Web sign-in by scanning (#16): a ticket past its 2 minutes, used twice, or polled by another browser.
  'WEB_TICKET_EXPIRED',
  'WEB_TICKET_USED',
  'WEB_TICKET_WRONG_BROWSER',
  'WEB_TICKET_NEEDS_PHONE',
  // Statistics (#15): a report asked for while a large backlog is still being counted.
  'STATS_CATCHING_UP',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
