import type {
  AchievementCreateInput,
  AchievementDetailView,
  AchievementListItemView,
  AchievementListQuery,
  AchievementUpdateInput,
} from '@alliance-hub/types';
import { createPublicationService, type PublicationModel } from '../publications/publication.service';
import { AchievementModel } from './achievement.model';
import {
  presentAchievementDetail,
  presentAchievementItem,
  type AchievementLean,
} from './achievement.presenter';

const OWN_KEYS = [
  'summary',
  'detail',
  'maturity',
  'ip',
  'transferModes',
  'priceWan',
  'priceNegotiable',
] as const;

/** 科技成果: the shared publishing service with the achievement's own fields and filters. */
export const achievements = createPublicationService<
  AchievementLean,
  AchievementCreateInput,
  AchievementUpdateInput,
  AchievementListQuery,
  AchievementListItemView,
  AchievementDetailView
>({
  kind: 'achievement',
  noun: '成果',
  model: AchievementModel as unknown as PublicationModel,
  substantiveKeys: ['summary', 'detail', 'maturity', 'ip', 'transferModes'],
  searchTexts: (doc) => [doc.summary, doc.detail],
  stored(body) {
    const out: Record<string, unknown> = {};
    for (const key of OWN_KEYS) if (body[key] !== undefined) out[key] = body[key];
    // 面议 and a price exclude each other: setting one clears the other.
    if (body.priceNegotiable === true) out.priceWan = null;
    if (typeof body.priceWan === 'number') out.priceNegotiable = false;
    return out;
  },
  listFilter(query) {
    return {
      ...(query.maturity ? { maturity: query.maturity } : {}),
      ...(query.transferMode ? { transferModes: query.transferMode } : {}),
    };
  },
  presentItem: presentAchievementItem,
  presentDetail: presentAchievementDetail,
});
