import pino, { type Logger } from 'pino';

export type { Logger };

/** Keys that must never reach a log line (WeChat secrets, session keys, tokens). */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.secret',
  '*.session_key',
  '*.sessionKey',
  '*.token',
  '*.access_token',
];

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: undefined,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
