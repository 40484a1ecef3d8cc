import Router from '@koa/router';
import type { Context } from 'koa';
import { StatYearParams } from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { reportData } from './report.data';
import type { reportDocument as ReportDocument } from './report-docx';
import type { reportWorkbook as ReportWorkbook } from './report-xlsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function attach(ctx: Context, type: string, year: number, ext: string, body: Buffer) {
  ctx.set('Content-Type', type);
  // RFC 6266: an ASCII fallback plus the UTF-8 Chinese name.
  const name = `${year}年度统计报告.${ext}`;
  ctx.set(
    'Content-Disposition',
    `attachment; filename="report-${year}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  ctx.body = body;
}

/** The annual report, as a workbook and as a Word document. */
export function reportRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1/reports' });

  router.get(
    '/:year.xlsx',
    allow('report.export'),
    validated({ params: StatYearParams }, async ({ params }, ctx) => {
      const data = await reportData(actorOf(ctx), params.year, deps.clock());
      // The report builders load exceljs and docx, which cost a start ~0.8 s of CPU: on first use.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { reportWorkbook } = require('./report-xlsx') as { reportWorkbook: typeof ReportWorkbook };
      attach(ctx, XLSX, params.year, 'xlsx', await reportWorkbook(data));
    }),
  );

  router.get(
    '/:year.docx',
    allow('report.export'),
    validated({ params: StatYearParams }, async ({ params }, ctx) => {
      const data = await reportData(actorOf(ctx), params.year, deps.clock());
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { reportDocument } = require('./report-docx') as { reportDocument: typeof ReportDocument };
      attach(ctx, DOCX, params.year, 'docx', await reportDocument(data, '产学研联盟'));
    }),
  );

  return router;
}
