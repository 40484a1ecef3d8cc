import Router from '@koa/router';
import { EmptyBody, ObjectIdString, RejectBody, z } from '@alliance-hub/types';
import type { Actor } from '../../policy/policy';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';

const IdParams = z.strictObject({ id: ObjectIdString });
// Action endpoints accept no body or `{}`; anything else is refused like every other body.
const ActionBody = z.preprocess((v) => v ?? {}, EmptyBody);

type Service<C, U, Q, Item, Detail> = {
  list(actor: Actor, query: Q): Promise<{ items: Item[]; nextCursor: string | null }>;
  get(actor: Actor, id: string): Promise<Detail>;
  create(actor: Actor, body: C): Promise<Detail>;
  update(actor: Actor, id: string, body: U): Promise<Detail>;
  submit(actor: Actor, id: string): Promise<Detail>;
  approve(actor: Actor, id: string): Promise<Detail>;
  reject(actor: Actor, id: string, reason: string): Promise<Detail>;
  archive(actor: Actor, id: string): Promise<Detail>;
};

/**
 * The same eight endpoints for achievements and demands. The route gate is the role-level rule;
 * the services check the record (own organization, own item, visibility).
 */
export function publicationRoutes<C, U, Q, Item, Detail>(options: {
  prefix: string;
  schemas: { create: z.ZodType<C>; update: z.ZodType<U>; list: z.ZodType<Q> };
  service: Service<C, U, Q, Item, Detail>;
}): Router {
  const { schemas, service } = options;
  const router = new Router({ prefix: options.prefix });

  router.get(
    '/',
    allow('publication.read'),
    validated({ query: schemas.list }, async ({ query }, ctx) => {
      ctx.body = await service.list(actorOf(ctx), query);
    }),
  );

  router.post(
    '/',
    allow(),
    validated({ body: schemas.create }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await service.create(actorOf(ctx), body);
    }),
  );

  router.get(
    '/:id',
    allow('publication.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      ctx.body = await service.get(actorOf(ctx), params.id);
    }),
  );

  router.patch(
    '/:id',
    allow(),
    validated({ params: IdParams, body: schemas.update }, async ({ params, body }, ctx) => {
      ctx.body = await service.update(actorOf(ctx), params.id, body);
    }),
  );

  for (const action of ['submit', 'approve', 'archive'] as const) {
    router.post(
      `/:id/${action}`,
      allow(),
      validated({ params: IdParams, body: ActionBody }, async ({ params }, ctx) => {
        ctx.body = await service[action](actorOf(ctx), params.id);
      }),
    );
  }

  router.post(
    '/:id/reject',
    allow(),
    validated({ params: IdParams, body: RejectBody }, async ({ params, body }, ctx) => {
      ctx.body = await service.reject(actorOf(ctx), params.id, body.reason);
    }),
  );

  return router;
}
