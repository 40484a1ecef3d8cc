import Router from '@koa/router';
import {
  CardRequestBody,
  CardRequestListQuery,
  CardUpdateBody,
  ContactListQuery,
  ContactNoteBody,
  ObjectIdString,
  SwapBody,
  z,
} from '@alliance-hub/types';
import type { AppDeps } from '../../app';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as cards from './card.service';
import * as contacts from './contact.service';
import * as exchange from './exchange.service';

const IdParams = z.strictObject({ id: ObjectIdString });
const TokenParams = z.strictObject({ token: z.string().min(10).max(64) });

export function cardRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/v1' });
  const { swapTokenSecret: secret, swapTokenTtlSeconds: ttl } = deps.config;

  router.get(
    '/me/card',
    allow('card.manage'),
    validated({}, async (_input, ctx) => {
      ctx.body = await cards.getMyCard(actorOf(ctx));
    }),
  );

  router.put(
    '/me/card',
    allow('card.manage'),
    validated({ body: CardUpdateBody }, async ({ body }, ctx) => {
      ctx.body = await cards.updateMyCard(actorOf(ctx), body);
    }),
  );

  router.post(
    '/me/card/tokens',
    allow('card.manage'),
    validated({}, async (_input, ctx) => {
      ctx.status = 201;
      ctx.body = await cards.issueSwapToken(actorOf(ctx), ctx.origin, ttl, secret);
    }),
  );

  router.get(
    '/me/card/tokens/:token',
    allow('card.manage'),
    validated({ params: TokenParams }, async ({ params }, ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await cards.swapTokenStatus(actorOf(ctx), params.token, secret);
    }),
  );

  router.get(
    '/me/card/tokens/:token/wxacode',
    allow('card.manage'),
    validated({ params: TokenParams }, async ({ params }, ctx) => {
      const { image, contentType } = await cards.swapTokenWxaCode(
        actorOf(ctx),
        params.token,
        secret,
        deps.wechat,
      );
      ctx.type = contentType;
      ctx.body = image;
    }),
  );

  router.post(
    '/cards/swap',
    allow('card.manage'),
    validated({ body: SwapBody }, async ({ body }, ctx) => {
      ctx.body = await exchange.swapCards(actorOf(ctx), body.token, secret);
    }),
  );

  router.post(
    '/cards/requests',
    allow('card.manage'),
    validated({ body: CardRequestBody }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await exchange.requestCard(actorOf(ctx), body.personId, body.message);
    }),
  );

  router.get(
    '/cards/requests',
    allow('card.manage'),
    validated({ query: CardRequestListQuery }, async ({ query }, ctx) => {
      ctx.body = { items: await exchange.listCardRequests(actorOf(ctx), query.box) };
    }),
  );

  for (const [path, approve] of [
    ['approve', true],
    ['decline', false],
  ] as const) {
    router.post(
      `/cards/requests/:id/${path}`,
      allow('card.manage'),
      validated({ params: IdParams }, async ({ params }, ctx) => {
        ctx.body = await exchange.decideCardRequest(actorOf(ctx), params.id, approve);
      }),
    );
  }

  router.get(
    '/contacts',
    allow('card.manage'),
    validated({ query: ContactListQuery }, async ({ query }, ctx) => {
      ctx.body = await contacts.listContacts(actorOf(ctx), query);
    }),
  );

  router.patch(
    '/contacts/:id',
    allow('card.manage'),
    validated({ params: IdParams, body: ContactNoteBody }, async ({ params, body }, ctx) => {
      ctx.body = await contacts.setContactNote(actorOf(ctx), params.id, body.note);
    }),
  );

  router.delete(
    '/contacts/:id',
    allow('card.manage'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      await contacts.removeContact(actorOf(ctx), params.id);
      ctx.status = 204;
    }),
  );

  return router;
}
