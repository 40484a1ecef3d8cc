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
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
  'NETWORK',
  'WECHAT_CODE_INVALID',
  'WECHAT_UNAVAILABLE',
  'ACCOUNT_DISABLED',
  'DEV_LOGIN_DISABLED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
