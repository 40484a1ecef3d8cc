import Router from '@koa/router';
import { Text, z } from '@alliance-hub/types';
import { allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { ensureFieldCodes, listIndustryFields } from './taxonomy.service';

const FieldCreateBody = z.strictObject({ label: Text(20) });

export function taxonomyRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/fields' });

  router.get('/', allow('directory.read'), async (ctx) => {
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.body = { items: await listIndustryFields() };
  });

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
