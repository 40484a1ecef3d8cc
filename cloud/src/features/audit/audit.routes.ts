import Router from '@koa/router';
import { AuditListQuery } from '@alliance-hub/types';
import { allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { listAudit } from './audit.service';

export function auditRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/audit' });
  router.get(
    '/',
    allow('audit.read'),
    validated({ query: AuditListQuery }, async ({ query }, ctx) => {
      ctx.body = await listAudit(query);
    }),
  );
  return router;
}
