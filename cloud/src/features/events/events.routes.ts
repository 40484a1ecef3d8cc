import Router from '@koa/router';
import {
  AttendeeListQuery,
  CheckInBatchBody,
  CheckInBody,
  EventCreateBody,
  EventListQuery,
  EventUpdateBody,
  ObjectIdString,
  RegistrationBody,
  SelfCheckInBody,
  z,
} from '@alliance-hub/types';
import type { Middleware } from 'koa';
import { actorOf, allow } from '../../middleware/auth';
import { rateLimit } from '../../middleware/rate-limit';
import { validated } from '../../middleware/validate';
import { sendXlsx } from '../../lib/xlsx-stream';
import type { AppState } from '../../middleware/request-context';
import { exportSignInSheet } from './sign-in-sheet';
import * as checkIns from './check-in.service';
import * as events from './event.service';
import * as registrations from './registration.service';

const IdParams = z.strictObject({ id: ObjectIdString });
const RegistrationParams = z.strictObject({ id: ObjectIdString, registrationId: ObjectIdString });

/**
 * Searching attendees (by name or mobile tail) is budgeted per staff user, not per IP: a door
 * phone may share a venue's NAT, and a person probing one attendee after another is the abuse.
 */
export const ATTENDEE_LOOKUPS_PER_MINUTE = 60;
const lookupLimit = rateLimit({
  name: 'attendee-lookup',
  limit: ATTENDEE_LOOKUPS_PER_MINUTE,
  windowSeconds: 60,
  keyOf: (ctx) => actorOf(ctx).id.toHexString(),
});
const limitLookups: Middleware = (ctx, next) => (ctx.query.q ? lookupLimit(ctx, next) : next());

export function eventRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/events' });

  router.get(
    '/',
    allow('event.read'),
    validated({ query: EventListQuery }, async ({ query }, ctx) => {
      ctx.body = await events.listEvents(actorOf(ctx), query);
    }),
  );

  router.post(
    '/',
    allow('event.manage'),
    validated({ body: EventCreateBody }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await events.createEvent(actorOf(ctx), body);
    }),
  );

  router.get(
    '/:id',
    allow('event.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      ctx.body = await events.getEvent(actorOf(ctx), params.id);
    }),
  );

  // PATCH changes only the fields named; PUT is kept as the same partial update for older clients.
  for (const method of ['patch', 'put'] as const) {
    router[method](
      '/:id',
      allow('event.manage'),
      validated({ params: IdParams, body: EventUpdateBody }, async ({ params, body }, ctx) => {
        ctx.body = await events.updateEvent(actorOf(ctx), params.id, body);
      }),
    );
  }

  router.post(
    '/:id/registrations',
    allow('event.register'),
    validated({ params: IdParams, body: RegistrationBody }, async ({ params, body }, ctx) => {
      const result = await registrations.register(actorOf(ctx), params.id, body);
      ctx.status = result.created ? 201 : 200;
      ctx.body = result.registration;
    }),
  );

  router.post(
    '/:id/registrations/:registrationId/cancel',
    allow('event.register'),
    validated({ params: RegistrationParams }, async ({ params }, ctx) => {
      ctx.body = await registrations.cancelRegistration(actorOf(ctx), params.id, params.registrationId);
    }),
  );

  for (const [path, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    router.post(
      `/:id/registrations/:registrationId/${path}`,
      // The role gate here; whether this event is theirs to decide is checked on the loaded event.
      allow('registration.decide'),
      validated({ params: RegistrationParams }, async ({ params }, ctx) => {
        ctx.body = await registrations.decideRegistration(
          actorOf(ctx),
          params.id,
          params.registrationId,
          approve,
        );
      }),
    );
  }

  // Staff screens: the service checks that the actor is on this event's staff.
  router.get(
    '/:id/attendees',
    allow('event.read'),
    limitLookups,
    validated({ params: IdParams, query: AttendeeListQuery }, async ({ params, query }, ctx) => {
      const event = await events.loadEvent(params.id);
      checkIns.assertCanCheckIn(actorOf(ctx), event);
      ctx.body = await registrations.listAttendees(event._id, query);
    }),
  );

  router.get(
    '/:id/roster',
    allow('event.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      const event = await events.loadEvent(params.id);
      checkIns.assertCanCheckIn(actorOf(ctx), event);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await checkIns.roster(event);
    }),
  );

  router.get(
    '/:id/door',
    allow('event.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      const event = await events.loadEvent(params.id);
      checkIns.assertCanCheckIn(actorOf(ctx), event);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await checkIns.doorView(event);
    }),
  );

  router.get(
    '/:id/sign-in-sheet.xlsx',
    allow('event.read'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      const event = await events.loadEvent(params.id);
      checkIns.assertCanCheckIn(actorOf(ctx), event);
      sendXlsx(ctx, `${event.title}-签到表`, exportSignInSheet(event, (ctx.state as AppState).log));
    }),
  );

  router.post(
    '/:id/check-ins',
    allow('event.read'),
    validated({ params: IdParams, body: CheckInBody }, async ({ params, body }, ctx) => {
      const event = await events.loadEventForDoor(params.id);
      checkIns.assertCanCheckIn(actorOf(ctx), event);
      const result = await checkIns.checkIn(actorOf(ctx), event, body);
      ctx.status = result.outcome === 'rejected' ? (result.error?.code === 'NOT_FOUND' ? 404 : 409) : 200;
      ctx.body = result;
    }),
  );

  router.post(
    '/:id/check-ins/batch',
    allow('event.read'),
    validated({ params: IdParams, body: CheckInBatchBody }, async ({ params, body }, ctx) => {
      const event = await events.loadEventForDoor(params.id);
      checkIns.assertCanCheckIn(actorOf(ctx), event);
      ctx.body = { results: await checkIns.checkInBatch(actorOf(ctx), event, body.items) };
    }),
  );

  router.post(
    '/:id/self-check-in',
    allow('event.register'),
    validated({ params: IdParams, body: SelfCheckInBody }, async ({ params, body }, ctx) => {
      ctx.body = await checkIns.selfCheckIn(actorOf(ctx), params.id, body.eventCode, body.clientId);
    }),
  );

  return router;
}
