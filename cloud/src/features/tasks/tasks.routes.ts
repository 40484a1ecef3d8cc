import Router from '@koa/router';
import {
  ObjectIdString,
  TaskCompleteBody,
  TaskCreateBody,
  TaskListQuery,
  TaskReassignBody,
  StaleIntentsQuery,
  TaskSelectionsQuery,
  TaskSnoozeBody,
  TaskUpdateBody,
  z,
} from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { listOpenLeads } from '../selections/selection-leads';
import { completeTaskWithLog } from './task-completion';
import { staleIntents } from './stale-intents';
import * as tasks from './task.service';

const Params = z.strictObject({ id: ObjectIdString });

/** Follow-ups (我的待办) for coordinators and the secretariat. */
export function taskRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1/tasks' });

  router.get(
    '/',
    allow('task.use'),
    validated({ query: TaskListQuery }, async ({ query }, ctx) => {
      ctx.body = await tasks.listTasks(actorOf(ctx), query, deps.clock);
    }),
  );

  router.post(
    '/',
    allow('task.use'),
    validated({ body: TaskCreateBody }, async ({ body }, ctx) => {
      const { created, task } = await tasks.createTask(actorOf(ctx), body, deps.clock);
      ctx.status = created ? 201 : 200;
      ctx.body = task;
    }),
  );

  // Before '/:id': 点菜式 leads not yet handled, at the events I work (all, for the secretariat).
  router.get(
    '/selections',
    allow('task.use'),
    validated({ query: TaskSelectionsQuery }, async ({ query }, ctx) => {
      ctx.body = await listOpenLeads(actorOf(ctx), query);
    }),
  );

  // Intents I own that went cold (everyone's with scope=all), from the intents feature.
  router.get(
    '/stale-intents',
    allow('task.use'),
    validated({ query: StaleIntentsQuery }, async ({ query }, ctx) => {
      const mine = query.scope === 'mine' ? { ownerId: actorOf(ctx).id } : {};
      ctx.body = { items: await staleIntents(mine, deps.clock()) };
    }),
  );

  router.get(
    '/:id',
    allow('task.use'),
    validated({ params: Params }, async ({ params }, ctx) => {
      ctx.body = await tasks.getTask(actorOf(ctx), params.id, deps.clock);
    }),
  );

  router.patch(
    '/:id',
    allow('task.use'),
    validated({ params: Params, body: TaskUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await tasks.updateTask(actorOf(ctx), params.id, body, deps.clock);
    }),
  );

  router.post(
    '/:id/complete',
    allow('task.use'),
    validated({ params: Params, body: TaskCompleteBody }, async ({ params, body }, ctx) => {
      ctx.body = await completeTaskWithLog(actorOf(ctx), params.id, body, deps.clock);
    }),
  );

  router.post(
    '/:id/snooze',
    allow('task.use'),
    validated({ params: Params, body: TaskSnoozeBody }, async ({ params, body }, ctx) => {
      ctx.body = await tasks.snoozeTask(actorOf(ctx), params.id, body, deps.clock);
    }),
  );

  router.post(
    '/:id/reassign',
    allow('task.use'),
    validated({ params: Params, body: TaskReassignBody }, async ({ params, body }, ctx) => {
      ctx.body = await tasks.reassignTask(actorOf(ctx), params.id, body, deps.clock);
    }),
  );

  return router;
}
