import Router from '@koa/router';
import type { Types } from 'mongoose';
import { EncounterListQuery, type EncounterView } from '@alliance-hub/types';
import { afterCursor, pageFrom } from '../../lib/pagination';
import { allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { InteractionModel } from './interaction.model';

type EncounterLean = {
  _id: Types.ObjectId;
  at: Date;
  eventId?: { _id: Types.ObjectId; title: string } | null;
  personIds: Array<{ name: string; orgId?: { name: string } | null }>;
};

/** Who met whom (card exchanges), names and organizations only: never contact fields. */
function presentEncounter(doc: EncounterLean): EncounterView {
  return {
    id: doc._id.toHexString(),
    at: doc.at.toISOString(),
    event: doc.eventId ? { id: doc.eventId._id.toHexString(), title: doc.eventId.title } : null,
    people: doc.personIds.map((p) => ({ name: p.name, organization: p.orgId?.name ?? null })),
  };
}

export function encounterRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/interactions' });
  router.get(
    '/encounters',
    allow('encounter.read'),
    validated({ query: EncounterListQuery }, async ({ query }, ctx) => {
      const filter: Record<string, unknown> = { type: 'card_exchange' };
      if (query.eventId) filter.eventId = query.eventId;
      const docs = await InteractionModel.find(afterCursor(filter, query.cursor))
        .sort({ _id: -1 })
        .limit(query.limit + 1)
        .populate('eventId', 'title')
        .populate({ path: 'personIds', select: 'name orgId', populate: { path: 'orgId', select: 'name' } })
        .lean<EncounterLean[]>();
      ctx.body = pageFrom(docs, query.limit, presentEncounter);
    }),
  );
  return router;
}
