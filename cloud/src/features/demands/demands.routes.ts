import type Router from '@koa/router';
import { DemandCreateBody, DemandListQuery, DemandUpdateBody } from '@alliance-hub/types';
import { publicationRoutes } from '../publications/publication.routes';
import { demands } from './demand.service';

export function demandRoutes(): Router {
  return publicationRoutes({
    prefix: '/api/v1/demands',
    schemas: { create: DemandCreateBody, update: DemandUpdateBody, list: DemandListQuery },
    service: demands,
  });
}
