import Router from '@koa/router';
import {
  ImportConflictBody,
  ImportDecisionBody,
  ImportIdParams,
  ImportMappingBody,
  ImportRowParams,
  ImportRowsQuery,
  ImportTermBody,
  ImportUploadFields,
} from '@alliance-hub/types';
import type { Logger } from '../../logger';
import { actorOf, allow } from '../../middleware/auth';
import { parseInput, validated } from '../../middleware/validate';
import { MAX_IMPORT_ROWS, MAX_UPLOAD_BYTES } from './import.errors';
import * as choices from './import.choices';
import * as imports from './import.service';
import * as recovery from './import.recovery';
import { readUpload } from './import.upload';

export type ImportRouteOptions = { logger: Logger; maxRows?: number; maxUploadBytes?: number };

export function importRoutes(deps: ImportRouteOptions): Router {
  const router = new Router({ prefix: '/api/v1/imports' });
  const options = { logger: deps.logger, maxRows: deps.maxRows ?? MAX_IMPORT_ROWS };

  // multipart/form-data: exempted from the JSON-only rule in middleware/json-only.ts.
  router.post(
    '/',
    allow('directory.import'),
    validated({ multipart: ImportUploadFields }, async (_input, ctx) => {
      const upload = await readUpload(ctx, deps.maxUploadBytes ?? MAX_UPLOAD_BYTES);
      (ctx.request as { body?: unknown }).body = upload.fields;
      const { body } = parseInput(ctx, { body: ImportUploadFields });
      ctx.status = 202;
      ctx.body = await imports.createImport(actorOf(ctx), { ...upload, target: body.target }, options);
    }),
  );

  router.get(
    '/:id',
    allow('directory.import'),
    validated({ params: ImportIdParams }, async ({ params }, ctx) => {
      ctx.body = await imports.getImport(params.id);
    }),
  );

  router.get(
    '/:id/rows',
    allow('directory.import'),
    validated({ params: ImportIdParams, query: ImportRowsQuery }, async ({ params, query }, ctx) => {
      ctx.body = await imports.listRows(params.id, query);
    }),
  );

  router.put(
    '/:id/mapping',
    allow('directory.import'),
    validated({ params: ImportIdParams, body: ImportMappingBody }, async ({ params, body }, ctx) => {
      ctx.status = 202;
      ctx.body = await imports.changeMapping(params.id, body, options);
    }),
  );

  router.post(
    '/:id/rows/:row/decision',
    allow('directory.import'),
    validated({ params: ImportRowParams, body: ImportDecisionBody }, async ({ params, body }, ctx) => {
      ctx.body = await imports.decide(params.id, params.row, body.action, body.targetId);
    }),
  );

  router.post(
    '/:id/rows/:row/conflicts',
    allow('directory.import'),
    validated({ params: ImportRowParams, body: ImportConflictBody }, async ({ params, body }, ctx) => {
      ctx.body = await choices.chooseConflict(params.id, params.row, body);
    }),
  );

  router.get(
    '/:id/terms',
    allow('directory.import'),
    validated({ params: ImportIdParams }, async ({ params }, ctx) => {
      ctx.body = await choices.listTerms(params.id);
    }),
  );

  router.put(
    '/:id/terms',
    allow('directory.import'),
    validated({ params: ImportIdParams, body: ImportTermBody }, async ({ params, body }, ctx) => {
      ctx.body = await choices.chooseTerm(params.id, body);
    }),
  );

  router.post(
    '/:id/commit',
    allow('directory.import'),
    validated({ params: ImportIdParams }, async ({ params }, ctx) => {
      const { view, started } = await imports.commit(actorOf(ctx), params.id, options);
      ctx.status = started || view.status === 'committing' ? 202 : 200;
      ctx.body = view;
    }),
  );

  // Drops a job that has written nothing yet; cancelling twice is harmless.
  router.post(
    '/:id/cancel',
    allow('directory.import'),
    validated({ params: ImportIdParams }, async ({ params }, ctx) => {
      ctx.body = await recovery.cancelImport(params.id);
    }),
  );

  // Runs a failed dry run again or continues an interrupted commit: 202 when work started.
  router.post(
    '/:id/retry',
    allow('directory.import'),
    validated({ params: ImportIdParams }, async ({ params }, ctx) => {
      const { view, started } = await recovery.retryImport(actorOf(ctx), params.id, options);
      ctx.status = started ? 202 : 200;
      ctx.body = view;
    }),
  );

  return router;
}
