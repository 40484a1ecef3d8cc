import Koa from 'koa';
import Router from '@koa/router';
import type { Config } from './config';
import type { Database } from './database';
import type { Logger } from './logger';
import { notFound } from './errors';
import { clientAddress } from './middleware/client-address';
import { errorHandler } from './middleware/error-handler';
import { jsonBody } from './middleware/json-body';
import { jsonOnly } from './middleware/json-only';
import { methodOverride } from './middleware/method-override';
import { requestContext, type AppState } from './middleware/request-context';
import { routesUnderPrefix } from './middleware/routes-under-prefix';
import { corsPolicy, securityHeaders } from './middleware/security-headers';
import { serveH5 } from './static-h5';
import { healthRoutes } from './features/health/health.routes';
import { authRoutes } from './features/auth/auth.routes';
import { applicationRoutes } from './features/applications/application.routes';
import { userRoutes } from './features/users/user.routes';
import { auditRoutes } from './features/audit/audit.routes';
import { importRoutes } from './features/imports/import.routes';
import { exportRoutes } from './features/imports/export.routes';
import { organizationRoutes } from './features/organizations/organization.routes';
import { personRoutes } from './features/people/person.routes';
import { taxonomyRoutes } from './features/taxonomy/taxonomy.routes';
import { cardRoutes } from './features/cards/cards.routes';
import { encounterRoutes } from './features/interactions/encounter.routes';
import { interactionRoutes } from './features/interactions/interactions.routes';
import { taskRoutes } from './features/tasks/tasks.routes';
import { intentRoutes } from './features/intents/intents.routes';
import { timelineRoutes } from './features/timeline/timeline.routes';
import { reminderRoutes } from './features/reminders/reminders.routes';
import { systemClock, type Clock } from './lib/clock';
import { eventRoutes } from './features/events/events.routes';
import { achievementRoutes } from './features/achievements/achievements.routes';
import { demandRoutes } from './features/demands/demands.routes';
import { selectionRoutes } from './features/selections/selections.routes';
import { matchingRoutes } from './features/matching/matching.routes';
import { interestRoutes } from './features/selections/interests.routes';
import { statsRoutes, targetRoutes } from './features/stats/stats.routes';
import { reportRoutes } from './features/stats/reports.routes';
import { openApiRoutes } from './features/openapi/openapi.routes';
import type { WechatClient } from './wechat/wechat-client';
import type { Lifecycle } from './lifecycle';

export type AppDeps = {
  config: Config;
  logger: Logger;
  database: Database;
  wechat: WechatClient;
  /** "Now" for due dates and reminders; tests pass a clock they move. */
  clock?: Clock;
  /** Readiness (indexes checked, draining); server.ts owns it. */
  lifecycle?: Lifecycle;
};

/** Builds the Koa app without listening, so tests drive it through supertest directly. */
export function createApp(deps: AppDeps): Koa<AppState> {
  // Forwarded headers count only from TRUSTED_PROXIES; clientAddress() enforces it per request.
  const app = new Koa<AppState>({ proxy: deps.config.trustedProxies.length > 0 });
  app.use(clientAddress(deps.config.trustedProxies));
  app.use(requestContext(deps.logger));
  app.use(securityHeaders(deps.config.h5Dir));
  app.use(errorHandler());
  app.use(corsPolicy(deps.config.corsOrigins));
  app.use(methodOverride());
  app.use(jsonOnly());
  app.use(jsonBody({ limit: deps.config.bodyLimit }));

  const clock = deps.clock ?? systemClock;
  const api = [
    healthRoutes(deps),
    authRoutes(deps),
    applicationRoutes(),
    userRoutes(),
    auditRoutes(),
    importRoutes(deps),
    exportRoutes(),
    organizationRoutes(),
    personRoutes(),
    taxonomyRoutes(),
    cardRoutes(deps),
    encounterRoutes(),
    // After encounterRoutes: its /interactions/encounters must win over /interactions/:id.
    interactionRoutes({ clock }),
    taskRoutes({ clock }),
    intentRoutes({ clock }),
    timelineRoutes(),
    reminderRoutes({ clock }),
    eventRoutes(),
    achievementRoutes(),
    demandRoutes(),
    selectionRoutes(),
    interestRoutes(),
    statsRoutes({ clock }),
    targetRoutes(),
    reportRoutes({ clock }),
    matchingRoutes({ clock }),
    openApiRoutes({ version: deps.config.version }),
  ];
  for (const router of api) app.use(routesUnderPrefix(router)).use(router.allowedMethods({ throw: false }));

  const apiFallback = new Router({ prefix: '/api' });
  apiFallback.all('/{*rest}', () => {
    throw notFound('接口');
  });
  app.use(apiFallback.routes());

  app.use(serveH5(deps.config.h5Dir));
  // Koa's default error listener prints to stderr; the error handler already logged it.
  app.silent = true;
  return app;
}
