import { createHash } from 'node:crypto';
import Router from '@koa/router';
import { Text, z } from '@alliance-hub/types';
import { allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { ensureFieldCodes, listIndustryFields } from './taxonomy.service';

const FieldCreateBody = z.strictObject({ label: Text(20) });

export function taxonomyRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/fields' });

  router.get(
    '/',
    allow('directory.read'),
    validated({}, async (_input, ctx) => {
      // An import or the secretariat may add a field at any moment, and a stale list shows codes:
      // clients revalidate every time, and an unchanged list costs a 304 without a body.
      const body = { items: await listIndustryFields() };
      ctx.set('Cache-Control', 'private, no-cache');
      ctx.etag = createHash('sha1').update(JSON.stringify(body)).digest('base64url');
      ctx.body = body;
      if (ctx.fresh) ctx.status = 304;
    }),
  );

  router.post(
    '/',
    allow('taxonomy.extend'),
    validated({ body: FieldCreateBody }, async ({ body }, ctx) => {
      const [code] = await ensureFieldCodes([body.label]);
      ctx.status = 201;
      ctx.body = (await listIndustryFields()).find((f) => f.code === code);
    }),
  );

  return router;
}
