import { z } from './zod';

export const DATABASE_STATES = ['up', 'down', 'connecting'] as const;
export const DATABASE_STATE_LABELS: Record<(typeof DATABASE_STATES)[number], string> = {
  up: '正常',
  down: '不可用',
  connecting: '连接中',
};

export const HealthView = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  time: z.string(),
  database: z.object({
    state: z.enum(DATABASE_STATES),
    kind: z.enum(['embedded', 'external']),
  }),
});
export type HealthView = z.infer<typeof HealthView>;
