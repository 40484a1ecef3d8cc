import { z } from './zod';
import { PageQuery } from './pagination';
import { IsoDateTime, ObjectIdString } from './common';

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
  /** Who did it (a user id). */
  actorId: ObjectIdString.optional(),
  /** An action or its prefix: `organization` matches organization.create and organization.update. */
  action: z
    .string()
    .regex(/^[a-z][\w.]{0,59}$/i, '操作类型格式不正确')
    .optional(),
  /** When, inclusive from, exclusive to (ISO-8601). */
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
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
