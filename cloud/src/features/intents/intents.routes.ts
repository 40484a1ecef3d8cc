import Router from '@koa/router';
import {
  IntentBoardQuery,
  IntentCreateBody,
  IntentExportQuery,
  IntentListQuery,
  IntentMatchLeadsQuery,
  IntentReportSignedBody,
  IntentSettingsBody,
  IntentStageBody,
  IntentUpdateBody,
  ObjectIdString,
  z,
} from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { sendXlsx } from '../../lib/xlsx-stream';
import { actorOf, allow } from '../../middleware/auth';
import type { AppState } from '../../middleware/request-context';
import { validated } from '../../middleware/validate';
import { getIntentSettings, saveIntentSettings } from './intent-settings';
import { matchLeads } from './intent.match-leads';
import { exportIntents, intentBoard, listIntents } from './intent.queries';
import * as intents from './intent.service';

const Params = z.strictObject({ id: ObjectIdString });

/** Cooperation intents (合作意向): the pipeline, its board, table, export and chain. */
export function intentRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1/intents' });
  const { clock } = deps;

  // Fixed paths first: /board, /settings, /from-matches and /export.xlsx are not ids.
  router.get(
    '/board',
    allow('intent.read'),
    validated({ query: IntentBoardQuery }, async ({ query }, ctx) => {
      ctx.body = await intentBoard(actorOf(ctx), query, clock);
    }),
  );

  router.get(
    '/settings',
    allow('intent.readInternal'),
    validated({}, async (_input, ctx) => {
      ctx.body = await getIntentSettings();
    }),
  );

  router.put(
    '/settings',
    allow('intent.settings'),
    validated({ body: IntentSettingsBody }, async ({ body }, ctx) => {
      ctx.body = await saveIntentSettings(actorOf(ctx), body, clock);
    }),
  );

  router.get(
    '/from-matches',
    allow('intent.read'),
    validated({ query: IntentMatchLeadsQuery }, async ({ query }, ctx) => {
      ctx.body = await matchLeads(actorOf(ctx), query);
    }),
  );

  router.get(
    '/export.xlsx',
    allow('intent.export'),
    validated({ query: IntentExportQuery }, async ({ query }, ctx) => {
      sendXlsx(ctx, '合作意向', exportIntents(actorOf(ctx), query, clock, (ctx.state as AppState).log));
    }),
  );

  router.get(
    '/',
    allow('intent.read'),
    validated({ query: IntentListQuery }, async ({ query }, ctx) => {
      ctx.body = await listIntents(actorOf(ctx), query, clock);
    }),
  );

  router.post(
    '/',
    allow('intent.create'),
    validated({ body: IntentCreateBody }, async ({ body }, ctx) => {
      const { created, intent } = await intents.createIntent(actorOf(ctx), body, clock);
      ctx.status = created ? 201 : 200;
      ctx.body = intent;
    }),
  );

  router.get(
    '/:id',
    allow('intent.read'),
    validated({ params: Params }, async ({ params }, ctx) => {
      ctx.body = await intents.getIntent(actorOf(ctx), params.id, clock);
    }),
  );

  router.patch(
    '/:id',
    allow('intent.read'),
    validated({ params: Params, body: IntentUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await intents.updateIntent(actorOf(ctx), params.id, body, clock);
    }),
  );

  router.post(
    '/:id/stage',
    allow('intent.read'),
    validated({ params: Params, body: IntentStageBody }, async ({ params, body }, ctx) => {
      ctx.body = await intents.moveStage(actorOf(ctx), params.id, body, clock);
    }),
  );

  router.post(
    '/:id/report-signed',
    allow('intent.read'),
    validated({ params: Params, body: IntentReportSignedBody }, async ({ params, body }, ctx) => {
      ctx.body = await intents.reportSigned(actorOf(ctx), params.id, body, clock);
    }),
  );

  router.get(
    '/:id/chain',
    allow('intent.read'),
    validated({ params: Params }, async ({ params }, ctx) => {
      ctx.body = await intents.getChain(actorOf(ctx), params.id);
    }),
  );

  return router;
}
