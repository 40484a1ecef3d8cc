import Router from '@koa/router';
import type { Context } from 'koa';
import { OrgExportQuery, PersonExportQuery } from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import type { AppState } from '../../middleware/request-context';
import { exportOrganizations, exportPeople, type XlsxStream } from './export.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(ctx: Context, baseName: string, file: XlsxStream) {
  const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const name = `${baseName}-${date}.xlsx`;
  ctx.set('Content-Type', XLSX);
  // RFC 6266: an ASCII fallback plus the UTF-8 Chinese name.
  ctx.set(
    'Content-Disposition',
    `attachment; filename="export-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  ctx.set('Cache-Control', 'no-store');
  ctx.body = file.stream;
}

export function exportRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/exports' });

  router.get(
    '/organizations.xlsx',
    allow('directory.export'),
    validated({ query: OrgExportQuery }, async ({ query }, ctx) => {
      sendXlsx(ctx, '单位名录', exportOrganizations(query, (ctx.state as AppState).log));
    }),
  );

  router.get(
    '/people.xlsx',
    allow('directory.export'),
    validated({ query: PersonExportQuery }, async ({ query }, ctx) => {
      sendXlsx(ctx, '人员名录', exportPeople(actorOf(ctx), query, (ctx.state as AppState).log));
    }),
  );

  return router;
}
