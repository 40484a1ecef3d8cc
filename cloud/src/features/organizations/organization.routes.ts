import Router from '@koa/router';
import { ObjectIdString, OrgCreateBody, OrgListQuery, OrgUpdateBody, z } from '@alliance-hub/types';
import { actorOf, allow, allowJoined, signedInReads } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as organizations from './organization.service';

const IdParams = z.strictObject({ id: ObjectIdString });

export function organizationRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/organizations' });

  router.get(
    '/',
    allowJoined('directory.read'),
    validated({ query: OrgListQuery }, async ({ query }, ctx) => {
      ctx.body = await organizations.listOrganizations(query, signedInReads(ctx));
    }),
  );

  router.get(
    '/:id',
    allow('directory.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      ctx.body = await organizations.getOrganization(actorOf(ctx), params.id);
    }),
  );

  router.post(
    '/',
    allow('organization.create'),
    validated({ body: OrgCreateBody }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await organizations.createOrganization(actorOf(ctx), body);
    }),
  );

  // The resource-level rule (own organization) is checked in the service, which loads the record.
  router.patch(
    '/:id',
    allow('directory.read'),
    validated({ params: IdParams, body: OrgUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await organizations.updateOrganization(actorOf(ctx), params.id, body);
    }),
  );

  return router;
}
