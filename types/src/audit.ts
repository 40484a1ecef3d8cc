import { z } from './zod';
import { PageQuery } from './pagination';

export const AUDIT_ENTITY_TYPES = [
  'user',
  'application',
  'organization',
  'person',
  'achievement',
  'demand',
  'selection',
  'interest',
  'interaction',
  'task',
  'target',
  'intent',
  'synonym',
] as const;
export const AuditEntityType = z.enum(AUDIT_ENTITY_TYPES);

export const AuditListQuery = PageQuery.extend({
  entityType: AuditEntityType.optional(),
  entityId: z
    .string()
    .regex(/^[a-f\d]{24}$/i)
    .optional(),
}).strict();
export type AuditListQuery = z.infer<typeof AuditListQuery>;

export const AuditView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  action: z.string(),
  entity: z.object({ type: AuditEntityType, id: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditView = z.infer<typeof AuditView>;
