import Router from '@koa/router';
import { ObjectIdString, PersonCreateBody, PersonListQuery, PersonUpdateBody, z } from '@alliance-hub/types';
import { actorOf, allow, allowJoined, signedInReads } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as people from './person.service';

const IdParams = z.strictObject({ id: ObjectIdString });

export function personRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/people' });

  router.get(
    '/',
    allowJoined('directory.read'),
    validated({ query: PersonListQuery }, async ({ query }, ctx) => {
      ctx.body = await people.listPeople(query, signedInReads(ctx));
    }),
  );

  router.get(
    '/:id',
    allow('directory.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      ctx.body = await people.getPerson(actorOf(ctx), params.id);
    }),
  );

  router.post(
    '/',
    allow('person.create'),
    validated({ body: PersonCreateBody }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await people.createPerson(actorOf(ctx), body);
    }),
  );

  // The resource-level rule (own person record) is checked in the service, which loads the record.
  router.patch(
    '/:id',
    allow('directory.read'),
    validated({ params: IdParams, body: PersonUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await people.updatePerson(actorOf(ctx), params.id, body);
    }),
  );

  return router;
}
