import type Router from '@koa/router';
import { AchievementCreateBody, AchievementListQuery, AchievementUpdateBody } from '@alliance-hub/types';
import { publicationRoutes } from '../publications/publication.routes';
import { achievements } from './achievement.service';

export function achievementRoutes(): Router {
  return publicationRoutes({
    prefix: '/api/v1/achievements',
    schemas: { create: AchievementCreateBody, update: AchievementUpdateBody, list: AchievementListQuery },
    service: achievements,
  });
}
